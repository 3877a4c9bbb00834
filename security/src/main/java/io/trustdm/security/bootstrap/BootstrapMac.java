package io.trustdm.security.bootstrap;

import io.trustdm.security.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SEC/MAC of a bootstrap document: {@code M = HMAC-SHA1(K, document)} over the document octets exactly as received
 * (after the WSP headers), sent as 40 hex digits in the MAC parameter. Output is upper-case hex; input may be either
 * case and is compared as 20 decoded octets in constant time.
 *
 * <p>USERPINMAC works differently: the user types 2m characters, the first m being the PIN and the last m the MAC
 * digits, digit i = {@code M[i] mod 10}. A MAC parameter that comes with it must verify as well (one receiver ignores
 * it; we fail closed instead).
 */
public final class BootstrapMac {
    /** Octets of an HMAC-SHA1 value. */
    public static final int MAC_OCTETS = 20;

    /** Longest USERPINMAC code accepted from a user. */
    public static final int MAX_USER_CODE_CHARS = 64;

    private BootstrapMac() {}

    /** The 20-octet MAC of {@code document}. */
    public static byte[] compute(BootstrapKey key, byte[] document) {
        Objects.requireNonNull(key, "key");
        return hmacSha1(key.keyOctets(), document);
    }

    /** The MAC parameter value: 40 upper-case hex digits. */
    public static String computeHex(BootstrapKey key, byte[] document) {
        return HexFormat.of().withUpperCase().formatHex(compute(key, document));
    }

    /**
     * Checks the MAC parameter for NETWPIN, USERPIN and USERNETWPIN. Anything that is not 40 hex digits is simply
     * wrong. USERPINMAC needs the user's code: use {@link #verifyUserPinMac}.
     */
    public static boolean verify(BootstrapKey key, byte[] document, String macHex) {
        Objects.requireNonNull(key, "key");
        if (key.method() == SecurityMethod.USERPINMAC) {
            throw new IllegalArgumentException("USERPINMAC is verified from the user's code, see verifyUserPinMac");
        }
        byte[] received = parseHex(macHex);
        if (received == null) {
            return false;
        }
        return MessageDigest.isEqual(compute(key, document), received);
    }

    /**
     * Checks the MAC parameter of a USERPINMAC bootstrap when the Device already holds the PIN half ({@code pinKey}
     * from {@link BootstrapKey#userpinmac}): the parameter must be the full HMAC-SHA1 under that PIN. The MAC digits
     * a user types are checked with {@link #verifyUserPinMac} instead.
     */
    public static boolean verifyUserPinMacParameter(BootstrapKey pinKey, byte[] document, String macHex) {
        Objects.requireNonNull(pinKey, "pinKey");
        if (pinKey.method() != SecurityMethod.USERPINMAC) {
            throw new IllegalArgumentException("not a USERPINMAC key: " + pinKey.method());
        }
        byte[] received = parseHex(macHex);
        return received != null && MessageDigest.isEqual(compute(pinKey, document), received);
    }

    /**
     * The code the user must type for USERPINMAC: the PIN followed by as many MAC digits as the PIN has characters.
     * It contains the PIN, so it is returned as a {@link Secret}.
     */
    public static Secret userPinMacCode(Secret pin, byte[] document) {
        byte[] p = pin.bytes();
        try {
            if (p.length == 0 || p.length * 2 > MAX_USER_CODE_CHARS) {
                throw new IllegalArgumentException("PIN must have 1.." + MAX_USER_CODE_CHARS / 2 + " characters");
            }
            byte[] digits = macDigits(hmacSha1(p.clone(), document), p.length);
            byte[] code = Arrays.copyOf(p, p.length * 2);
            System.arraycopy(digits, 0, code, p.length, digits.length);
            try {
                return Secret.ofBytes(code);
            } finally {
                Arrays.fill(code, (byte) 0);
            }
        } finally {
            Arrays.fill(p, (byte) 0);
        }
    }

    /**
     * Checks a USERPINMAC code typed by the user ({@code 2m} characters: PIN then MAC digits). When the push also
     * carried a MAC parameter ({@code macHex} not {@code null}) it must be the full HMAC under the same PIN.
     */
    public static boolean verifyUserPinMac(Secret userCode, byte[] document, String macHex) {
        Objects.requireNonNull(userCode, "userCode");
        Objects.requireNonNull(document, "document");
        byte[] code = userCode.bytes();
        try {
            if (code.length < 2 || code.length % 2 != 0 || code.length > MAX_USER_CODE_CHARS) {
                return false;
            }
            int m = code.length / 2;
            byte[] pin = Arrays.copyOfRange(code, 0, m);
            byte[] typedDigits = Arrays.copyOfRange(code, m, code.length);
            byte[] mac = hmacSha1(pin, document);
            Arrays.fill(pin, (byte) 0);
            boolean digitsOk = MessageDigest.isEqual(macDigits(mac, m), typedDigits);
            boolean headerOk = true;
            if (macHex != null) {
                byte[] received = parseHex(macHex);
                headerOk = received != null && MessageDigest.isEqual(mac, received);
            }
            return digitsOk & headerOk;
        } finally {
            Arrays.fill(code, (byte) 0);
        }
    }

    /** ASCII digits {@code M[i] mod 10} (octets unsigned) for {@code i < m}; m may not exceed 20. */
    private static byte[] macDigits(byte[] mac, int m) {
        if (m > mac.length) {
            throw new IllegalArgumentException("at most " + mac.length + " MAC digits exist");
        }
        byte[] out = new byte[m];
        for (int i = 0; i < m; i++) {
            out[i] = (byte) ('0' + (mac[i] & 0xFF) % 10);
        }
        return out;
    }

    private static byte[] hmacSha1(byte[] key, byte[] document) {
        Objects.requireNonNull(document, "document");
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(document);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK must provide HmacSHA1", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** 40 hex digits in either case, else {@code null}. */
    private static byte[] parseHex(String macHex) {
        if (macHex == null) {
            return null;
        }
        String t = macHex.strip();
        if (t.length() != MAC_OCTETS * 2) {
            return null;
        }
        byte[] ascii = t.getBytes(StandardCharsets.US_ASCII);
        for (byte b : ascii) {
            if (Character.digit(b, 16) < 0) {
                return null;
            }
        }
        return HexFormat.of().parseHex(t);
    }
}
