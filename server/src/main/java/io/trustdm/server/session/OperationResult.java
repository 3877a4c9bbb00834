package io.trustdm.server.session;

import io.trustdm.protocol.message.Item;
import java.util.List;

/**
 * The outcome of one top-level command of a job: its position in the job, the Device's status code, and the
 * Results items (values read by a Get). {@code status} is -1 when the Device never answered.
 */
public record OperationResult(int index, String command, int status, List<Item> results) {
    public OperationResult {
        results = List.copyOf(results);
    }
}
