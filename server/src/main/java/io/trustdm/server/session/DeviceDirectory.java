package io.trustdm.server.session;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The registry as the session engine sees it. */
public interface DeviceDirectory {
    /** Whether this Device identity is registered; unknown Devices never get a session. */
    boolean isKnown(String deviceId);

    /**
     * Until when new sessions of this Device are refused after repeated authentication failures (backoff against
     * credential guessing), or empty. Directories without failure tracking never refuse.
     */
    default Optional<Instant> lockedUntil(String deviceId) {
        return Optional.empty();
    }

    /** Stores the DevInfo leaves the Device reported in Package 1 (leaf name to value). */
    void recordDevInfo(String deviceId, Map<String, String> devInfo);

    /** Records the end of a session and how it ended. */
    void recordSession(String deviceId, String sessionId, Instant ended, SessionOutcome outcome);
}
