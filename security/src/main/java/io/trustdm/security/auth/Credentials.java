package io.trustdm.security.auth;

import io.trustdm.security.Secret;
import java.util.Objects;

/**
 * A name and password as a DMAcc {@code AppAuth} entry holds them ({@code AAuthName}, {@code AAuthSecret}). The
 * password never appears in {@link #toString()}.
 */
public record Credentials(String username, Secret password) {
    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    public static Credentials of(String username, char[] password) {
        return new Credentials(username, Secret.ofChars(password));
    }

    /** B64(H(username ":" password)), the key of the MD5 and HMAC schemes. */
    public DigestKey digestKey() {
        return DigestKey.of(username, password);
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=<hidden>]";
    }
}
