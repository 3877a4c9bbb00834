package io.trustdm.tree;

import io.trustdm.tree.acl.Acl;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

/**
 * A node the device itself creates with {@link ManagementTree#define}, with the attributes servers cannot set:
 * permanence and the DDF access types. Standard objects and plug-ins are built from these.
 *
 * @param interior    interior node (Format {@code node}) or leaf
 * @param format      the leaf's format; {@link NodeFormat#NODE} for interior nodes
 * @param type        MIME type of a leaf, MO identifier of an interior node, or empty
 * @param value       the leaf's value (UTF-8 for text formats); ignored for interior nodes
 * @param acl         the node's own ACL ({@link Acl#EMPTY}: inherit)
 * @param title       the Title property, or empty
 * @param permanent   servers cannot delete or rename the node
 * @param accessTypes the commands the node allows at all
 */
public record NodeDefinition(
        boolean interior,
        NodeFormat format,
        String type,
        byte[] value,
        Acl acl,
        String title,
        boolean permanent,
        Set<AccessType> accessTypes) {

    public NodeDefinition {
        Objects.requireNonNull(format, "format");
        type = type == null ? "" : type;
        value = interior ? null : (value == null ? new byte[0] : value.clone());
        acl = acl == null ? Acl.EMPTY : acl;
        title = title == null ? "" : title;
        accessTypes = Set.copyOf(accessTypes);
        if (interior != (format == NodeFormat.NODE)) {
            throw new IllegalArgumentException("interior nodes, and only they, have format node");
        }
    }

    /** A dynamic interior node with an optional MO identifier, open to every command. */
    public static NodeDefinition interior(String moIdentifier) {
        return new NodeDefinition(true, NodeFormat.NODE, moIdentifier, null, Acl.EMPTY, "", false, AccessType.all());
    }

    /** A dynamic leaf, open to every command. */
    public static NodeDefinition leaf(NodeFormat format, String mime, byte[] value) {
        return new NodeDefinition(false, format, mime, value, Acl.EMPTY, "", false, AccessType.all());
    }

    /** A dynamic {@code chr} leaf of type {@code text/plain}. */
    public static NodeDefinition text(String value) {
        return leaf(NodeFormat.CHR, "text/plain", value.getBytes(StandardCharsets.UTF_8));
    }

    public NodeDefinition withAcl(Acl a) {
        return new NodeDefinition(interior, format, type, value, a, title, permanent, accessTypes);
    }

    public NodeDefinition withTitle(String t) {
        return new NodeDefinition(interior, format, type, value, acl, t, permanent, accessTypes);
    }

    /** The same node, permanent: only the device can delete or rename it. */
    public NodeDefinition asPermanent() {
        return new NodeDefinition(interior, format, type, value, acl, title, true, accessTypes);
    }

    public NodeDefinition withAccessTypes(Set<AccessType> types) {
        return new NodeDefinition(interior, format, type, value, acl, title, permanent, types);
    }

    @Override
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeDefinition d
                && interior == d.interior
                && format == d.format
                && type.equals(d.type)
                && java.util.Arrays.equals(value, d.value)
                && acl.equals(d.acl)
                && title.equals(d.title)
                && permanent == d.permanent
                && accessTypes.equals(d.accessTypes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interior, format, type, acl, title, permanent, accessTypes)
                + java.util.Arrays.hashCode(value);
    }

    /** Never prints the value. */
    @Override
    public String toString() {
        return "NodeDefinition[" + format.wireName() + (permanent ? " permanent" : "") + " acl=" + acl + "]";
    }
}
