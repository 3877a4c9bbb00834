package io.trustdm.protocol.message;

import java.util.Objects;

/**
 * A SyncML command that DM does not use (Sync, Map, Put, Search, Move). Its content is skipped when decoding; only
 * the name and CmdID are kept so the receiver can answer Status 406. {@code cmdId} is empty when absent.
 */
public record UnsupportedCommand(String name, String cmdId) implements Command {
    public UnsupportedCommand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cmdId, "cmdId");
    }
}
