package io.trustdm.protocol.wap;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a WDP datagram (a WSP PDU) into 8-bit SMS user data: one SMS with a port-addressing UDH when it fits in
 * 140 octets, otherwise concatenated segments with an 8-bit reference (at most 255).
 */
public final class SmsSegmenter {
    /** User data octets of one 8-bit SMS. */
    public static final int SMS_USER_DATA = 140;

    private SmsSegmenter() {}

    public static List<byte[]> segment(byte[] datagram, int destinationPort, int sourcePort, int reference) {
        byte[] single = new SmsUserDataHeader(destinationPort, sourcePort, -1, 1, 1).encode();
        List<byte[]> out = new ArrayList<>();
        if (single.length + datagram.length <= SMS_USER_DATA) {
            out.add(concat(single, datagram, 0, datagram.length));
            return out;
        }
        int udhLen = new SmsUserDataHeader(destinationPort, sourcePort, 0, 2, 1).encode().length;
        int room = SMS_USER_DATA - udhLen;
        int total = (datagram.length + room - 1) / room;
        if (total > 255) {
            throw new IllegalArgumentException(
                    "datagram of " + datagram.length + " octets needs " + total + " SMS; at most 255 are possible");
        }
        for (int i = 0; i < total; i++) {
            int off = i * room;
            int len = Math.min(room, datagram.length - off);
            byte[] udh = new SmsUserDataHeader(destinationPort, sourcePort, reference & 0xFF, total, i + 1).encode();
            out.add(concat(udh, datagram, off, len));
        }
        return out;
    }

    private static byte[] concat(byte[] head, byte[] src, int off, int len) {
        byte[] b = new byte[head.length + len];
        System.arraycopy(head, 0, b, 0, head.length);
        System.arraycopy(src, off, b, head.length, len);
        return b;
    }
}
