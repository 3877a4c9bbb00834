package io.trustdm.tree;

import io.trustdm.protocol.message.Element;
import io.trustdm.protocol.message.ItemData;
import java.nio.charset.StandardCharsets;

/**
 * What an Add or Replace item carries for a node: the Meta Format and Type as received (either may be {@code null})
 * and the Data (may be {@code null}). The tree validates it; nothing here is trusted.
 *
 * <p>Defaults: an Add without Format creates a {@code chr} leaf; a Replace without Format or Type keeps the node's
 * current ones. A Type of {@code application/vnd.syncml.dmtnds+xml} or {@code +wbxml} makes the Data a TNDS object
 * (markup, XML text or WBXML octets).
 */
public record NodeContent(String format, String type, ItemData data) {

    /** An interior node, optionally with an MO identifier as its Type. */
    public static NodeContent interior(String moIdentifier) {
        return new NodeContent(NodeFormat.NODE.wireName(), moIdentifier, null);
    }

    /** A leaf with a text value. */
    public static NodeContent leaf(NodeFormat format, String type, String value) {
        return new NodeContent(format.wireName(), type, value == null ? null : ItemData.text(value));
    }

    /** A {@code chr} leaf of type {@code text/plain}. */
    public static NodeContent text(String value) {
        return leaf(NodeFormat.CHR, "text/plain", value);
    }

    /** A {@code bin} leaf. */
    public static NodeContent binary(String type, byte[] value) {
        return new NodeContent(NodeFormat.BIN.wireName(), type, ItemData.opaque(value));
    }

    /** A TNDS object given as markup. */
    public static NodeContent tnds(Element mgmtTree) {
        return new NodeContent(NodeFormat.XML.wireName(), Tnds.MIME_XML, new ItemData.Markup(mgmtTree));
    }

    /** True when the Type announces a TNDS object. */
    public boolean isTnds() {
        return type != null
                && (type.strip().equals(Tnds.MIME_XML) || type.strip().equals(Tnds.MIME_WBXML));
    }

    /** The Data as octets: opaque bytes as they are, text as UTF-8, markup as its XML text; empty when absent. */
    byte[] octets() {
        if (data == null) {
            return new byte[0];
        }
        if (data instanceof ItemData.Opaque o) {
            return o.bytes();
        }
        return data.asText().getBytes(StandardCharsets.UTF_8);
    }

    /** Never prints the value: it may be a secret. */
    @Override
    public String toString() {
        return "NodeContent[format=" + format + ", type=" + type + ", data=" + (data == null ? "none" : "present")
                + "]";
    }
}
