package io.trustdm.protocol.obex;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One OBEX header. The two high bits of the header identifier fix its encoding (IrOBEX 1.2 §2.1): NUL-terminated
 * UTF-16BE text, a byte sequence, a 1-byte quantity or a 4-byte quantity; each variant checks that its identifier
 * belongs to it, so a header can never be written in the wrong shape.
 */
public sealed interface ObexHeader {
    /** Identifier byte (0x00–0xFF). */
    int id();

    /** Bytes this header takes in a packet, identifier included. */
    int encodedLength();

    /** Encoding class: the two high bits of the identifier. */
    static int kindOf(int id) {
        return id & 0xC0;
    }

    int UNICODE = 0x00;
    int BYTES = 0x40;
    int ONE_BYTE = 0x80;
    int FOUR_BYTE = 0xC0;

    /** A NUL-terminated UTF-16BE text header such as Name (0x01) or Description (0x05). */
    record Text(int id, String value) implements ObexHeader {
        public Text {
            require(id, UNICODE);
            Objects.requireNonNull(value, "value");
        }

        /** UTF-16BE bytes with the terminating NUL; an empty value has no NUL (the spec's "empty Name"). */
        byte[] payload() {
            if (value.isEmpty()) {
                return new byte[0];
            }
            byte[] s = value.getBytes(StandardCharsets.UTF_16BE);
            return Arrays.copyOf(s, s.length + 2);
        }

        @Override
        public int encodedLength() {
            return 3 + payload().length;
        }
    }

    /** A byte-sequence header such as Type (0x42), Target (0x46), HTTP (0x47), Body (0x48) or Who (0x4A). */
    record Bytes(int id, byte[] value) implements ObexHeader {
        public Bytes {
            require(id, BYTES);
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** Length of the value without copying it. */
        public int size() {
            return value.length;
        }

        byte[] raw() {
            return value;
        }

        @Override
        public int encodedLength() {
            return 3 + value.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes b && b.id == id && Arrays.equals(b.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * id + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            String shown = value.length <= 32
                    ? HexFormat.of().formatHex(value)
                    : HexFormat.of().formatHex(value, 0, 32) + "…";
            return String.format("Bytes[0x%02X, %d bytes: %s]", id, value.length, shown);
        }
    }

    /** A 1-byte quantity header. */
    record OneByte(int id, int value) implements ObexHeader {
        public OneByte {
            require(id, ONE_BYTE);
            if (value < 0 || value > 0xFF) {
                throw new IllegalArgumentException("value must fit one byte: " + value);
            }
        }

        @Override
        public int encodedLength() {
            return 2;
        }
    }

    /** A 4-byte unsigned quantity header such as Length (0xC3) or Connection-ID (0xCB). */
    record FourByte(int id, long value) implements ObexHeader {
        public FourByte {
            require(id, FOUR_BYTE);
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("value must fit four unsigned bytes: " + value);
            }
        }

        @Override
        public int encodedLength() {
            return 5;
        }
    }

    private static void require(int id, int kind) {
        if (id < 0 || id > 0xFF) {
            throw new IllegalArgumentException("header id must be one byte: " + id);
        }
        if (kindOf(id) != kind) {
            throw new IllegalArgumentException(String.format("header id 0x%02X has another encoding", id));
        }
    }
}
