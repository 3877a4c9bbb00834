package io.trustdm.security.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * The authentication types DM names, with their {@code Meta/Type} string (as carried in {@code Cred} and
 * {@code Chal}) and their DMAcc {@code AAuthType} value. Only Basic, MD5 and HMAC have a DM construction; the others
 * point at SyncML RepPro and are treated as unsupported. {@link #TRANSPORT} means the transport (TLS with a verified
 * certificate) authenticated the peer and no DM {@code Cred} is sent.
 */
public enum AuthScheme {
    BASIC("syncml:auth-basic", "BASIC", 1),
    MD5("syncml:auth-md5", "DIGEST", 2),
    HMAC("syncml:auth-MAC", "HMAC", 3),
    X509("syncml:auth-X509", "X509", -1),
    SECURID("syncml:auth-securid", "SECURID", -1),
    SAFEWORD("syncml:auth-safeword", "SAFEWORD", -1),
    DIGIPASS("syncml:auth-digipass", "DIGIPASS", -1),
    TRANSPORT(null, "TRANSPORT", -1);

    private final String metaType;
    private final String aauthType;
    private final int strength;

    AuthScheme(String metaType, String aauthType, int strength) {
        this.metaType = metaType;
        this.aauthType = aauthType;
        this.strength = strength;
    }

    /** The {@code Meta/Type} string, e.g. {@code syncml:auth-md5}; empty for {@link #TRANSPORT}. */
    public Optional<String> metaType() {
        return Optional.ofNullable(metaType);
    }

    /** The DMAcc {@code AAuthType} value, e.g. {@code DIGEST}. */
    public String aauthType() {
        return aauthType;
    }

    /** True for the DM-level schemes this toolkit implements: Basic, MD5 and HMAC. */
    public boolean isSupported() {
        return strength > 0;
    }

    /**
     * True when this scheme protects at least as much as {@code required}: HMAC (authentication and integrity) over
     * MD5 (a nonce-bound digest) over Basic (a clear password). Unsupported schemes satisfy nothing.
     */
    public boolean isAtLeast(AuthScheme required) {
        if (required == null) {
            return true;
        }
        if (!isSupported() || !required.isSupported()) {
            return this == required && isSupported();
        }
        return strength >= required.strength;
    }

    /** The scheme for a {@code Meta/Type} string; case is ignored because peers differ ({@code syncml:auth-mac}). */
    public static Optional<AuthScheme> fromMetaType(String type) {
        if (type == null) {
            return Optional.empty();
        }
        String t = type.strip();
        for (AuthScheme s : values()) {
            if (s.metaType != null && s.metaType.equalsIgnoreCase(t)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The scheme for a DMAcc {@code AAuthType} value ({@code BASIC}, {@code DIGEST}, {@code HMAC}, ...). */
    public static Optional<AuthScheme> fromAAuthType(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip().toUpperCase(Locale.ROOT);
        for (AuthScheme s : values()) {
            if (s.aauthType.equals(v)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
