package io.trustdm.protocol.message;

/**
 * A SyncML command as DM uses it. The hierarchy is closed: a message holds exactly these commands, and anything else
 * found in a SyncBody is kept as an {@link UnsupportedCommand} so that the receiver can answer it with Status 406.
 */
public sealed interface Command
        permits ItemCommand, Alert, Atomic, Exec, Results, Sequence, Status, UnsupportedCommand {

    /** Unique within its message; Status and Results refer to it through CmdRef. */
    String cmdId();

    /** The element name, as written in the Cmd element of a Status that answers this command. */
    String name();
}
