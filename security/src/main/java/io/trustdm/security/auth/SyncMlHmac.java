package io.trustdm.security.auth;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Transport-neutral integrity for DM messages ({@code syncml:auth-MAC}, DM Security 1.2 §5.1.4): a keyed MD5 over the
 * message body exactly as it travels (the WBXML or XML entity octets, not the transport headers), carried in the
 * {@value HmacHeader#NAME} header and never in {@code Cred}. The nonce is the one the receiver issued in its last
 * challenge; once HMAC is in use every message carries it and every reply issues a new nonce.
 */
public final class SyncMlHmac {
    private SyncMlHmac() {}

    /** The raw 16-octet MAC over {@code body}. */
    public static byte[] compute(DigestKey key, Nonce nonce, byte[] body) {
        return KeyedMd5.digest(key, nonce, body);
    }

    /** The header to send with {@code body}; {@code username} is the sender's own name. */
    public static HmacHeader sign(String username, DigestKey key, Nonce nonce, byte[] body) {
        return HmacHeader.of(username, compute(key, nonce, body));
    }

    public static HmacHeader sign(Credentials credentials, Nonce nonce, byte[] body) {
        return sign(credentials.username(), credentials.digestKey(), nonce, body);
    }

    /**
     * Constant-time check of {@code header} against {@code body}. The header's user name must equal
     * {@code expectedUsername} (the account the key belongs to), so a valid MAC under one identity cannot be presented
     * as another.
     */
    public static boolean verify(HmacHeader header, String expectedUsername, DigestKey key, Nonce nonce, byte[] body) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(expectedUsername, "expectedUsername");
        byte[] expected = compute(key, nonce, body);
        boolean macOk = MessageDigest.isEqual(expected, header.macUnsafe());
        Arrays.fill(expected, (byte) 0);
        return macOk & expectedUsername.equals(header.username());
    }
}
