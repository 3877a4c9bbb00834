package io.trustdm.protocol.message;

import java.util.Objects;

/** A challenge in a Status: the scheme the peer must use next and, for digest schemes, the NextNonce. */
public record Chal(Meta meta) {
    public Chal {
        Objects.requireNonNull(meta, "meta");
    }
}
