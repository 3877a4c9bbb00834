package io.trustdm.protocol.wap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A connectionless WSP Push PDU (WAP-230-WSP §8.2.4.1): transaction id, PDU type Push (0x06) or Confirmed Push
 * (0x07), the Content-Type with its parameters (for provisioning: SEC and MAC), the X-Wap-Application-Id, and the
 * body.
 *
 * <p>Encoding follows DM Notification §6.3.1: the content type and application id are written as binary codes
 * (0x44 and 0x07 for a DM notification). Decoding also accepts what real push proxies write: content types as text
 * (Kannel's PPG does this for 0x44), the general form with parameters, and any other header, which is skipped.
 *
 * @param transactionId WSP TID (one octet)
 * @param contentType   media type, lower case, without parameters
 * @param sec           SEC parameter (0 NETWPIN, 1 USERPIN, 2 USERNETWPIN, 3 USERPINMAC) or -1 when absent
 * @param mac           MAC parameter (40 upper-case hex characters) or {@code null}
 * @param applicationId X-Wap-Application-Id as its numeric code, or -1 when absent or given as text
 * @param applicationIdText the application id when given as text, else {@code null}
 */
public record WspPushPdu(
        int transactionId,
        String contentType,
        int sec,
        String mac,
        int applicationId,
        String applicationIdText,
        byte[] body) {

    public static final int PDU_PUSH = 0x06;
    public static final int PDU_CONFIRMED_PUSH = 0x07;
    /** X-Wap-Application-Id of the DM client: x-wap-application:syncml.dm. */
    public static final int APP_ID_SYNCML_DM = 0x07;

    public static final int SEC_NETWPIN = 0;
    public static final int SEC_USERPIN = 1;
    public static final int SEC_USERNETWPIN = 2;
    public static final int SEC_USERPINMAC = 3;

    /** WSP well-known content types that DM uses (WAP-230-WSP Table 40 and the OMA registry). */
    private static final Map<Integer, String> CONTENT_TYPES = Map.of(
            0x35, "application/vnd.wap.connectivity-xml",
            0x36, "application/vnd.wap.connectivity-wbxml",
            0x42, "application/vnd.syncml.dm+wbxml",
            0x43, "application/vnd.syncml.dm+xml",
            0x44, "application/vnd.syncml.notification");

    private static final int FIELD_CONTENT_LENGTH = 0x0D;
    private static final int FIELD_APPLICATION_ID = 0x2F;
    private static final int PARAM_SEC = 0x11;
    private static final int PARAM_MAC = 0x12;

    public WspPushPdu {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        body = body.clone();
        contentType = contentType.toLowerCase(Locale.ROOT);
    }

    /** A Package #0 push to the DM client: content type 0x44, application id 0x07. */
    public static WspPushPdu notification(int transactionId, byte[] package0) {
        return new WspPushPdu(
                transactionId, "application/vnd.syncml.notification", -1, null, APP_ID_SYNCML_DM, null, package0);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    // ---- encoding

    public byte[] encode() {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        writeContentType(headers);
        if (applicationId >= 0) {
            headers.write(0x80 | FIELD_APPLICATION_ID);
            writeInteger(headers, applicationId);
        } else if (applicationIdText != null) {
            headers.write(0x80 | FIELD_APPLICATION_ID);
            writeText(headers, applicationIdText);
        }
        byte[] h = headers.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(h.length + body.length + 8);
        out.write(transactionId & 0xFF);
        out.write(PDU_PUSH);
        writeUintvar(out, h.length);
        out.writeBytes(h);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private void writeContentType(ByteArrayOutputStream out) {
        Integer code = codeOf(contentType);
        boolean params = sec >= 0 || mac != null;
        if (!params) {
            if (code != null) {
                out.write(0x80 | code);
            } else {
                writeText(out, contentType);
            }
            return;
        }
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        if (code != null) {
            v.write(0x80 | code);
        } else {
            writeText(v, contentType);
        }
        if (sec >= 0) {
            v.write(0x80 | PARAM_SEC);
            v.write(0x80 | sec);
        }
        if (mac != null) {
            v.write(0x80 | PARAM_MAC);
            writeText(v, mac);
        }
        writeValueLength(out, v.size());
        out.writeBytes(v.toByteArray());
    }

    private static Integer codeOf(String type) {
        for (Map.Entry<Integer, String> e : CONTENT_TYPES.entrySet()) {
            if (e.getValue().equals(type)) {
                return e.getKey();
            }
        }
        return null;
    }

    private static void writeText(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0 && (b[0] & 0xFF) >= 0x80) {
            out.write(0x7F); // Quote, WSP §8.4.2.1
        }
        out.writeBytes(b);
        out.write(0);
    }

    private static void writeInteger(ByteArrayOutputStream out, int v) {
        if (v < 0x80) {
            out.write(0x80 | v);
            return;
        }
        byte[] b = new byte[4];
        int n = 0;
        for (int x = v; x != 0; x >>>= 8) {
            b[3 - n++] = (byte) x;
        }
        out.write(n);
        out.write(b, 4 - n, n);
    }

    private static void writeValueLength(ByteArrayOutputStream out, int len) {
        if (len <= 30) {
            out.write(len);
        } else {
            out.write(31);
            writeUintvar(out, len);
        }
    }

    static void writeUintvar(ByteArrayOutputStream out, int v) {
        int shift = 28;
        while (shift > 0 && (v >>> shift) == 0) {
            shift -= 7;
        }
        for (; shift > 0; shift -= 7) {
            out.write(0x80 | ((v >>> shift) & 0x7F));
        }
        out.write(v & 0x7F);
    }

    // ---- decoding

    /**
     * Parses a connectionless Push or Confirmed Push PDU.
     *
     * @throws WapFormatException for anything else, or lengths that run past the input
     */
    public static WspPushPdu decode(byte[] pdu) {
        Reader r = new Reader(pdu);
        int tid = r.u8("transaction id");
        int type = r.u8("PDU type");
        if (type != PDU_PUSH && type != PDU_CONFIRMED_PUSH) {
            throw new WapFormatException("PDU type 0x" + Integer.toHexString(type) + " is not a Push", 1);
        }
        int headersLen = r.uintvar();
        int headersEnd = r.pos + headersLen;
        if (headersLen < 1 || headersEnd > pdu.length) {
            throw new WapFormatException("headers length " + headersLen + " runs past the PDU", 2);
        }
        Reader h = new Reader(Arrays.copyOfRange(pdu, r.pos, headersEnd), r.pos);
        String[] ct = new String[1];
        int[] sec = {-1};
        String[] mac = new String[1];
        readContentType(h, ct, sec, mac);
        int appId = -1;
        String appText = null;
        while (h.pos < h.b.length) {
            int first = h.b[h.pos] & 0xFF;
            if (first >= 0x80) {
                h.pos++;
                int field = first & 0x7F;
                if (field == FIELD_APPLICATION_ID) {
                    int v = h.b[h.pos] & 0xFF;
                    if (v >= 0x80 || v <= 30) {
                        appId = (int) h.integer();
                    } else {
                        appText = h.text();
                    }
                } else {
                    h.skipValue();
                }
            } else if (first >= 0x20) {
                h.text(); // application header name
                h.skipValue();
            } else {
                throw new WapFormatException("header field starts with 0x" + Integer.toHexString(first), h.at());
            }
        }
        return new WspPushPdu(
                tid, ct[0], sec[0], mac[0], appId, appText, Arrays.copyOfRange(pdu, headersEnd, pdu.length));
    }

    private static void readContentType(Reader h, String[] ct, int[] sec, String[] mac) {
        int first = h.peek("Content-Type");
        if (first >= 0x80) {
            h.pos++;
            ct[0] = typeName(first & 0x7F, h.at() - 1);
            return;
        }
        if (first >= 0x20) {
            ct[0] = h.text();
            return;
        }
        int len = h.valueLength();
        int end = h.pos + len;
        if (end > h.b.length) {
            throw new WapFormatException("Content-Type length " + len + " runs past the headers", h.at());
        }
        int media = h.peek("media type");
        if (media >= 0x80) {
            h.pos++;
            ct[0] = typeName(media & 0x7F, h.at() - 1);
        } else if (media >= 0x20) {
            ct[0] = h.text();
        } else {
            ct[0] = typeName((int) h.integer(), h.at());
        }
        while (h.pos < end) {
            int p = h.peek("parameter");
            if (p >= 0x80) {
                h.pos++;
                int token = p & 0x7F;
                if (token == PARAM_SEC) {
                    sec[0] = (int) h.integer();
                } else if (token == PARAM_MAC) {
                    mac[0] = h.text();
                } else {
                    h.skipValue();
                }
            } else {
                h.text();
                h.skipValue();
            }
        }
        if (h.pos != end) {
            throw new WapFormatException("Content-Type parameters overrun their length", h.at());
        }
    }

    private static String typeName(int code, int at) {
        String t = CONTENT_TYPES.get(code);
        if (t == null) {
            return "application/x-wsp-0x" + Integer.toHexString(code);
        }
        return t;
    }

    /** Bounds-checked reader over the header bytes; {@code base} maps positions back to the PDU. */
    private static final class Reader {
        final byte[] b;
        final int base;
        int pos;

        Reader(byte[] b) {
            this(b, 0);
        }

        Reader(byte[] b, int base) {
            this.b = b;
            this.base = base;
        }

        int at() {
            return base + pos;
        }

        int peek(String what) {
            if (pos >= b.length) {
                throw new WapFormatException("input ends before " + what, at());
            }
            return b[pos] & 0xFF;
        }

        int u8(String what) {
            int v = peek(what);
            pos++;
            return v;
        }

        int uintvar() {
            long v = 0;
            for (int i = 0; i < 5; i++) {
                int x = u8("a uintvar");
                v = (v << 7) | (x & 0x7F);
                if ((x & 0x80) == 0) {
                    if (v > Integer.MAX_VALUE) {
                        break;
                    }
                    return (int) v;
                }
            }
            throw new WapFormatException("uintvar too large", at());
        }

        int valueLength() {
            int v = u8("a value length");
            if (v <= 30) {
                return v;
            }
            if (v == 31) {
                return uintvar();
            }
            throw new WapFormatException("0x" + Integer.toHexString(v) + " is not a value length", at() - 1);
        }

        String text() {
            int start = pos;
            if (peek("a text string") == 0x7F || b[pos] == '"') {
                pos++;
                start = pos;
            }
            while (pos < b.length && b[pos] != 0) {
                pos++;
            }
            if (pos >= b.length) {
                throw new WapFormatException("text string without its NUL terminator", base + start);
            }
            String s = new String(b, start, pos - start, StandardCharsets.UTF_8);
            pos++;
            return s;
        }

        long integer() {
            int v = u8("an integer");
            if (v >= 0x80) {
                return v & 0x7F;
            }
            if (v < 1 || v > 8) {
                throw new WapFormatException("long integer of " + v + " octets", at() - 1);
            }
            if (pos + v > b.length) {
                throw new WapFormatException("long integer runs past the headers", at());
            }
            long x = 0;
            for (int i = 0; i < v; i++) {
                x = (x << 8) | (b[pos++] & 0xFF);
            }
            return x;
        }

        void skipValue() {
            int v = peek("a header value");
            if (v >= 0x80) {
                pos++;
            } else if (v <= 31) {
                int len = valueLength();
                if (pos + len > b.length) {
                    throw new WapFormatException("header value runs past the headers", at());
                }
                pos += len;
            } else {
                text();
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WspPushPdu p
                && transactionId == p.transactionId
                && contentType.equals(p.contentType)
                && sec == p.sec
                && Objects.equals(mac, p.mac)
                && applicationId == p.applicationId
                && Objects.equals(applicationIdText, p.applicationIdText)
                && Arrays.equals(body, p.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(transactionId, contentType, sec, mac, applicationId, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("tid=" + transactionId);
        parts.add("type=" + contentType);
        if (sec >= 0) {
            parts.add("SEC=" + sec);
        }
        if (mac != null) {
            parts.add("MAC=" + mac);
        }
        parts.add("appId=" + (applicationId >= 0 ? "0x" + Integer.toHexString(applicationId) : applicationIdText));
        parts.add("body=" + body.length + " octets");
        return "WspPushPdu" + parts;
    }
}
