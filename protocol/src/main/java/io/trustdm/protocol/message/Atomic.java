package io.trustdm.protocol.message;

import java.util.List;
import java.util.Objects;

/** Atomic: all of its commands succeed, or none takes effect. */
public record Atomic(String cmdId, boolean noResp, Meta meta, List<Command> commands) implements Command {
    public Atomic {
        Objects.requireNonNull(cmdId, "cmdId");
        commands = List.copyOf(commands);
    }

    public static Atomic of(String cmdId, Command... commands) {
        return new Atomic(cmdId, false, null, List.of(commands));
    }

    @Override
    public String name() {
        return "Atomic";
    }
}
