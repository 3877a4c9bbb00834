package io.trustdm.server.api;

import java.time.Instant;
import java.util.List;

/**
 * A management job: its operations in order, its state and, once completed, the Device's answer to each top-level
 * command. {@code succeeded} is {@code null} until the job completed.
 */
public record JobView(
        String jobId,
        String deviceId,
        JobState state,
        Instant created,
        Instant completed,
        List<OperationSpec> operations,
        List<CommandOutcome> outcomes,
        Boolean succeeded) {
    public JobView {
        operations = List.copyOf(operations);
        outcomes = List.copyOf(outcomes);
    }
}
