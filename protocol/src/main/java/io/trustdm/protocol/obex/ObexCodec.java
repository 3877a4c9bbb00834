package io.trustdm.protocol.obex;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@link ObexPacket}s into bytes and back. Decoding trusts nothing: the packet length must match the frame,
 * every header must fit inside it, text headers must be whole UTF-16 units, and a frame longer than the negotiated
 * maximum is refused before it is read. Every failure is an {@link ObexFormatException} with a byte offset.
 */
public final class ObexCodec {
    /** The smallest maximum packet length a peer may announce (IrOBEX 1.2 §3.3.1.3). */
    public static final int MIN_PACKET_LENGTH = 255;
    /** The largest packet OBEX can express: the length field is 16 bits. */
    public static final int MAX_PACKET_LENGTH = 0xFFFF;

    private ObexCodec() {}

    /** The bytes of {@code p}. */
    public static byte[] encode(ObexPacket p) {
        ObexPacket.requireNonNull(p);
        int len = p.encodedLength();
        if (len > MAX_PACKET_LENGTH) {
            throw new IllegalArgumentException("packet of " + len + " bytes exceeds the OBEX maximum of 65535");
        }
        byte[] out = new byte[len];
        out[0] = (byte) p.code();
        out[1] = (byte) (len >> 8);
        out[2] = (byte) len;
        int pos = 3;
        if (p.connect() != null) {
            out[pos++] = (byte) p.connect().version();
            out[pos++] = (byte) p.connect().flags();
            out[pos++] = (byte) (p.connect().maxPacketLength() >> 8);
            out[pos++] = (byte) p.connect().maxPacketLength();
        }
        for (ObexHeader h : p.headers()) {
            out[pos++] = (byte) h.id();
            if (h instanceof ObexHeader.Text t) {
                pos = putSequence(out, pos, t.payload());
            } else if (h instanceof ObexHeader.Bytes b) {
                pos = putSequence(out, pos, b.raw());
            } else if (h instanceof ObexHeader.OneByte o) {
                out[pos++] = (byte) o.value();
            } else {
                long v = ((ObexHeader.FourByte) h).value();
                out[pos++] = (byte) (v >> 24);
                out[pos++] = (byte) (v >> 16);
                out[pos++] = (byte) (v >> 8);
                out[pos++] = (byte) v;
            }
        }
        return out;
    }

    private static int putSequence(byte[] out, int pos, byte[] payload) {
        int hl = payload.length + 3;
        out[pos++] = (byte) (hl >> 8);
        out[pos++] = (byte) hl;
        System.arraycopy(payload, 0, out, pos, payload.length);
        return pos + payload.length;
    }

    /** Writes {@code p} and flushes. */
    public static void write(OutputStream out, ObexPacket p) throws IOException {
        out.write(encode(p));
        out.flush();
    }

    /**
     * Reads one frame. Returns {@code null} when the stream ends cleanly before the first byte (the peer closed the
     * connection between packets).
     *
     * @throws ObexFormatException when the announced length is below 3 or above {@code maxPacketLength}
     * @throws EOFException        when the stream ends inside a frame
     */
    public static byte[] readFrame(InputStream in, int maxPacketLength) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int hi = in.read();
        int lo = in.read();
        if (hi < 0 || lo < 0) {
            throw new EOFException("connection closed inside an OBEX packet header");
        }
        int len = (hi << 8) | lo;
        if (len < 3) {
            throw new ObexFormatException("packet length " + len + " is shorter than its own header", 1);
        }
        if (len > maxPacketLength) {
            throw new ObexFormatException(
                    "packet of " + len + " bytes exceeds the negotiated maximum of " + maxPacketLength,
                    1,
                    ObexResponse.ENTITY_TOO_LARGE);
        }
        byte[] frame = new byte[len];
        frame[0] = (byte) first;
        frame[1] = (byte) hi;
        frame[2] = (byte) lo;
        int got = in.readNBytes(frame, 3, len - 3);
        if (got != len - 3) {
            throw new EOFException("connection closed after " + (got + 3) + " of " + len + " packet bytes");
        }
        return frame;
    }

    /** Decodes a request frame: CONNECT carries its fields, SETPATH its flags (skipped), the rest only headers. */
    public static ObexPacket decodeRequest(byte[] frame) {
        int code = checkFrame(frame);
        if (code == ObexOpcode.CONNECT) {
            return decode(frame, code, true);
        }
        if (code == ObexOpcode.SETPATH) {
            if (frame.length < 5) {
                throw new ObexFormatException("SETPATH without its flags and constants", frame.length);
            }
            return new ObexPacket(code, null, headers(frame, 5));
        }
        return decode(frame, code, false);
    }

    /** Decodes a response frame; {@code toConnect} says whether it answers a CONNECT (and so carries its fields). */
    public static ObexPacket decodeResponse(byte[] frame, boolean toConnect) {
        int code = checkFrame(frame);
        if ((code & ObexOpcode.FINAL) == 0) {
            throw new ObexFormatException(String.format("response code 0x%02X lacks the final bit", code), 0);
        }
        return decode(frame, code, toConnect);
    }

    private static int checkFrame(byte[] frame) {
        if (frame == null || frame.length < 3) {
            throw new ObexFormatException("frame shorter than 3 bytes", frame == null ? 0 : frame.length);
        }
        int len = ((frame[1] & 0xFF) << 8) | (frame[2] & 0xFF);
        if (len != frame.length) {
            throw new ObexFormatException(
                    "packet length field says " + len + " but the frame has " + frame.length + " bytes", 1);
        }
        return frame[0] & 0xFF;
    }

    private static ObexPacket decode(byte[] frame, int code, boolean connectLayout) {
        if (!connectLayout) {
            return new ObexPacket(code, null, headers(frame, 3));
        }
        if (frame.length < 7) {
            throw new ObexFormatException("CONNECT packet without version, flags and maximum length", frame.length);
        }
        int max = ((frame[5] & 0xFF) << 8) | (frame[6] & 0xFF);
        if (max < MIN_PACKET_LENGTH) {
            throw new ObexFormatException("maximum packet length " + max + " is below the OBEX minimum of 255", 5);
        }
        ObexPacket.ConnectFields f = new ObexPacket.ConnectFields(frame[3] & 0xFF, frame[4] & 0xFF, max);
        return new ObexPacket(code, f, headers(frame, 7));
    }

    private static List<ObexHeader> headers(byte[] frame, int start) {
        List<ObexHeader> out = new ArrayList<>();
        int pos = start;
        while (pos < frame.length) {
            int id = frame[pos] & 0xFF;
            switch (ObexHeader.kindOf(id)) {
                case ObexHeader.UNICODE, ObexHeader.BYTES -> {
                    if (pos + 3 > frame.length) {
                        throw new ObexFormatException(
                                String.format("header 0x%02X cut off before its length", id), pos);
                    }
                    int hl = ((frame[pos + 1] & 0xFF) << 8) | (frame[pos + 2] & 0xFF);
                    if (hl < 3 || pos + hl > frame.length) {
                        throw new ObexFormatException(
                                String.format(
                                        "header 0x%02X length %d does not fit the %d bytes left",
                                        id, hl, frame.length - pos),
                                pos + 1);
                    }
                    byte[] payload = java.util.Arrays.copyOfRange(frame, pos + 3, pos + hl);
                    out.add(
                            ObexHeader.kindOf(id) == ObexHeader.BYTES
                                    ? new ObexHeader.Bytes(id, payload)
                                    : new ObexHeader.Text(id, unicode(payload, id, pos + 3)));
                    pos += hl;
                }
                case ObexHeader.ONE_BYTE -> {
                    if (pos + 2 > frame.length) {
                        throw new ObexFormatException(String.format("1-byte header 0x%02X cut off", id), pos);
                    }
                    out.add(new ObexHeader.OneByte(id, frame[pos + 1] & 0xFF));
                    pos += 2;
                }
                default -> {
                    if (pos + 5 > frame.length) {
                        throw new ObexFormatException(String.format("4-byte header 0x%02X cut off", id), pos);
                    }
                    long v = ((long) (frame[pos + 1] & 0xFF) << 24)
                            | ((frame[pos + 2] & 0xFF) << 16)
                            | ((frame[pos + 3] & 0xFF) << 8)
                            | (frame[pos + 4] & 0xFF);
                    out.add(new ObexHeader.FourByte(id, v));
                    pos += 5;
                }
            }
        }
        return out;
    }

    /** UTF-16BE text, NUL-terminated unless empty; a missing terminator is tolerated (some stacks omit it). */
    private static String unicode(byte[] payload, int id, int offset) {
        if (payload.length % 2 != 0) {
            throw new ObexFormatException(
                    String.format("text header 0x%02X has an odd number of bytes (%d)", id, payload.length), offset);
        }
        int n = payload.length;
        if (n >= 2 && payload[n - 1] == 0 && payload[n - 2] == 0) {
            n -= 2;
        }
        for (int i = 0; i < n; i += 2) {
            if (payload[i] == 0 && payload[i + 1] == 0) {
                throw new ObexFormatException(
                        String.format("text header 0x%02X has a NUL before its end", id), offset + i);
            }
        }
        return new String(payload, 0, n, StandardCharsets.UTF_16BE);
    }
}
