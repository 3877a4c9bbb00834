package io.trustdm.protocol.obex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one object (a DM message) into the packets of a PUT request or a GET response, each no longer than the
 * peer's maximum packet length. The leading headers (Connection-ID, Type, Length, HTTP) go in the first packet;
 * the body follows in Body headers, and the last packet carries End-of-Body.
 */
public final class ObexPackets {
    private ObexPackets() {}

    /**
     * @param moreCode  code of every packet but the last (PUT without final bit, or CONTINUE)
     * @param lastCode  code of the last packet (PUT with final bit, or SUCCESS)
     * @param leading   headers of the first packet
     * @param body      the object
     * @param maxPacket the receiver's maximum packet length
     */
    public static List<ObexPacket> split(
            int moreCode, int lastCode, List<ObexHeader> leading, byte[] body, int maxPacket) {
        if (maxPacket < ObexCodec.MIN_PACKET_LENGTH || maxPacket > ObexCodec.MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("maximum packet length must be 255..65535: " + maxPacket);
        }
        int leadingBytes = 0;
        for (ObexHeader h : leading) {
            leadingBytes += h.encodedLength();
        }
        if (3 + leadingBytes + 3 > maxPacket) {
            throw new IllegalArgumentException("leading headers do not fit one packet of " + maxPacket + " bytes");
        }
        List<ObexPacket> out = new ArrayList<>();
        int pos = 0;
        List<ObexHeader> headers = new ArrayList<>(leading);
        int room = maxPacket - 3 - leadingBytes - 3;
        while (true) {
            int n = Math.min(room, body.length - pos);
            boolean last = pos + n == body.length;
            headers.add(new ObexHeader.Bytes(
                    last ? ObexHeaderId.END_OF_BODY : ObexHeaderId.BODY, Arrays.copyOfRange(body, pos, pos + n)));
            out.add(ObexPacket.of(last ? lastCode : moreCode, headers));
            pos += n;
            if (last) {
                return out;
            }
            headers = new ArrayList<>();
            room = maxPacket - 3 - 3;
        }
    }
}
