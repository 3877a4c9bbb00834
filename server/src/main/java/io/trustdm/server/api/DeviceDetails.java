package io.trustdm.server.api;

import java.time.Instant;
import java.util.Map;

/**
 * One Device: the DevInfo leaves it reported, its last session, its authentication settings (no secrets) and how
 * many jobs wait for it.
 */
public record DeviceDetails(
        String deviceId,
        Map<String, String> devInfo,
        Instant lastSession,
        String lastOutcome,
        int sessions,
        AuthSettings auth,
        int queuedJobs) {
    public DeviceDetails {
        devInfo = Map.copyOf(devInfo);
    }
}
