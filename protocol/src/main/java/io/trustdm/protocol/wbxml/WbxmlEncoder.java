package io.trustdm.protocol.wbxml;

import io.trustdm.protocol.codec.ElementSink;
import io.trustdm.protocol.codec.MessageEmitter;
import io.trustdm.protocol.codec.Tag;
import io.trustdm.protocol.message.Element;
import io.trustdm.protocol.message.SyncMl;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes a SyncML DM message (or a DM DDF document) as WBXML.
 *
 * <p>By default it writes what interoperates most widely: WBXML 1.2, numeric public identifier 0x1201, UTF-8, no
 * string table, all text as STR_I, opaque Item data as OPAQUE, and code-page switches only before a tag on another
 * page. {@link Options} selects the string-table form of the public identifier (as Motorola- and Samsung-derived
 * clients write it) and a string table for repeated strings (as libwbxml writes it).
 */
public final class WbxmlEncoder implements ElementSink {

    /**
     * Encoder choices.
     *
     * @param version             WBXML version byte: 1, 2 or 3
     * @param stringTablePublicId write the public identifier as a string-table reference instead of 0x1201
     * @param stringTable         put strings that occur twice or more (3 bytes or longer) in the string table
     */
    public record Options(int version, boolean stringTablePublicId, boolean stringTable) {
        public static final Options DEFAULT = new Options(2, false, false);

        public Options {
            if (version < 1 || version > 3) {
                throw new IllegalArgumentException("WBXML version must be 1, 2 or 3, not " + version);
            }
        }

        public Options withVersion(int v) {
            return new Options(v, stringTablePublicId, stringTable);
        }

        public Options withStringTablePublicId(boolean v) {
            return new Options(version, v, stringTable);
        }

        public Options withStringTable(boolean v) {
            return new Options(version, stringTablePublicId, v);
        }
    }

    private byte[] buf;
    private int len;
    private int page;
    private final Map<String, Integer> table;

    private WbxmlEncoder(int capacity, Map<String, Integer> table) {
        this.buf = new byte[capacity];
        this.table = table;
    }

    /** Encodes with the default options. */
    public static byte[] encode(SyncMl msg) {
        return encode(msg, Options.DEFAULT);
    }

    public static byte[] encode(SyncMl msg, Options options) {
        Map<String, Integer> table = Map.of();
        byte[] tableBytes = new byte[0];
        if (options.stringTable() || options.stringTablePublicId()) {
            StringCounter counter = new StringCounter();
            if (options.stringTable()) {
                MessageEmitter.emit(msg, counter);
            }
            Object[] built = buildTable(counter, options.stringTablePublicId() ? WbxmlDecoder.FPI_SYNCML_1_2 : null);
            @SuppressWarnings("unchecked")
            Map<String, Integer> t = (Map<String, Integer>) built[0];
            table = t;
            tableBytes = (byte[]) built[1];
        }
        // 1 KiB holds all but the largest corpus messages, so most encodes never grow the buffer.
        WbxmlEncoder e = new WbxmlEncoder(1024 + tableBytes.length, table);
        e.header(options, WbxmlDecoder.PUBLIC_ID_SYNCML_1_2, tableBytes);
        MessageEmitter.emit(msg, e);
        return Arrays.copyOf(e.buf, e.len);
    }

    /** Encodes a stand-alone DM DDF / TNDS document; its public identifier is always the DDF FPI. */
    public static byte[] encodeDdf(Element root, Options options) {
        Object[] built = buildTable(new StringCounter(), WbxmlDecoder.FPI_DM_DDF_1_2);
        @SuppressWarnings("unchecked")
        Map<String, Integer> t = (Map<String, Integer>) built[0];
        byte[] tableBytes = (byte[]) built[1];
        WbxmlEncoder e = new WbxmlEncoder(256 + tableBytes.length, t);
        e.header(options.withStringTablePublicId(true), 0, tableBytes);
        MessageEmitter.emit(root, e);
        return Arrays.copyOf(e.buf, e.len);
    }

    private static Object[] buildTable(StringCounter counter, String fpi) {
        Map<String, Integer> offsets = new HashMap<>();
        byte[] bytes = new byte[64];
        int n = 0;
        if (fpi != null) {
            byte[] f = fpi.getBytes(StandardCharsets.UTF_8);
            bytes = grow(bytes, n, f.length + 1);
            System.arraycopy(f, 0, bytes, n, f.length);
            n += f.length + 1;
        }
        for (Map.Entry<String, Integer> e : counter.counts.entrySet()) {
            String s = e.getKey();
            if (e.getValue() < 2 || s.indexOf('\0') >= 0) {
                continue;
            }
            byte[] u = strictUtf8(s, 0);
            if (u.length < 3) {
                continue;
            }
            offsets.put(s, n);
            bytes = grow(bytes, n, u.length + 1);
            System.arraycopy(u, 0, bytes, n, u.length);
            n += u.length + 1;
        }
        return new Object[] {offsets, Arrays.copyOf(bytes, n)};
    }

    private static byte[] grow(byte[] b, int used, int extra) {
        if (used + extra <= b.length) {
            return b;
        }
        return Arrays.copyOf(b, Math.max(b.length * 2, used + extra));
    }

    private void header(Options options, int numericPublicId, byte[] tableBytes) {
        put(options.version());
        if (options.stringTablePublicId()) {
            put(0);
            mbUInt32(0); // the FPI is the first string-table entry
        } else {
            mbUInt32(numericPublicId);
        }
        put(0x6A); // UTF-8
        mbUInt32(tableBytes.length);
        ensure(tableBytes.length);
        System.arraycopy(tableBytes, 0, buf, len, tableBytes.length);
        len += tableBytes.length;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    private void put(int b) {
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[len++] = (byte) b;
    }

    private void mbUInt32(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative length");
        }
        int shift = 28;
        while (shift > 0 && (v >>> shift) == 0) {
            shift -= 7;
        }
        for (; shift > 0; shift -= 7) {
            put(0x80 | ((v >>> shift) & 0x7F));
        }
        put(v & 0x7F);
    }

    private void switchTo(Tag t) {
        if (t.page() != page) {
            put(0x00);
            put(t.page());
            page = t.page();
        }
    }

    @Override
    public void start(Tag tag) {
        switchTo(tag);
        put(tag.token() | 0x40);
    }

    @Override
    public void empty(Tag tag) {
        switchTo(tag);
        put(tag.token());
    }

    @Override
    public void text(String s) {
        if (!table.isEmpty()) {
            Integer offset = table.get(s);
            if (offset != null) {
                put(0x83);
                mbUInt32(offset);
                return;
            }
        }
        put(0x03);
        int n = s.length();
        ensure(n + 1);
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c == 0) {
                break;
            }
            buf[len++] = (byte) c;
        }
        if (i < n) {
            utf8From(s, i);
        }
        put(0x00);
    }

    /**
     * Writes s from index i as UTF-8. Strict where String.getBytes is lenient: an unpaired surrogate is refused
     * instead of written as '?', and so is NUL, which would end a WBXML inline string early.
     */
    private void utf8From(String s, int i) {
        int n = s.length();
        ensure(Math.multiplyExact(n - i, 3));
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException("text contains a NUL character, which WBXML strings cannot carry");
            } else if (c < 0x80) {
                buf[len++] = (byte) c;
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                throw new IllegalArgumentException("text contains an unpaired surrogate, which UTF-8 cannot carry");
            }
        }
    }

    /** UTF-8 of s from index i; String.getBytes would silently write '?' for an unpaired surrogate. */
    private static byte[] strictUtf8(String s, int i) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s, i, s.length()));
            return Arrays.copyOfRange(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text contains an unpaired surrogate, which UTF-8 cannot carry", e);
        }
    }

    @Override
    public void opaque(byte[] bytes) {
        put(0xC3);
        mbUInt32(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    @Override
    public void end(Tag tag) {
        put(0x01);
    }

    /** First pass for the string table: counts each text string. */
    private static final class StringCounter implements ElementSink {
        final Map<String, Integer> counts = new LinkedHashMap<>();

        @Override
        public void start(Tag tag) {}

        @Override
        public void empty(Tag tag) {}

        @Override
        public void text(String text) {
            counts.merge(text, 1, Integer::sum);
        }

        @Override
        public void opaque(byte[] bytes) {}

        @Override
        public void end(Tag tag) {}
    }
}
