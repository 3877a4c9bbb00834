package io.trustdm.protocol.obex;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The facts of the SyncML DM OBEX binding (protocol.md §8.2): the CONNECT Target and the answering Who are the 9
 * ASCII bytes {@code SYNCML-DM}; each DM message is PUT, the reply fetched with GET, both labelled with a
 * NUL-terminated ASCII Type. The {@code x-syncml-hmac} header (DM Security §5.1.4, "identically on HTTP, WAP and
 * OBEX") travels as an HTTP header line inside the OBEX HTTP header (0x47) of the packet that starts the object.
 */
public final class DmObex {
    /** The DM service name for CONNECT Target and Who. */
    public static final String TARGET_NAME = "SYNCML-DM";

    public static final String XML_TYPE = "application/vnd.syncml.dm+xml";
    public static final String WBXML_TYPE = "application/vnd.syncml.dm+wbxml";

    /** Transport header that carries the transport-neutral MAC. */
    public static final String HMAC_HEADER = "x-syncml-hmac";

    /** Longest Type value accepted: media types are short; anything longer is an attack or an error. */
    static final int MAX_TYPE_BYTES = 255;

    /** Longest x-syncml-hmac value accepted. */
    static final int MAX_HMAC_CHARS = 1024;

    private DmObex() {}

    public static byte[] targetBytes() {
        return TARGET_NAME.getBytes(StandardCharsets.US_ASCII);
    }

    /** True when {@code value} is exactly {@code SYNCML-DM} (a trailing NUL, which some stacks add, is tolerated). */
    public static boolean isDmTarget(byte[] value) {
        byte[] v = value;
        if (v.length == TARGET_NAME.length() + 1 && v[v.length - 1] == 0) {
            v = Arrays.copyOf(v, v.length - 1);
        }
        return Arrays.equals(v, targetBytes());
    }

    /** The Target header of a DM CONNECT. */
    public static ObexHeader target() {
        return new ObexHeader.Bytes(ObexHeaderId.TARGET, targetBytes());
    }

    /** The Who header of the answer to a DM CONNECT. */
    public static ObexHeader who() {
        return new ObexHeader.Bytes(ObexHeaderId.WHO, targetBytes());
    }

    /** A Type header: ASCII media type with its terminating NUL. */
    public static ObexHeader type(String mediaType) {
        byte[] ascii = mediaType.getBytes(StandardCharsets.US_ASCII);
        return new ObexHeader.Bytes(ObexHeaderId.TYPE, Arrays.copyOf(ascii, ascii.length + 1));
    }

    /**
     * The media type in a packet's Type header, lower-cased, without parameters or the NUL; empty when absent.
     *
     * @throws ObexFormatException when the Type is too long or not printable ASCII
     */
    public static Optional<String> mediaType(ObexPacket p) {
        Optional<byte[]> raw = p.bytes(ObexHeaderId.TYPE);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        byte[] v = raw.get();
        int n = v.length;
        while (n > 0 && v[n - 1] == 0) {
            n--;
        }
        if (n > MAX_TYPE_BYTES) {
            throw new ObexFormatException("Type header longer than " + MAX_TYPE_BYTES + " bytes", 0);
        }
        for (int i = 0; i < n; i++) {
            if (v[i] < 0x20 || v[i] > 0x7E) {
                throw new ObexFormatException("Type header is not printable ASCII", i);
            }
        }
        String s = new String(v, 0, n, StandardCharsets.US_ASCII);
        int semi = s.indexOf(';');
        return Optional.of((semi < 0 ? s : s.substring(0, semi)).strip().toLowerCase(Locale.ROOT));
    }

    /** The OBEX HTTP header carrying {@code x-syncml-hmac: value}. */
    public static ObexHeader hmac(String value) {
        if (value.length() > MAX_HMAC_CHARS || value.chars().anyMatch(c -> c < 0x20 || c > 0x7E)) {
            throw new IllegalArgumentException("x-syncml-hmac value must be one line of printable ASCII");
        }
        return new ObexHeader.Bytes(
                ObexHeaderId.HTTP, (HMAC_HEADER + ": " + value + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The {@code x-syncml-hmac} value from the packet's HTTP headers, if any. Other HTTP header lines are ignored.
     *
     * @throws ObexFormatException when the header appears twice (which one would be verified is ambiguous), or when
     *     a line is not printable ASCII
     */
    public static Optional<String> hmac(ObexPacket p) {
        List<String> found = new ArrayList<>();
        for (ObexHeader h : p.all(ObexHeaderId.HTTP)) {
            byte[] v = ((ObexHeader.Bytes) h).value();
            for (int i = 0; i < v.length; i++) {
                if (v[i] != '\r' && v[i] != '\n' && (v[i] < 0x20 || v[i] > 0x7E)) {
                    throw new ObexFormatException("HTTP header is not printable ASCII", i);
                }
            }
            for (String line : new String(v, StandardCharsets.US_ASCII).split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(HMAC_HEADER)) {
                    found.add(line.substring(colon + 1).strip());
                }
            }
        }
        if (found.size() > 1) {
            throw new ObexFormatException("x-syncml-hmac appears " + found.size() + " times", 0);
        }
        if (!found.isEmpty() && found.get(0).length() > MAX_HMAC_CHARS) {
            throw new ObexFormatException("x-syncml-hmac longer than " + MAX_HMAC_CHARS + " characters", 0);
        }
        return found.stream().findFirst();
    }

    /** The Connection-ID header. */
    public static ObexHeader connectionId(long id) {
        return new ObexHeader.FourByte(ObexHeaderId.CONNECTION_ID, id);
    }
}
