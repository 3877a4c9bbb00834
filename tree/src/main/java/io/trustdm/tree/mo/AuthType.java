package io.trustdm.tree.mo;

import java.util.Optional;

/** DMAcc {@code AAuthType} values (StdObj §7.1.3.1). */
public enum AuthType {
    HTTP_BASIC("HTTP-BASIC"),
    HTTP_DIGEST("HTTP-DIGEST"),
    BASIC("BASIC"),
    DIGEST("DIGEST"),
    HMAC("HMAC"),
    X509("X509"),
    SECURID("SECURID"),
    SAFEWORD("SAFEWORD"),
    DIGIPASS("DIGIPASS"),
    TRANSPORT("TRANSPORT");

    private final String wireName;

    AuthType(String wireName) {
        this.wireName = wireName;
    }

    /** The value as stored in the tree, e.g. {@code HTTP-DIGEST}. */
    public String wireName() {
        return wireName;
    }

    /** The type with this value; exact match, as the DDF defines the values. */
    public static Optional<AuthType> byWireName(String name) {
        for (AuthType t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
