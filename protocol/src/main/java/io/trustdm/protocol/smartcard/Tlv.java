package io.trustdm.protocol.smartcard;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One BER-TLV element with a one-octet tag (all the PKCS#15 and FCP tags this layout needs), definite lengths only.
 * Reading is strict: a length that runs past the input is a {@link CardFormatException}, never a silent cut.
 *
 * @param tag   the tag octet, e.g. {@code 0x30} for SEQUENCE, {@code 0xA7} for the ODF's DODF choice
 * @param value the value octets
 */
public record Tlv(int tag, byte[] value) {
    /** Longest value accepted (an EF read with READ BINARY cannot be longer than 32 KiB). */
    public static final int MAX_LENGTH = 0x8000;

    public Tlv {
        if (tag < 0 || tag > 0xFF) {
            throw new IllegalArgumentException("tag must be one octet");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public static Tlv of(int tag, byte[] value) {
        return new Tlv(tag, value);
    }

    /** A constructed element holding {@code children} in order. */
    public static Tlv of(int tag, Tlv... children) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Tlv c : children) {
            out.writeBytes(c.encode());
        }
        return new Tlv(tag, out.toByteArray());
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 4);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n <= 0xFF) {
            out.write(0x81);
            out.write(n);
        } else if (n <= 0xFFFF) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** The elements one after another in {@code bytes}; trailing 0x00 or 0xFF padding (unused EF space) ends the list. */
    public static List<Tlv> readAll(byte[] bytes, String where) {
        List<Tlv> out = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            int tag = bytes[i] & 0xFF;
            if (tag == 0x00 || tag == 0xFF) {
                break; // padding after the last record
            }
            if (i + 1 >= bytes.length) {
                throw new CardFormatException("TLV with tag " + hex(tag) + " has no length", where + " offset " + i);
            }
            int first = bytes[i + 1] & 0xFF;
            int pos = i + 2;
            int len;
            if (first < 0x80) {
                len = first;
            } else {
                int k = first & 0x7F;
                if (k == 0 || k > 3) {
                    throw new CardFormatException("unsupported TLV length form " + hex(first), where + " offset " + i);
                }
                if (pos + k > bytes.length) {
                    throw new CardFormatException("TLV length octets are truncated", where + " offset " + i);
                }
                len = 0;
                for (int j = 0; j < k; j++) {
                    len = (len << 8) | (bytes[pos + j] & 0xFF);
                }
                pos += k;
            }
            if (len > MAX_LENGTH) {
                throw new CardFormatException("TLV length " + len + " exceeds " + MAX_LENGTH, where + " offset " + i);
            }
            if (pos + len > bytes.length) {
                throw new CardFormatException(
                        "TLV with tag " + hex(tag) + " declares " + len + " octets but only " + (bytes.length - pos)
                                + " follow (truncated)",
                        where + " offset " + i);
            }
            out.add(new Tlv(tag, Arrays.copyOfRange(bytes, pos, pos + len)));
            i = pos + len;
        }
        return out;
    }

    /** The children of this constructed element. */
    public List<Tlv> children(String where) {
        return readAll(value, where);
    }

    /** The first child with {@code childTag}, if any. */
    public Optional<Tlv> child(int childTag, String where) {
        return children(where).stream().filter(c -> c.tag == childTag).findFirst();
    }

    static String hex(int octet) {
        return String.format("0x%02X", octet);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlv t && t.tag == tag && Arrays.equals(t.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Tlv[" + hex(tag) + ", " + value.length + " octets]";
    }
}
