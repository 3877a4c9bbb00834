package io.trustdm.protocol.obex;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes OBEX frame decoding. Every input either decodes (and then survives re-encoding) or fails with an
 * {@link ObexFormatException} whose offset lies inside the input; anything else is a finding. A normal build replays
 * the seeds in {@code ObexCodecFuzzTestInputs}; {@code -Pfuzz} fuzzes for real.
 */
class ObexCodecFuzzTest {

    @FuzzTest
    void decodes_arbitrary_frames_or_rejects_them_with_a_format_exception(byte[] input) {
        for (int layout = 0; layout < 3; layout++) {
            ObexPacket p;
            try {
                p = decode(input, layout);
                DmObex.mediaType(p);
                DmObex.hmac(p);
            } catch (ObexFormatException e) {
                if (e.offset() < 0 || e.offset() > input.length) {
                    throw new AssertionError("offset " + e.offset() + " outside " + input.length + " bytes", e);
                }
                continue;
            }
            if (layout == 0 && p.code() == ObexOpcode.SETPATH) {
                continue; // SETPATH flags are skipped on input, so there is nothing to compare
            }
            ObexPacket again = decode(ObexCodec.encode(p), layout);
            if (!again.equals(p)) {
                throw new AssertionError("re-encoding changed the packet: " + p + " became " + again);
            }
        }
    }

    private static ObexPacket decode(byte[] frame, int layout) {
        return switch (layout) {
            case 0 -> ObexCodec.decodeRequest(frame);
            case 1 -> ObexCodec.decodeResponse(frame, true);
            default -> ObexCodec.decodeResponse(frame, false);
        };
    }
}
