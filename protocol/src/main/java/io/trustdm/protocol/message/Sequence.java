package io.trustdm.protocol.message;

import java.util.List;
import java.util.Objects;

/** Sequence: its commands run in the given order. */
public record Sequence(String cmdId, boolean noResp, Meta meta, List<Command> commands) implements Command {
    public Sequence {
        Objects.requireNonNull(cmdId, "cmdId");
        commands = List.copyOf(commands);
    }

    public static Sequence of(String cmdId, Command... commands) {
        return new Sequence(cmdId, false, null, List.of(commands));
    }

    @Override
    public String name() {
        return "Sequence";
    }
}
