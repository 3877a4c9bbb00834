package io.trustdm.protocol.wbxml;

import io.trustdm.protocol.codec.DecodeLimits;
import io.trustdm.protocol.codec.ElementSource;
import io.trustdm.protocol.codec.MessageBinder;
import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.codec.Tag;
import io.trustdm.protocol.codec.WbxmlFormatException;
import io.trustdm.protocol.message.Element;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncMl;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes WBXML (versions 1.1, 1.2 and 1.3) holding a SyncML DM message or a DM DDF / TNDS document.
 *
 * <p>Accepted: the numeric public identifiers 0x1201 (SyncML 1.2), 0x0FD3 (SyncML 1.1) and 0x01 (unknown), or a
 * public identifier given as a string-table reference (with or without a terminating NUL, as Horde writes it);
 * charsets UTF-8, US-ASCII and "unknown" (taken as UTF-8); STR_I, STR_T, ENTITY and OPAQUE wherever text may appear;
 * LITERAL tags that name a known element; code pages 0, 1 and 2 switched at any point. Rejected with a
 * {@link WbxmlFormatException} naming the byte offset: anything else, truncation, invalid UTF-8, offsets or lengths
 * outside the input, and input beyond the {@link DecodeLimits}.
 *
 * <p>Instances are cheap and not thread-safe; the static methods create one per call.
 */
public final class WbxmlDecoder implements ElementSource {
    /** Public identifier of SyncML 1.2 (-//SYNCML//DTD SyncML 1.2//EN). */
    public static final int PUBLIC_ID_SYNCML_1_2 = 0x1201;

    public static final int PUBLIC_ID_SYNCML_1_1 = 0x0FD3;
    public static final String FPI_SYNCML_1_2 = "-//SYNCML//DTD SyncML 1.2//EN";
    public static final String FPI_SYNCML_1_1 = "-//SYNCML//DTD SyncML 1.1//EN";
    public static final String FPI_DM_DDF_1_2 = "-//OMA//DTD-DM-DDF 1.2//EN";

    private static final int SWITCH_PAGE = 0x00;
    private static final int END = 0x01;
    private static final int ENTITY = 0x02;
    private static final int STR_I = 0x03;
    private static final int LITERAL = 0x04;
    private static final int STR_T = 0x83;
    private static final int OPAQUE = 0xC3;

    private final byte[] in;
    private final int limit;
    private final DecodeLimits limits;
    private int pos;
    private int page;
    private byte[] stringTable = new byte[0];
    private long tableBytesUsed;
    private int version;
    private String publicId;
    private Tag[] stack = new Tag[16];
    private int depth;
    private boolean rootSeen;
    private Tag pendingEnd;
    private Tag tag;
    private String text;
    private byte[] opaque;
    private int eventStart;
    private CharsetDecoder utf8;

    private WbxmlDecoder(byte[] in, DecodeLimits limits) {
        this.in = in;
        this.limit = in.length;
        this.limits = limits;
        if (in.length > limits.maxMessageBytes()) {
            throw new WbxmlFormatException(
                    "message of " + in.length + " bytes exceeds the limit of " + limits.maxMessageBytes(),
                    0,
                    StatusCode.REQUEST_ENTITY_TOO_LARGE);
        }
        header();
    }

    /** Decodes one SyncML message with the default limits. */
    public static SyncMl decode(byte[] wbxml) {
        return decode(wbxml, DecodeLimits.DEFAULT);
    }

    public static SyncMl decode(byte[] wbxml, DecodeLimits limits) {
        WbxmlDecoder d = new WbxmlDecoder(wbxml, limits);
        return MessageBinder.bindMessage(d, limits);
    }

    /** Decodes a stand-alone DM DDF / TNDS document (root {@code MgmtTree}). */
    public static Element decodeDdf(byte[] wbxml, DecodeLimits limits) {
        WbxmlDecoder d = new WbxmlDecoder(wbxml, limits);
        return MessageBinder.bindDdfDocument(d, limits);
    }

    /** An element source over the document, for callers that walk the elements themselves. */
    public static ElementSource open(byte[] wbxml, DecodeLimits limits) {
        return new WbxmlDecoder(wbxml, limits);
    }

    /** The WBXML version byte of the decoded document (1 = 1.1, 2 = 1.2, 3 = 1.3). */
    public int version() {
        return version;
    }

    /** The public identifier as a formal public identifier string, or {@code 0x....} for numeric unknown ones. */
    public String publicId() {
        return publicId;
    }

    // ---- header

    private void header() {
        version = u8();
        if (version < 0x01 || version > 0x03) {
            throw new WbxmlFormatException(
                    "unsupported WBXML version 0x" + Integer.toHexString(version) + " (1.1 to 1.3 accepted)",
                    0,
                    StatusCode.UNSUPPORTED_MEDIA_TYPE);
        }
        int publicIdAt = pos;
        int pid = mbUInt32();
        int fpiIndex = -1;
        if (pid == 0) {
            fpiIndex = mbUInt32();
        }
        int charsetAt = pos;
        int charset = mbUInt32();
        if (charset != 106 && charset != 3 && charset != 0) {
            throw new WbxmlFormatException(
                    "unsupported charset MIBenum " + charset + " (UTF-8 expected)",
                    charsetAt,
                    StatusCode.UNSUPPORTED_MEDIA_TYPE);
        }
        int tableAt = pos;
        int tableLen = mbUInt32();
        if (tableLen > limits.maxStringTableBytes()) {
            throw new WbxmlFormatException(
                    "string table of " + tableLen + " bytes exceeds the limit of " + limits.maxStringTableBytes(),
                    tableAt,
                    StatusCode.REQUEST_ENTITY_TOO_LARGE);
        }
        if (tableLen > limit - pos) {
            throw new WbxmlFormatException(
                    "string table length " + tableLen + " runs past the end of the input",
                    tableAt,
                    StatusCode.BAD_REQUEST);
        }
        stringTable = new byte[tableLen];
        System.arraycopy(in, pos, stringTable, 0, tableLen);
        pos += tableLen;
        if (pid == 0) {
            publicId = tableString(fpiIndex, publicIdAt);
            if (!publicId.equals(FPI_SYNCML_1_2)
                    && !publicId.equals(FPI_SYNCML_1_1)
                    && !publicId.equals(FPI_DM_DDF_1_2)) {
                throw new WbxmlFormatException(
                        "not a SyncML DM document: public identifier '" + publicId + "'",
                        publicIdAt,
                        StatusCode.UNSUPPORTED_MEDIA_TYPE);
            }
        } else if (pid == PUBLIC_ID_SYNCML_1_2) {
            publicId = FPI_SYNCML_1_2;
        } else if (pid == PUBLIC_ID_SYNCML_1_1) {
            publicId = FPI_SYNCML_1_1;
        } else if (pid == 0x01) {
            publicId = "0x01";
        } else {
            throw new WbxmlFormatException(
                    "not a SyncML DM document: public identifier 0x" + Integer.toHexString(pid),
                    publicIdAt,
                    StatusCode.UNSUPPORTED_MEDIA_TYPE);
        }
    }

    // ---- primitives

    private WbxmlFormatException truncated(String what) {
        return new WbxmlFormatException("input ends inside " + what, pos, StatusCode.BAD_REQUEST);
    }

    private int u8() {
        if (pos >= limit) {
            throw truncated("the header");
        }
        return in[pos++] & 0xFF;
    }

    private int mbUInt32() {
        int start = pos;
        long v = 0;
        for (int i = 0; i < 5; i++) {
            if (pos >= limit) {
                throw truncated("a multi-byte integer");
            }
            int b = in[pos++] & 0xFF;
            v = (v << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                if (v > Integer.MAX_VALUE) {
                    throw new WbxmlFormatException("multi-byte integer too large", start, StatusCode.BAD_REQUEST);
                }
                return (int) v;
            }
        }
        throw new WbxmlFormatException("multi-byte integer longer than 5 bytes", start, StatusCode.BAD_REQUEST);
    }

    /** The NUL-terminated (or table-terminated, as Horde writes it) string at a string-table offset. */
    private String tableString(int offset, int at) {
        if (offset < 0 || offset >= stringTable.length) {
            throw new WbxmlFormatException(
                    "string table offset " + offset + " is outside the table of " + stringTable.length + " bytes",
                    at,
                    StatusCode.BAD_REQUEST);
        }
        int end = offset;
        while (end < stringTable.length && stringTable[end] != 0) {
            end++;
        }
        // Each two-byte reference can stand for a string as long as the table: bound what references expand to,
        // or a 4 MiB message could make gigabytes of text.
        tableBytesUsed += end - offset;
        if (tableBytesUsed > limits.maxMessageBytes()) {
            throw new WbxmlFormatException(
                    "string table references expand to more than " + limits.maxMessageBytes() + " bytes",
                    at,
                    StatusCode.REQUEST_ENTITY_TOO_LARGE);
        }
        return utf8(stringTable, offset, end - offset, at);
    }

    private String utf8(byte[] b, int off, int len, int at) {
        // The String constructor checks for ASCII with a vectorised intrinsic and decodes UTF-8 without a
        // CharBuffer, but replaces malformed input with U+FFFD instead of failing. So only a result holding U+FFFD
        // (rare: malformed input, or a real U+FFFD) goes to the strict decoder for its verdict.
        String fast = new String(b, off, len, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) {
            return fast;
        }
        if (utf8 == null) {
            utf8 = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            CharBuffer cb = utf8.reset().decode(ByteBuffer.wrap(b, off, len));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw new WbxmlFormatException("invalid UTF-8 in text", at, StatusCode.BAD_REQUEST);
        }
    }

    // ---- ElementSource

    @Override
    public Event next() {
        if (pendingEnd != null) {
            tag = pendingEnd;
            pendingEnd = null;
            return Event.END;
        }
        text = null;
        opaque = null;
        eventStart = pos;
        StringBuilder sb = null;
        // Adjacent OPAQUE and string tokens are gathered in one growing buffer: joining them pairwise would make
        // a message of many tiny pieces quadratic.
        ByteArrayOutputStream bytes = null;
        boolean haveText = false;
        while (true) {
            if (pos >= limit) {
                if (haveText) {
                    return finishText(sb, bytes);
                }
                if (depth > 0) {
                    throw new WbxmlFormatException(
                            "input ends with " + depth + " element(s) still open", pos, StatusCode.BAD_REQUEST);
                }
                if (!rootSeen) {
                    throw new WbxmlFormatException("document has no root element", pos, StatusCode.BAD_REQUEST);
                }
                return Event.EOF;
            }
            int at = pos;
            int b = in[pos] & 0xFF;
            switch (b) {
                case SWITCH_PAGE -> {
                    pos++;
                    if (pos >= limit) {
                        throw truncated("SWITCH_PAGE");
                    }
                    int p = in[pos++] & 0xFF;
                    if (p > Tag.PAGE_DDF) {
                        throw new WbxmlFormatException(
                                "unknown code page " + p + " (0 SyncML, 1 MetInf, 2 DM DDF)",
                                at,
                                StatusCode.BAD_REQUEST);
                    }
                    page = p;
                }
                case STR_I, STR_T, ENTITY, OPAQUE -> {
                    if (depth == 0) {
                        throw new WbxmlFormatException("text outside the root element", at, StatusCode.BAD_REQUEST);
                    }
                    pos++;
                    if (b == OPAQUE) {
                        int len = mbUInt32();
                        if (len > limit - pos) {
                            throw new WbxmlFormatException(
                                    "OPAQUE length " + len + " runs past the end of the input",
                                    at,
                                    StatusCode.BAD_REQUEST);
                        }
                        if (bytes == null) {
                            bytes = new ByteArrayOutputStream(Math.max(32, len));
                            if (haveText) {
                                bytes.writeBytes((sb != null ? sb.toString() : text).getBytes(StandardCharsets.UTF_8));
                            }
                        }
                        bytes.write(in, pos, len);
                        sb = null;
                        pos += len;
                    } else {
                        String s;
                        if (b == STR_I) {
                            int end = pos;
                            while (end < limit && in[end] != 0) {
                                end++;
                            }
                            if (end >= limit) {
                                throw truncated("an inline string");
                            }
                            s = utf8(in, pos, end - pos, at);
                            pos = end + 1;
                        } else if (b == STR_T) {
                            s = tableString(mbUInt32(), at);
                        } else {
                            int cp = mbUInt32();
                            // NUL is no character of XML text, and WBXML strings cannot carry it back.
                            if (cp == 0 || !Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
                                throw new WbxmlFormatException(
                                        "ENTITY " + cp + " is not a character", at, StatusCode.BAD_REQUEST);
                            }
                            s = new String(Character.toChars(cp));
                        }
                        if (bytes != null) {
                            bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                        } else if (!haveText) {
                            text = s;
                        } else {
                            if (sb == null) {
                                sb = new StringBuilder(text);
                            }
                            sb.append(s);
                        }
                    }
                    haveText = true;
                }
                default -> {
                    if (haveText) {
                        return finishText(sb, bytes);
                    }
                    return tagToken(b, at);
                }
            }
        }
    }

    private Event finishText(StringBuilder sb, ByteArrayOutputStream bytes) {
        if (bytes != null) {
            opaque = bytes.toByteArray();
            text = null;
        } else if (sb != null) {
            text = sb.toString();
        }
        return Event.TEXT;
    }

    private Event tagToken(int b, int at) {
        eventStart = at;
        pos++;
        if (b == END) {
            if (depth == 0) {
                throw new WbxmlFormatException("END without an open element", at, StatusCode.BAD_REQUEST);
            }
            tag = stack[--depth];
            return Event.END;
        }
        int token = b & 0x3F;
        Tag t;
        if (token == LITERAL) {
            if ((b & 0x80) != 0) {
                throw new WbxmlFormatException("attributes are not allowed in SyncML", at, StatusCode.BAD_REQUEST);
            }
            String name = tableString(mbUInt32(), at);
            t = Tag.byName(page, name);
            if (t == null) {
                throw new WbxmlFormatException(
                        "LITERAL tag '" + name + "' is not an element of code page " + page,
                        at,
                        StatusCode.BAD_REQUEST);
            }
        } else {
            if (b == 0x40 || b == 0x41 || b == 0x42 || b == 0x43 || b >= 0x80 && b <= 0x84 || b >= 0xC0 && b <= 0xC4) {
                throw new WbxmlFormatException(
                        "unsupported global token 0x" + Integer.toHexString(b), at, StatusCode.BAD_REQUEST);
            }
            if ((b & 0x80) != 0) {
                throw new WbxmlFormatException("attributes are not allowed in SyncML", at, StatusCode.BAD_REQUEST);
            }
            t = Tag.byToken(page, token);
            if (t == null) {
                throw new WbxmlFormatException(
                        "unknown tag token 0x" + Integer.toHexString(token) + " on code page " + page,
                        at,
                        StatusCode.BAD_REQUEST);
            }
        }
        if (depth == 0 && rootSeen) {
            throw new WbxmlFormatException("second root element " + t.xmlName(), at, StatusCode.BAD_REQUEST);
        }
        rootSeen = true;
        tag = t;
        if ((b & 0x40) != 0) {
            if (depth >= limits.maxDepth()) {
                throw new WbxmlFormatException(
                        "elements nested deeper than " + limits.maxDepth(), at, StatusCode.BAD_REQUEST);
            }
            if (depth == stack.length) {
                Tag[] bigger = new Tag[stack.length * 2];
                System.arraycopy(stack, 0, bigger, 0, depth);
                stack = bigger;
            }
            stack[depth++] = t;
        } else {
            pendingEnd = t;
        }
        return Event.START;
    }

    @Override
    public Tag tag() {
        return tag;
    }

    @Override
    public String text() {
        if (text == null && opaque != null) {
            String s = utf8(opaque, 0, opaque.length, eventStart);
            // Opaque bytes read as text must be text that WBXML strings and XML can carry again.
            if (s.indexOf('\0') >= 0) {
                throw new WbxmlFormatException("NUL character in opaque text", eventStart, StatusCode.BAD_REQUEST);
            }
            text = s;
        }
        return text;
    }

    @Override
    public byte[] opaque() {
        return opaque;
    }

    @Override
    public SyncMlFormatException error(String message, int status) {
        return new WbxmlFormatException(message, eventStart, status);
    }
}
