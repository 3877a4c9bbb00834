package io.trustdm.security.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A nonce as raw octets. DM carries nonces base64-encoded ({@code NextNonce} with Format {@code b64}) but every
 * formula hashes the decoded octets, so this type only ever holds octets and converts at the edges.
 *
 * <p>Nonces this side issues come from {@link SecureRandom} and have at least {@value #DEFAULT_LENGTH} octets (128
 * bits, as DM Security recommends). Nonces received from a peer may have any length up to {@value #MAX_LENGTH}.
 */
public final class Nonce {
    /** Octets in a nonce we generate: 128 bits. */
    public static final int DEFAULT_LENGTH = 16;

    /** Largest nonce accepted from a peer. */
    public static final int MAX_LENGTH = 1024;

    /** The notification resynchronisation nonce as four zero octets (what most clients use). */
    public static final Nonce RESYNC = new Nonce(new byte[4]);

    /** The resynchronisation nonce as the ten ASCII characters {@code 0x00000000} (one client's reading). */
    public static final Nonce RESYNC_ASCII = new Nonce("0x00000000".getBytes(StandardCharsets.US_ASCII));

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] octets;

    private Nonce(byte[] octets) {
        this.octets = octets;
    }

    /** A fresh {@value #DEFAULT_LENGTH}-octet nonce. */
    public static Nonce random() {
        return random(RANDOM, DEFAULT_LENGTH);
    }

    /** A fresh nonce of {@code length} octets ({@code >= 16}) from {@code random}. */
    public static Nonce random(SecureRandom random, int length) {
        Objects.requireNonNull(random, "random");
        if (length < DEFAULT_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "a generated nonce needs " + DEFAULT_LENGTH + ".." + MAX_LENGTH + " octets, not " + length);
        }
        byte[] b = new byte[length];
        random.nextBytes(b);
        return new Nonce(b);
    }

    /** The nonce with exactly these octets (for example a stored AAuthData value). */
    public static Nonce of(byte[] octets) {
        Objects.requireNonNull(octets, "octets");
        if (octets.length > MAX_LENGTH) {
            throw new IllegalArgumentException("nonce longer than " + MAX_LENGTH + " octets");
        }
        return new Nonce(octets.clone());
    }

    /** Decodes a base64 {@code NextNonce}; padding is optional. */
    public static Nonce fromB64(String text) {
        byte[] b = B64.decode(text, (MAX_LENGTH + 2) / 3 * 4, "nonce");
        return new Nonce(b);
    }

    public byte[] bytes() {
        return octets.clone();
    }

    public int length() {
        return octets.length;
    }

    /** The padded base64 form, as written into {@code NextNonce}. */
    public String b64() {
        return B64.encode(octets);
    }

    byte[] octetsUnsafe() {
        return octets;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Nonce && MessageDigest.isEqual(octets, ((Nonce) o).octets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(octets);
    }

    @Override
    public String toString() {
        return "Nonce[" + octets.length + " octets]";
    }
}
