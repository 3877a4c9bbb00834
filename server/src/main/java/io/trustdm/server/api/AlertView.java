package io.trustdm.server.api;

import java.time.Instant;
import java.util.List;

/**
 * A Generic Alert (1226) or Client Event (1224) a Device sent, linked to the job whose Exec carried the same
 * Correlator when there is one.
 */
public record AlertView(
        String deviceId, int code, String correlator, String jobId, Instant received, List<ResultValue> items) {
    public AlertView {
        items = List.copyOf(items);
    }
}
