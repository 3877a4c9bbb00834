package io.trustdm.server.api;

import java.time.Instant;

/** One line of the device list: identity, what it said it is, and how its last session went. */
public record DeviceSummary(
        String deviceId, String manufacturer, String model, Instant lastSession, String lastOutcome, int queuedJobs) {}
