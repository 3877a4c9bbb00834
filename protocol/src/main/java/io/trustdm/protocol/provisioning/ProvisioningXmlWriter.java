package io.trustdm.protocol.provisioning;

import java.nio.charset.StandardCharsets;

/**
 * Writes the XML form of a provisioning document: UTF-8, the XML declaration and the PROV 1.0 DOCTYPE line (Kannel's
 * {@code sendota} needs both to pick the OMA tables), two-space indentation. Attribute values escape
 * {@code & < > "} and also tab, LF and CR as character references, because an XML parser would otherwise normalise
 * them to spaces.
 */
public final class ProvisioningXmlWriter {
    private ProvisioningXmlWriter() {}

    public static byte[] write(ProvisioningDocument doc) {
        return writeString(doc).getBytes(StandardCharsets.UTF_8);
    }

    public static String writeString(ProvisioningDocument doc) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<!DOCTYPE wap-provisioningdoc PUBLIC \"")
                .append(ProvisioningDocument.FPI)
                .append("\" \"")
                .append(ProvisioningDocument.SYSTEM_ID)
                .append("\">\n");
        sb.append("<wap-provisioningdoc");
        if (doc.version() != null) {
            attribute(sb, "version", doc.version());
        }
        if (doc.characteristics().isEmpty()) {
            sb.append("/>\n");
            return sb.toString();
        }
        sb.append(">\n");
        for (Characteristic c : doc.characteristics()) {
            characteristic(sb, c, 1);
        }
        sb.append("</wap-provisioningdoc>\n");
        return sb.toString();
    }

    private static void characteristic(StringBuilder sb, Characteristic c, int depth) {
        indent(sb, depth);
        sb.append("<characteristic");
        attribute(sb, "type", c.type());
        if (c.children().isEmpty()) {
            sb.append("/>\n");
            return;
        }
        sb.append(">\n");
        for (ProvisioningElement e : c.children()) {
            if (e instanceof Parm p) {
                indent(sb, depth + 1);
                sb.append("<parm");
                attribute(sb, "name", p.name());
                if (p.value() != null) {
                    attribute(sb, "value", p.value());
                }
                sb.append("/>\n");
            } else {
                characteristic(sb, (Characteristic) e, depth + 1);
            }
        }
        indent(sb, depth);
        sb.append("</characteristic>\n");
    }

    private static void indent(StringBuilder sb, int depth) {
        sb.append("  ".repeat(depth));
    }

    private static void attribute(StringBuilder sb, String name, String value) {
        sb.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\t' -> sb.append("&#9;");
                case '\n' -> sb.append("&#10;");
                case '\r' -> sb.append("&#13;");
                default -> sb.append(ch);
            }
        }
        sb.append('"');
    }
}
