package io.trustdm.protocol.message;

import java.util.Objects;

/** The recipient of a message, or the node a command item acts on. {@code locName} is optional. */
public record Target(String locUri, String locName) {
    public Target {
        Objects.requireNonNull(locUri, "locUri");
    }

    public static Target of(String locUri) {
        return new Target(locUri, null);
    }
}
