package io.trustdm.protocol.obex;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One OBEX packet: a request (opcode) or a response (response code), the CONNECT fields when it is a CONNECT request
 * or the response to one, and its headers in wire order.
 *
 * @param code    opcode of a request, or response code of a response, with its final bit
 * @param connect version, flags and maximum packet length; present exactly for CONNECT and its response
 * @param headers the headers in the order they travel
 */
public record ObexPacket(int code, ConnectFields connect, List<ObexHeader> headers) {
    public ObexPacket {
        if (code < 0 || code > 0xFF) {
            throw new IllegalArgumentException("code must be one byte: " + code);
        }
        headers = List.copyOf(headers);
    }

    /** A packet without CONNECT fields. */
    public static ObexPacket of(int code, List<ObexHeader> headers) {
        return new ObexPacket(code, null, headers);
    }

    public static ObexPacket of(int code, ObexHeader... headers) {
        return new ObexPacket(code, null, List.of(headers));
    }

    /**
     * The CONNECT request/response fields (IrOBEX 1.2 §3.3.1).
     *
     * @param version          OBEX version, 0x10 for 1.0
     * @param flags            0 (no flags are defined for the client; bit 0 on a response means multiple connections)
     * @param maxPacketLength  the largest packet the sender of these fields can receive, 255..65535
     */
    public record ConnectFields(int version, int flags, int maxPacketLength) {
        public static final int OBEX_1_0 = 0x10;

        public ConnectFields {
            if (version < 0 || version > 0xFF || flags < 0 || flags > 0xFF) {
                throw new IllegalArgumentException("version and flags are single bytes");
            }
            if (maxPacketLength < ObexCodec.MIN_PACKET_LENGTH || maxPacketLength > ObexCodec.MAX_PACKET_LENGTH) {
                throw new IllegalArgumentException("maximum packet length must be 255..65535: " + maxPacketLength);
            }
        }
    }

    public boolean isFinal() {
        return ObexOpcode.isFinal(code);
    }

    /** The first header with {@code id}. */
    public Optional<ObexHeader> header(int id) {
        for (ObexHeader h : headers) {
            if (h.id() == id) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** Value of the first byte-sequence header with {@code id}. */
    public Optional<byte[]> bytes(int id) {
        return header(id).filter(ObexHeader.Bytes.class::isInstance).map(h -> ((ObexHeader.Bytes) h).value());
    }

    /** Value of the first text header with {@code id}. */
    public Optional<String> text(int id) {
        return header(id).filter(ObexHeader.Text.class::isInstance).map(h -> ((ObexHeader.Text) h).value());
    }

    /** Value of the first 4-byte header with {@code id}. */
    public Optional<Long> quantity(int id) {
        return header(id).filter(ObexHeader.FourByte.class::isInstance).map(h -> ((ObexHeader.FourByte) h).value());
    }

    /** All headers with {@code id}, in order. */
    public List<ObexHeader> all(int id) {
        List<ObexHeader> out = new ArrayList<>();
        for (ObexHeader h : headers) {
            if (h.id() == id) {
                out.add(h);
            }
        }
        return out;
    }

    /** True when this packet carries an End-of-Body header (the object is complete). */
    public boolean hasEndOfBody() {
        return header(ObexHeaderId.END_OF_BODY).isPresent();
    }

    /** Appends the Body and End-of-Body bytes of this packet, in order, to {@code out}. */
    public int appendBody(ByteArrayOutputStream out) {
        int n = 0;
        for (ObexHeader h : headers) {
            if (h instanceof ObexHeader.Bytes b
                    && (b.id() == ObexHeaderId.BODY || b.id() == ObexHeaderId.END_OF_BODY)) {
                out.write(b.raw(), 0, b.size());
                n += b.size();
            }
        }
        return n;
    }

    /** Bytes of this packet on the wire. */
    public int encodedLength() {
        int n = 3 + (connect == null ? 0 : 4);
        for (ObexHeader h : headers) {
            n += h.encodedLength();
        }
        return n;
    }

    @Override
    public String toString() {
        return ObexOpcode.name(code) + "/" + String.format("0x%02X", code) + (connect == null ? "" : " " + connect)
                + " " + headers;
    }

    static ObexPacket requireNonNull(ObexPacket p) {
        return Objects.requireNonNull(p, "packet");
    }
}
