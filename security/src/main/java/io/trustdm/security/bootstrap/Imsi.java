package io.trustdm.security.bootstrap;

import java.util.Objects;

/**
 * An IMSI (up to 15 decimal digits) as the NETWPIN key source. Its {@link #toString()} shows only MCC and MNC,
 * because the IMSI is the whole key for NETWPIN.
 */
public record Imsi(String digits) {
    public static final int MAX_DIGITS = 15;

    public Imsi {
        Objects.requireNonNull(digits, "digits");
        if (digits.isEmpty() || digits.length() > MAX_DIGITS) {
            throw new IllegalArgumentException("an IMSI has 1.." + MAX_DIGITS + " digits");
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("an IMSI has only decimal digits");
            }
        }
    }

    /**
     * The GSM 11.11 EF_IMSI semi-octet form without its length octet: the first octet holds digit 1 in the high
     * nibble and the parity nibble (1, or 9 for an odd number of digits) in the low one; the remaining digits follow
     * two per octet, low nibble first, padded with F. Two independent CP implementations derive the NETWPIN key this
     * way.
     */
    public byte[] semiOctets() {
        int n = digits.length();
        byte[] out = new byte[1 + n / 2];
        int first = digits.charAt(0) - '0';
        out[0] = (byte) ((first << 4) | 0x1 | ((n & 1) == 1 ? 0x8 : 0));
        for (int i = 1, o = 1; i < n; i += 2, o++) {
            int lo = digits.charAt(i) - '0';
            int hi = i + 1 < n ? digits.charAt(i + 1) - '0' : 0xF;
            out[o] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    @Override
    public String toString() {
        int shown = Math.min(5, digits.length());
        return "Imsi[" + digits.substring(0, shown) + "*".repeat(digits.length() - shown) + "]";
    }
}
