package io.trustdm.security;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A password, PIN or key held as octets. It exists so that secrets cannot leak through {@link #toString()}, logs or
 * exception messages, and so that they can be wiped when no longer needed. Passwords are encoded as UTF-8 (DM does
 * not name an encoding; deployments use ASCII, which UTF-8 leaves unchanged).
 *
 * <p>Equality is identity on purpose: comparing secrets must go through {@link #matches(Secret)}, which takes constant
 * time.
 */
public final class Secret implements Destroyable {
    private final byte[] value;
    private volatile boolean destroyed;

    private Secret(byte[] value) {
        this.value = value;
    }

    /** A secret holding a copy of {@code octets}. */
    public static Secret ofBytes(byte[] octets) {
        Objects.requireNonNull(octets, "octets");
        return new Secret(octets.clone());
    }

    /** The UTF-8 octets of {@code password}; the caller may wipe its array afterwards. */
    public static Secret ofChars(char[] password) {
        Objects.requireNonNull(password, "password");
        CharsetEncoder encoder = StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer;
        try {
            buffer = encoder.encode(CharBuffer.wrap(password));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("password is not valid Unicode text", e);
        }
        byte[] octets = new byte[buffer.remaining()];
        buffer.get(octets);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return new Secret(octets);
    }

    /**
     * The UTF-8 octets of {@code password}. Strings cannot be wiped, so prefer {@link #ofChars(char[])} where the
     * secret is typed in; this form is for values that already live in configuration.
     */
    public static Secret ofUtf8(String password) {
        Objects.requireNonNull(password, "password");
        return new Secret(password.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the octets. The caller should wipe it after use. */
    public byte[] bytes() {
        checkAlive();
        return value.clone();
    }

    public int length() {
        checkAlive();
        return value.length;
    }

    public boolean isEmpty() {
        return length() == 0;
    }

    /** Constant-time comparison of the two values. */
    public boolean matches(Secret other) {
        Objects.requireNonNull(other, "other");
        checkAlive();
        other.checkAlive();
        return MessageDigest.isEqual(value, other.value);
    }

    /** Overwrites the value with zeros; any later use fails. */
    @Override
    public void destroy() {
        Arrays.fill(value, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("secret was destroyed");
        }
    }

    @Override
    public String toString() {
        return "Secret[hidden]";
    }
}
