package io.trustdm.security.auth;

import io.trustdm.security.SecurityFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Base64 as DM uses it: RFC 2045 alphabet, padded on output, padding optional on input, no line breaks. */
final class B64 {
    private B64() {}

    static String encode(byte[] octets) {
        return Base64.getEncoder().encodeToString(octets);
    }

    static byte[] encodeToAscii(byte[] octets) {
        return Base64.getEncoder().encode(octets);
    }

    /**
     * Decodes {@code text} after stripping surrounding whitespace. Rejects anything longer than {@code maxChars} before
     * decoding, so hostile input cannot make us allocate much.
     */
    static byte[] decode(String text, int maxChars, String what) {
        if (text == null) {
            throw new SecurityFormatException(what + " is missing");
        }
        String t = text.strip();
        if (t.length() > maxChars) {
            throw new SecurityFormatException(what + " is too long (" + t.length() + " characters)");
        }
        try {
            return Base64.getDecoder().decode(t.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new SecurityFormatException(what + " is not valid base64", e);
        }
    }
}
