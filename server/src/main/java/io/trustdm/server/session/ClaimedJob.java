package io.trustdm.server.session;

import io.trustdm.protocol.message.Command;
import java.util.List;
import java.util.Objects;

/**
 * A job claimed for delivery: its commands in order (CmdIDs are assigned when the package is built; nested commands
 * of Atomic and Sequence are delivered inside their container).
 */
public record ClaimedJob(String jobId, String deviceId, List<Command> commands) {
    public ClaimedJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(deviceId, "deviceId");
        commands = List.copyOf(commands);
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("a job has at least one command");
        }
    }
}
