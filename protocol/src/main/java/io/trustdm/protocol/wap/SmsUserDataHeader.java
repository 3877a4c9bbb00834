package io.trustdm.protocol.wap;

import java.io.ByteArrayOutputStream;

/**
 * The parts of an SMS User Data Header (3GPP TS 23.040 §9.2.3.24) that WDP over SMS uses: application port
 * addressing (8- or 16-bit) and concatenation (8- or 16-bit reference). Unknown information elements are skipped.
 *
 * @param destinationPort WDP destination port (2948 for WAP Push connectionless), or -1
 * @param sourcePort      WDP source port, or -1
 * @param reference       concatenation reference, or -1 for a single SMS
 * @param total           number of segments (1 for a single SMS)
 * @param sequence        this segment's number, 1-based (1 for a single SMS)
 */
public record SmsUserDataHeader(int destinationPort, int sourcePort, int reference, int total, int sequence) {
    /** WDP port of connectionless (non-secure) WAP Push. */
    public static final int PORT_WAP_PUSH = 2948;
    /** WDP port of the WAP gateway side (WSP connectionless), the usual source of a push. */
    public static final int PORT_WSP = 9200;

    private static final int IE_CONCAT_8 = 0x00;
    private static final int IE_PORTS_8 = 0x04;
    private static final int IE_PORTS_16 = 0x05;
    private static final int IE_CONCAT_16 = 0x08;

    /** Parses the UDH at the start of {@code userData}; returns it with {@link #length(byte[])} octets used. */
    public static SmsUserDataHeader parse(byte[] userData) {
        if (userData.length < 1) {
            throw new WapFormatException("empty user data", 0);
        }
        int udhl = userData[0] & 0xFF;
        if (1 + udhl > userData.length) {
            throw new WapFormatException("UDH length " + udhl + " runs past the user data", 0);
        }
        int dst = -1, src = -1, ref = -1, total = 1, seq = 1;
        int pos = 1;
        int end = 1 + udhl;
        while (pos < end) {
            if (pos + 2 > end) {
                throw new WapFormatException("information element header runs past the UDH", pos);
            }
            int iei = userData[pos] & 0xFF;
            int len = userData[pos + 1] & 0xFF;
            int v = pos + 2;
            if (v + len > end) {
                throw new WapFormatException(
                        "information element 0x" + Integer.toHexString(iei) + " runs past the UDH", pos);
            }
            switch (iei) {
                case IE_PORTS_16 -> {
                    expect(len, 4, iei, pos);
                    dst = u16(userData, v);
                    src = u16(userData, v + 2);
                }
                case IE_PORTS_8 -> {
                    expect(len, 2, iei, pos);
                    dst = userData[v] & 0xFF;
                    src = userData[v + 1] & 0xFF;
                }
                case IE_CONCAT_8 -> {
                    expect(len, 3, iei, pos);
                    ref = userData[v] & 0xFF;
                    total = userData[v + 1] & 0xFF;
                    seq = userData[v + 2] & 0xFF;
                }
                case IE_CONCAT_16 -> {
                    expect(len, 4, iei, pos);
                    ref = u16(userData, v);
                    total = userData[v + 2] & 0xFF;
                    seq = userData[v + 3] & 0xFF;
                }
                default -> {
                    // other information elements (e.g. SIM toolkit security headers) carry nothing WDP needs
                }
            }
            pos = v + len;
        }
        if (total < 1 || seq < 1 || seq > total) {
            throw new WapFormatException("concatenation segment " + seq + " of " + total + " is impossible", 1);
        }
        return new SmsUserDataHeader(dst, src, ref, total, seq);
    }

    /** Octets the UDH occupies at the start of the user data, including its length octet. */
    public static int length(byte[] userData) {
        return 1 + (userData[0] & 0xFF);
    }

    public boolean isConcatenated() {
        return reference >= 0 && total > 1;
    }

    /** Encodes the UDH including its length octet (16-bit ports, 8-bit concatenation reference). */
    public byte[] encode() {
        ByteArrayOutputStream ie = new ByteArrayOutputStream();
        if (destinationPort >= 0) {
            ie.write(IE_PORTS_16);
            ie.write(4);
            ie.write(destinationPort >>> 8);
            ie.write(destinationPort & 0xFF);
            ie.write(sourcePort >>> 8);
            ie.write(sourcePort & 0xFF);
        }
        if (isConcatenated()) {
            ie.write(IE_CONCAT_8);
            ie.write(3);
            ie.write(reference & 0xFF);
            ie.write(total);
            ie.write(sequence);
        }
        byte[] b = ie.toByteArray();
        byte[] out = new byte[1 + b.length];
        out[0] = (byte) b.length;
        System.arraycopy(b, 0, out, 1, b.length);
        return out;
    }

    private static void expect(int len, int want, int iei, int pos) {
        if (len != want) {
            throw new WapFormatException(
                    "information element 0x" + Integer.toHexString(iei) + " has length " + len + ", not " + want, pos);
        }
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
}
