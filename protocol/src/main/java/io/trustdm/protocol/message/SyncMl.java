package io.trustdm.protocol.message;

import java.util.Objects;

/**
 * One SyncML DM message: what one transport request or response carries. A package may span several messages
 * (OMA-TS-DM_Protocol §2.1).
 */
public record SyncMl(SyncHdr header, SyncBody body) {
    public SyncMl {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
    }
}
