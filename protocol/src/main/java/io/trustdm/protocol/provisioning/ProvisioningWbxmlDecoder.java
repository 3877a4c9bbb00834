package io.trustdm.protocol.provisioning;

import io.trustdm.protocol.codec.DecodeLimits;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.provisioning.ProvisioningTokens.AttrStart;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a WBXML (1.1 to 1.3) provisioning document.
 *
 * <p>Accepted: public identifier 0x0B, 0x01 (unknown) or the string {@value ProvisioningDocument#FPI} from the string
 * table; charsets UTF-8, US-ASCII, ISO-8859-1 and "unknown" (read as UTF-8); the PROV tag and attribute tokens of
 * code pages 0 and 1 with the attribute page switched at any point (libwbxml switches back to page 0 for
 * {@code value=}, Kannel stays on page 1: both decode); attribute values made of any sequence of STR_I, STR_T,
 * ENTITY, OPAQUE (read as text in the document charset) and attribute-value tokens, appended to the value prefix of
 * the attribute-start token; LITERAL tags and attributes that name PROV elements and attributes; whitespace-only text
 * between elements.
 *
 * <p>Everything else ends in a {@link ProvisioningFormatException} with the byte offset: truncation at any point,
 * unknown tokens or code pages, extension tokens, processing instructions, text in elements, attributes that PROV
 * does not define on the element, repeated attributes, a characteristic without {@code type} or a parm without
 * {@code name}, parm content, string-table references outside the table, invalid UTF-8, characters XML cannot carry,
 * and input beyond the {@link DecodeLimits} (size, nesting depth, element count, string table; the text produced by
 * string-table references is bounded by the message size limit too, so a few bytes of STR_T cannot expand into
 * gigabytes).
 */
public final class ProvisioningWbxmlDecoder {
    private static final int SWITCH_PAGE = 0x00;
    private static final int END = 0x01;
    private static final int ENTITY = 0x02;
    private static final int STR_I = 0x03;
    private static final int LITERAL = 0x04;
    private static final int PI = 0x43;
    private static final int STR_T = 0x83;
    private static final int OPAQUE = 0xC3;

    private static final int CHARSET_UNKNOWN = 0;
    private static final int CHARSET_US_ASCII = 3;
    private static final int CHARSET_ISO_8859_1 = 4;
    private static final int CHARSET_UTF_8 = 106;

    private final byte[] in;
    private final DecodeLimits limits;
    private int pos;
    private int charset;
    private byte[] stringTable = new byte[0];
    private int tagPage;
    private int attrPage;
    private int elements;
    private long textBudget;

    private ProvisioningWbxmlDecoder(byte[] in, DecodeLimits limits) {
        this.in = in;
        this.limits = limits;
        this.textBudget = limits.maxMessageBytes();
    }

    public static ProvisioningDocument decode(byte[] wbxml) {
        return decode(wbxml, DecodeLimits.DEFAULT);
    }

    public static ProvisioningDocument decode(byte[] wbxml, DecodeLimits limits) {
        if (wbxml.length > limits.maxMessageBytes()) {
            throw ProvisioningFormatException.atByte(
                    "document of " + wbxml.length + " bytes exceeds the limit of " + limits.maxMessageBytes(),
                    0,
                    StatusCode.REQUEST_ENTITY_TOO_LARGE);
        }
        ProvisioningWbxmlDecoder d = new ProvisioningWbxmlDecoder(wbxml, limits);
        try {
            d.header();
            return d.body();
        } catch (IllegalArgumentException e) {
            // the model refused a value the checks above let through; still a typed error
            throw ProvisioningFormatException.atByte("invalid document content", d.pos, StatusCode.BAD_REQUEST);
        }
    }

    // ---- header

    private void header() {
        int version = u8("the header");
        if (version < 0x01 || version > 0x03) {
            throw error(
                    "unsupported WBXML version 0x" + Integer.toHexString(version),
                    0,
                    StatusCode.UNSUPPORTED_MEDIA_TYPE);
        }
        int publicIdAt = pos;
        int publicId = mbUInt32();
        int fpiIndex = publicId == 0 ? mbUInt32() : -1;
        int charsetAt = pos;
        charset = mbUInt32();
        if (charset != CHARSET_UTF_8
                && charset != CHARSET_US_ASCII
                && charset != CHARSET_ISO_8859_1
                && charset != CHARSET_UNKNOWN) {
            throw error("unsupported charset MIBenum " + charset, charsetAt, StatusCode.UNSUPPORTED_MEDIA_TYPE);
        }
        int tableAt = pos;
        int tableLength = mbUInt32();
        if (tableLength > limits.maxStringTableBytes()) {
            throw error(
                    "string table of " + tableLength + " bytes exceeds the limit of " + limits.maxStringTableBytes(),
                    tableAt,
                    StatusCode.REQUEST_ENTITY_TOO_LARGE);
        }
        if (tableLength > in.length - pos) {
            throw error("string table runs past the end of the input", tableAt, StatusCode.BAD_REQUEST);
        }
        stringTable = new byte[tableLength];
        System.arraycopy(in, pos, stringTable, 0, tableLength);
        pos += tableLength;
        if (publicId == 0) {
            String fpi = tableString(fpiIndex, publicIdAt);
            if (!fpi.equals(ProvisioningDocument.FPI)) {
                throw error(
                        "not a PROV 1.0 document (public identifier string)",
                        publicIdAt,
                        StatusCode.UNSUPPORTED_MEDIA_TYPE);
            }
        } else if (publicId != ProvisioningDocument.PUBLIC_ID && publicId != 0x01) {
            throw error(
                    "not a PROV 1.0 document: public identifier 0x" + Integer.toHexString(publicId),
                    publicIdAt,
                    StatusCode.UNSUPPORTED_MEDIA_TYPE);
        }
    }

    // ---- body

    /** An element being read: its name, attributes as they arrive, children. */
    private static final class Open {
        final String name;
        final int at;
        String version;
        String type;
        String parmName;
        String parmValue;
        final List<ProvisioningElement> children = new ArrayList<>();
        final List<Characteristic> characteristics = new ArrayList<>();

        Open(String name, int at) {
            this.name = name;
            this.at = at;
        }
    }

    private ProvisioningDocument body() {
        List<Open> stack = new ArrayList<>();
        ProvisioningDocument result = null;
        while (true) {
            if (pos >= in.length) {
                if (result != null) {
                    return result;
                }
                throw error(
                        stack.isEmpty() ? "document has no root element" : "input ends inside an element",
                        pos,
                        StatusCode.BAD_REQUEST);
            }
            int at = pos;
            int b = in[pos++] & 0xFF;
            if (result != null) {
                throw error("data after the root element", at, StatusCode.BAD_REQUEST);
            }
            switch (b) {
                case SWITCH_PAGE -> {
                    int p = u8("SWITCH_PAGE");
                    if (p > 1) {
                        throw error("unknown tag code page " + p, at, StatusCode.BAD_REQUEST);
                    }
                    tagPage = p;
                }
                case END -> {
                    if (stack.isEmpty()) {
                        throw error("END without an open element", at, StatusCode.BAD_REQUEST);
                    }
                    Open done = stack.remove(stack.size() - 1);
                    ProvisioningDocument doc = close(done, stack.isEmpty() ? null : stack.get(stack.size() - 1));
                    if (doc != null) {
                        result = doc;
                    }
                }
                case STR_I, STR_T, ENTITY, OPAQUE -> {
                    pos = at;
                    String text = textPart(at, "element content");
                    if (stack.isEmpty() || !text.isBlank()) {
                        throw error("text is not allowed here", at, StatusCode.BAD_REQUEST);
                    }
                }
                case PI -> throw error("processing instructions are not supported", at, StatusCode.BAD_REQUEST);
                default -> {
                    Open parent = stack.isEmpty() ? null : stack.get(stack.size() - 1);
                    Open e = startTag(b, at, parent, stack.size());
                    if ((b & 0x40) != 0) {
                        stack.add(e);
                    } else {
                        ProvisioningDocument doc = close(e, parent);
                        if (doc != null) {
                            result = doc;
                        }
                    }
                }
            }
        }
    }

    private Open startTag(int b, int at, Open parent, int depth) {
        String name;
        if ((b & 0x3F) == LITERAL) {
            name = tableString(mbUInt32(), at);
        } else if (b == 0x40 || b == 0x41 || b == 0x42 || b >= 0x80 && b <= 0x82 || b >= 0xC0 && b <= 0xC2) {
            throw error("extension tokens are not supported", at, StatusCode.BAD_REQUEST);
        } else {
            name = tagName(tagPage, b & 0x3F);
            if (name == null) {
                throw error(
                        "unknown tag token 0x" + Integer.toHexString(b & 0x3F) + " on code page " + tagPage,
                        at,
                        StatusCode.BAD_REQUEST);
            }
        }
        boolean rootName = name.equals("wap-provisioningdoc");
        if (parent == null ? !rootName : !name.equals("characteristic") && !name.equals("parm")) {
            throw error(
                    parent == null
                            ? "root element is not wap-provisioningdoc"
                            : "element " + name + " is not allowed here",
                    at,
                    StatusCode.BAD_REQUEST);
        }
        if (parent != null && name.equals("parm") && parent.name.equals("wap-provisioningdoc")) {
            throw error("parm directly inside wap-provisioningdoc", at, StatusCode.BAD_REQUEST);
        }
        if (parent != null && parent.name.equals("parm")) {
            throw error("parm cannot have content", at, StatusCode.BAD_REQUEST);
        }
        if ((b & 0x40) != 0 && depth + 1 > limits.maxDepth()) {
            throw error("elements nested deeper than " + limits.maxDepth(), at, StatusCode.BAD_REQUEST);
        }
        if (++elements > limits.maxElements()) {
            throw error("more than " + limits.maxElements() + " elements", at, StatusCode.REQUEST_ENTITY_TOO_LARGE);
        }
        Open e = new Open(name, at);
        if ((b & 0x80) != 0) {
            attributes(e);
        }
        return e;
    }

    private static String tagName(int page, int token) {
        if (page == 0 && token == ProvisioningTokens.TAG_WAP_PROVISIONINGDOC) {
            return "wap-provisioningdoc";
        }
        if (token == ProvisioningTokens.TAG_CHARACTERISTIC) {
            return "characteristic";
        }
        if (token == ProvisioningTokens.TAG_PARM) {
            return "parm";
        }
        return null;
    }

    private void attributes(Open e) {
        String attribute = null;
        int attributeAt = -1;
        StringBuilder value = null;
        while (true) {
            int at = pos;
            int b = u8("an attribute list");
            if (b == END || b < 0x80 && b != SWITCH_PAGE && b != STR_I && b != ENTITY && !isGlobalExt(b)) {
                if (attribute != null) {
                    assign(e, attribute, value.toString(), attributeAt);
                }
                if (b == END) {
                    return;
                }
                AttrStart start;
                if (b == LITERAL) {
                    String name = tableString(mbUInt32(), at);
                    start = new AttrStart(name, "");
                } else {
                    start = ProvisioningTokens.attrStart(attrPage, b);
                    if (start == null) {
                        throw error(
                                "unknown attribute token 0x" + Integer.toHexString(b) + " on code page " + attrPage,
                                at,
                                StatusCode.BAD_REQUEST);
                    }
                }
                attribute = start.attribute();
                attributeAt = at;
                value = new StringBuilder(start.prefix());
                continue;
            }
            if (b == SWITCH_PAGE) {
                int p = u8("SWITCH_PAGE");
                if (p > 1) {
                    throw error("unknown attribute code page " + p, at, StatusCode.BAD_REQUEST);
                }
                attrPage = p;
                continue;
            }
            if (isGlobalExt(b)) {
                throw error(
                        b == PI ? "processing instructions are not supported" : "extension tokens are not supported",
                        at,
                        StatusCode.BAD_REQUEST);
            }
            if (attribute == null) {
                throw error("attribute value before any attribute name", at, StatusCode.BAD_REQUEST);
            }
            String part;
            if (b == STR_I || b == STR_T || b == ENTITY || b == OPAQUE) {
                pos = at;
                part = textPart(at, "an attribute value");
            } else {
                part = ProvisioningTokens.attrValue(attrPage, b);
                if (part == null) {
                    throw error(
                            "unknown attribute value token 0x" + Integer.toHexString(b) + " on code page " + attrPage,
                            at,
                            StatusCode.BAD_REQUEST);
                }
                spend(part.length(), at);
            }
            value.append(part);
        }
    }

    private static boolean isGlobalExt(int b) {
        return b >= 0x40 && b <= 0x43 || b >= 0x80 && b <= 0x82 || b >= 0xC0 && b <= 0xC2;
    }

    private void assign(Open e, String attribute, String value, int at) {
        int bad = XmlText.firstInvalid(value);
        if (bad >= 0 || XmlText.firstInvalid(attribute) >= 0) {
            throw error(
                    "attribute " + safeName(attribute) + " holds a character XML cannot carry",
                    at,
                    StatusCode.BAD_REQUEST);
        }
        boolean duplicate;
        switch (e.name) {
            case "wap-provisioningdoc" -> {
                requireAttribute(attribute, ProvisioningTokens.ATTR_VERSION, e, at);
                duplicate = e.version != null;
                e.version = value;
            }
            case "characteristic" -> {
                requireAttribute(attribute, ProvisioningTokens.ATTR_TYPE, e, at);
                duplicate = e.type != null;
                e.type = value;
            }
            default -> {
                if (attribute.equals(ProvisioningTokens.ATTR_NAME)) {
                    duplicate = e.parmName != null;
                    e.parmName = value;
                } else if (attribute.equals(ProvisioningTokens.ATTR_VALUE)) {
                    duplicate = e.parmValue != null;
                    e.parmValue = value;
                } else {
                    throw error(
                            "attribute " + safeName(attribute) + " is not allowed on parm", at, StatusCode.BAD_REQUEST);
                }
            }
        }
        if (duplicate) {
            throw error("attribute " + attribute + " repeated on " + e.name, at, StatusCode.BAD_REQUEST);
        }
    }

    private void requireAttribute(String attribute, String expected, Open e, int at) {
        if (!attribute.equals(expected)) {
            throw error(
                    "attribute " + safeName(attribute) + " is not allowed on " + e.name, at, StatusCode.BAD_REQUEST);
        }
    }

    /** Attribute names from LITERAL tokens come from the peer; show them only when short and printable. */
    private static String safeName(String s) {
        return s.length() <= 32 && s.chars().allMatch(c -> c > 0x20 && c < 0x7F) ? s : "(unprintable)";
    }

    /** Finishes an element; returns the document when the root closes. */
    private ProvisioningDocument close(Open e, Open parent) {
        switch (e.name) {
            case "wap-provisioningdoc" -> {
                return new ProvisioningDocument(e.version, e.characteristics);
            }
            case "characteristic" -> {
                if (e.type == null) {
                    throw error("characteristic without type", e.at, StatusCode.BAD_REQUEST);
                }
                Characteristic c = new Characteristic(e.type, e.children);
                if (parent.name.equals("wap-provisioningdoc")) {
                    parent.characteristics.add(c);
                } else {
                    parent.children.add(c);
                }
                return null;
            }
            default -> {
                if (e.parmName == null) {
                    throw error("parm without name", e.at, StatusCode.BAD_REQUEST);
                }
                parent.children.add(new Parm(e.parmName, e.parmValue));
                return null;
            }
        }
    }

    // ---- text

    /** One STR_I, STR_T, ENTITY or OPAQUE starting at {@code pos}. */
    private String textPart(int at, String where) {
        int b = in[pos++] & 0xFF;
        String s;
        switch (b) {
            case STR_I -> {
                int end = pos;
                while (end < in.length && in[end] != 0) {
                    end++;
                }
                if (end >= in.length) {
                    pos = in.length;
                    throw truncated("an inline string in " + where);
                }
                s = text(in, pos, end - pos, at);
                pos = end + 1;
            }
            case STR_T -> {
                int offset = mbUInt32();
                s = tableString(offset, at);
            }
            case ENTITY -> {
                int cp = mbUInt32();
                if (!Character.isValidCodePoint(cp) || cp >= 0xD800 && cp <= 0xDFFF) {
                    throw error("ENTITY " + cp + " is not a character", at, StatusCode.BAD_REQUEST);
                }
                s = new String(Character.toChars(cp));
            }
            default -> {
                int length = mbUInt32();
                if (length > in.length - pos) {
                    throw error("OPAQUE runs past the end of the input", at, StatusCode.BAD_REQUEST);
                }
                s = text(in, pos, length, at);
                pos += length;
            }
        }
        spend(s.length(), at);
        return s;
    }

    private void spend(int chars, int at) {
        textBudget -= chars;
        if (textBudget < 0) {
            throw error(
                    "decoded text exceeds the limit of " + limits.maxMessageBytes() + " characters",
                    at,
                    StatusCode.REQUEST_ENTITY_TOO_LARGE);
        }
    }

    private String tableString(int offset, int at) {
        if (offset < 0 || offset >= stringTable.length) {
            throw error("string table reference outside the table", at, StatusCode.BAD_REQUEST);
        }
        int end = offset;
        while (end < stringTable.length && stringTable[end] != 0) {
            end++;
        }
        return text(stringTable, offset, end - offset, at);
    }

    private String text(byte[] b, int off, int len, int at) {
        if (charset == CHARSET_ISO_8859_1) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw error("invalid UTF-8 in a string", at, StatusCode.BAD_REQUEST);
        }
    }

    // ---- primitives

    private int u8(String where) {
        if (pos >= in.length) {
            throw truncated(where);
        }
        return in[pos++] & 0xFF;
    }

    private int mbUInt32() {
        int start = pos;
        long v = 0;
        for (int i = 0; i < 5; i++) {
            int b = u8("a multi-byte integer");
            v = (v << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                if (v > Integer.MAX_VALUE) {
                    throw error("multi-byte integer too large", start, StatusCode.BAD_REQUEST);
                }
                return (int) v;
            }
        }
        throw error("multi-byte integer longer than 5 bytes", start, StatusCode.BAD_REQUEST);
    }

    private ProvisioningFormatException truncated(String where) {
        return error("input ends inside " + where, pos, StatusCode.BAD_REQUEST);
    }

    private static ProvisioningFormatException error(String message, int at, int status) {
        return ProvisioningFormatException.atByte(message, at, status);
    }
}
