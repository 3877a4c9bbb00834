package io.trustdm.protocol.message;

import java.util.Objects;

/**
 * The sender of a message, or the node an item was read from. In the header {@code locName} carries the user name
 * for MD5 digest authentication.
 */
public record Source(String locUri, String locName) {
    public Source {
        Objects.requireNonNull(locUri, "locUri");
    }

    public static Source of(String locUri) {
        return new Source(locUri, null);
    }
}
