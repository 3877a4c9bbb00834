package io.trustdm.protocol.provisioning;

import io.trustdm.protocol.provisioning.ProvisioningTokens.PageToken;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a {@link ProvisioningDocument} as WBXML 1.3, public identifier 0x0B (PROV 1.0), UTF-8.
 *
 * <p>The output follows libwbxml's choices, so that for documents whose values contain no token text other than as
 * the whole value it is byte-identical to {@code xml2wbxml -n}: tags on code page 0; an attribute whose whole value
 * has an attribute-start token ({@code name="APPID"}) is that one token; otherwise the bare attribute token followed
 * by the value; a value equal to an attribute-value token ({@code APPSRV}) is that token, else an inline string;
 * page-0 tokens are preferred where both pages have one; the attribute code page is switched only when the next
 * token needs it (so {@code AAUTHLEVEL=APPSRV} is {@code 87 30 00 00 06 00 01 8d}). Names and values outside the
 * vocabulary are written as inline strings, so nothing is lost. Unlike libwbxml it never splits a value around token
 * text inside it ({@code "aMANb"} stays one string) nor uses a token whose text is only a prefix of the value.
 */
public final class ProvisioningWbxmlEncoder {
    private static final int SWITCH_PAGE = 0x00;
    private static final int END = 0x01;
    private static final int STR_I = 0x03;
    private static final int STR_T = 0x83;
    private static final int HAS_ATTRIBUTES = 0x80;
    private static final int HAS_CONTENT = 0x40;

    /**
     * @param stringTable put values that occur at least twice and are longer than 3 bytes into the string table and
     *     refer to them with STR_T (saves octets in an SMS); off by default, which matches {@code xml2wbxml -n}.
     *     libwbxml's string table also collects repeated words and refers to table strings inside longer values; this
     *     one only takes whole values, so the two agree when no value contains another value or a repeated word
     */
    public record Options(boolean stringTable) {
        public static final Options DEFAULT = new Options(false);

        public Options withStringTable(boolean v) {
            return new Options(v);
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private final Map<String, Integer> table;
    private int attrPage;

    private ProvisioningWbxmlEncoder(Map<String, Integer> table) {
        this.table = table;
    }

    public static byte[] encode(ProvisioningDocument doc) {
        return encode(doc, Options.DEFAULT);
    }

    public static byte[] encode(ProvisioningDocument doc, Options options) {
        Map<String, Integer> table = options.stringTable() ? buildTable(doc) : Map.of();
        ProvisioningWbxmlEncoder e = new ProvisioningWbxmlEncoder(table);
        e.header();
        e.document(doc);
        return e.out.toByteArray();
    }

    private void header() {
        out.write(0x03); // WBXML 1.3
        out.write(ProvisioningDocument.PUBLIC_ID);
        out.write(0x6A); // UTF-8
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        for (String s : table.keySet()) {
            t.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            t.write(0);
        }
        mbUInt32(t.size());
        out.writeBytes(t.toByteArray());
    }

    private void document(ProvisioningDocument doc) {
        boolean content = !doc.characteristics().isEmpty();
        int tag = ProvisioningTokens.TAG_WAP_PROVISIONINGDOC | (content ? HAS_CONTENT : 0);
        if (doc.version() != null) {
            out.write(tag | HAS_ATTRIBUTES);
            attribute(ProvisioningTokens.ATTR_VERSION, doc.version());
            out.write(END);
        } else {
            out.write(tag);
        }
        for (Characteristic c : doc.characteristics()) {
            characteristic(c);
        }
        if (content) {
            out.write(END);
        }
    }

    private void characteristic(Characteristic c) {
        boolean content = !c.children().isEmpty();
        out.write(ProvisioningTokens.TAG_CHARACTERISTIC | HAS_ATTRIBUTES | (content ? HAS_CONTENT : 0));
        attribute(ProvisioningTokens.ATTR_TYPE, c.type());
        out.write(END);
        for (ProvisioningElement e : c.children()) {
            if (e instanceof Parm p) {
                parm(p);
            } else {
                characteristic((Characteristic) e);
            }
        }
        if (content) {
            out.write(END);
        }
    }

    private void parm(Parm p) {
        out.write(ProvisioningTokens.TAG_PARM | HAS_ATTRIBUTES);
        attribute(ProvisioningTokens.ATTR_NAME, p.name());
        if (p.value() != null) {
            attribute(ProvisioningTokens.ATTR_VALUE, p.value());
        }
        out.write(END);
    }

    private void attribute(String attribute, String value) {
        PageToken whole = value.isEmpty() ? null : ProvisioningTokens.encodeStart(attribute, value);
        if (whole != null) {
            token(whole);
            return;
        }
        token(ProvisioningTokens.encodeStart(attribute, ""));
        if (value.isEmpty()) {
            return;
        }
        PageToken v = ProvisioningTokens.encodeValue(value);
        if (v != null) {
            token(v);
            return;
        }
        Integer offset = table.get(value);
        if (offset != null) {
            out.write(STR_T);
            mbUInt32(offset);
            return;
        }
        out.write(STR_I);
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    private void token(PageToken t) {
        if (t.page() != attrPage) {
            out.write(SWITCH_PAGE);
            out.write(t.page());
            attrPage = t.page();
        }
        out.write(t.token());
    }

    private void mbUInt32(int v) {
        int shift = 28;
        while (shift > 0 && (v >>> shift) == 0) {
            shift -= 7;
        }
        for (; shift > 0; shift -= 7) {
            out.write(((v >>> shift) & 0x7F) | 0x80);
        }
        out.write(v & 0x7F);
    }

    /** Values written as strings that occur twice or more and are longer than 3 bytes, in first-occurrence order. */
    private static Map<String, Integer> buildTable(ProvisioningDocument doc) {
        List<String> strings = new ArrayList<>();
        if (doc.version() != null) {
            collect(ProvisioningTokens.ATTR_VERSION, doc.version(), strings);
        }
        for (Characteristic c : doc.characteristics()) {
            collect(c, strings);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (String s : strings) {
            counts.merge(s, 1, Integer::sum);
        }
        Map<String, Integer> table = new LinkedHashMap<>();
        int offset = 0;
        for (String s : strings) {
            int len = s.getBytes(StandardCharsets.UTF_8).length;
            if (counts.get(s) > 1 && len > 3 && !table.containsKey(s)) {
                table.put(s, offset);
                offset += len + 1;
            }
        }
        return table;
    }

    private static void collect(Characteristic c, List<String> strings) {
        collect(ProvisioningTokens.ATTR_TYPE, c.type(), strings);
        for (ProvisioningElement e : c.children()) {
            if (e instanceof Parm p) {
                collect(ProvisioningTokens.ATTR_NAME, p.name(), strings);
                if (p.value() != null) {
                    collect(ProvisioningTokens.ATTR_VALUE, p.value(), strings);
                }
            } else {
                collect((Characteristic) e, strings);
            }
        }
    }

    private static void collect(String attribute, String value, List<String> strings) {
        if (!value.isEmpty()
                && ProvisioningTokens.encodeStart(attribute, value) == null
                && ProvisioningTokens.encodeValue(value) == null) {
            strings.add(value);
        }
    }
}
