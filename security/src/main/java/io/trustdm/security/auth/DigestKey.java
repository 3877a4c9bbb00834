package io.trustdm.security.auth;

import io.trustdm.security.Secret;
import io.trustdm.security.SecurityFormatException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * B64(H(name ":" password)): the value every DM digest starts from (MD5 credentials, the {@code x-syncml-hmac} MAC and
 * the Package #0 notification digest). It is password-equivalent for DM purposes, so it is treated as a secret; an
 * authenticator can store it instead of the clear password (DM Security 1.2 §5.1.3.2 allows exactly that).
 */
public final class DigestKey implements Destroyable {
    private static final int DIGEST_OCTETS = 16;

    /** The 24 ASCII octets of the padded base64 text. */
    private final byte[] encoded;

    private volatile boolean destroyed;

    private DigestKey(byte[] encoded) {
        this.encoded = encoded;
    }

    /** The key for {@code name} (UTF-8) and {@code password}. */
    public static DigestKey of(String name, Secret password) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        byte[] pwd = password.bytes();
        try {
            return fromDigest(Md5.joinedWithColons(name.getBytes(StandardCharsets.UTF_8), pwd));
        } finally {
            Arrays.fill(pwd, (byte) 0);
        }
    }

    public static DigestKey of(Credentials credentials) {
        return of(credentials.username(), credentials.password());
    }

    /** The key from the raw 16-octet H(name ":" password). */
    public static DigestKey fromDigest(byte[] md5) {
        Objects.requireNonNull(md5, "md5");
        if (md5.length != DIGEST_OCTETS) {
            throw new IllegalArgumentException("an MD5 digest has 16 octets, not " + md5.length);
        }
        return new DigestKey(B64.encodeToAscii(md5));
    }

    /** The key from its stored base64 text (as an authenticator may keep it instead of the password). */
    public static DigestKey fromB64(String text) {
        byte[] raw = B64.decode(text, 64, "digest key");
        if (raw.length != DIGEST_OCTETS) {
            throw new SecurityFormatException("a digest key decodes to 16 octets, not " + raw.length);
        }
        return fromDigest(raw);
    }

    /** A copy of the ASCII octets of B64(H(name ":" password)), the first operand of every DM digest. */
    public byte[] encodedOctets() {
        checkAlive();
        return encoded.clone();
    }

    byte[] encodedUnsafe() {
        checkAlive();
        return encoded;
    }

    /** Constant-time comparison. */
    public boolean matches(DigestKey other) {
        Objects.requireNonNull(other, "other");
        return MessageDigest.isEqual(encodedUnsafe(), other.encodedUnsafe());
    }

    @Override
    public void destroy() {
        Arrays.fill(encoded, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("digest key was destroyed");
        }
    }

    @Override
    public String toString() {
        return "DigestKey[hidden]";
    }
}
