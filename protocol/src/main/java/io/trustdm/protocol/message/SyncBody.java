package io.trustdm.protocol.message;

import java.util.List;

/**
 * The commands of a message, in order, and whether this message is the last of its package ({@code Final}).
 */
public record SyncBody(List<Command> commands, boolean isFinal) {
    public SyncBody {
        commands = commands == null ? List.of() : List.copyOf(commands);
    }

    public static SyncBody of(boolean isFinal, Command... commands) {
        return new SyncBody(List.of(commands), isFinal);
    }
}
