package io.trustdm.tree;

import io.trustdm.tree.acl.Acl;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A read-only copy of one node as the device sees it: structure, every property and the stored value. It is taken
 * without any ACL check, so it is for device code only (the session engine reading DMAcc credentials, persistence);
 * servers read through {@link ManagementTree#get}. {@link #toString()} never shows the value.
 *
 * @param uri         the node
 * @param format      {@link NodeFormat#NODE} for interior nodes
 * @param type        MIME type (leaf) or MO identifier (interior), empty when unset
 * @param acl         the node's own ACL, {@link Acl#EMPTY} when it inherits
 * @param title       the Title property, empty when unset
 * @param tstamp      time of the last change
 * @param verNo       version number, 0..65535
 * @param permanent   created by the device; servers cannot delete or rename it
 * @param accessTypes commands the node's object allows at all
 * @param children    child names in creation order (empty for leaves)
 * @param value       stored value, UTF-8 for text formats; {@code null} for interior nodes
 */
public record NodeSnapshot(
        DmUri uri,
        NodeFormat format,
        String type,
        Acl acl,
        String title,
        Instant tstamp,
        int verNo,
        boolean permanent,
        Set<AccessType> accessTypes,
        List<String> children,
        byte[] value) {

    public NodeSnapshot {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(format, "format");
        accessTypes = Set.copyOf(accessTypes);
        children = List.copyOf(children);
        value = value == null ? null : value.clone();
    }

    public boolean isInterior() {
        return format == NodeFormat.NODE;
    }

    /** A copy of the stored value; {@code null} for interior nodes. */
    @Override
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    /** The stored value as UTF-8 text; {@code null} for interior nodes. */
    public String valueText() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** Size property: octets of the value; {@code null} for interior nodes, which have no Size. */
    public Integer size() {
        return value == null ? null : value.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeSnapshot s
                && uri.equals(s.uri)
                && format == s.format
                && type.equals(s.type)
                && acl.equals(s.acl)
                && title.equals(s.title)
                && tstamp.equals(s.tstamp)
                && verNo == s.verNo
                && permanent == s.permanent
                && accessTypes.equals(s.accessTypes)
                && children.equals(s.children)
                && java.util.Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri, format, type, acl, title, tstamp, verNo, children) * 31
                + java.util.Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "NodeSnapshot[" + uri + " " + format.wireName() + (type.isEmpty() ? "" : " " + type) + " acl=" + acl
                + (value == null ? " children=" + children : " size=" + value.length) + "]";
    }
}
