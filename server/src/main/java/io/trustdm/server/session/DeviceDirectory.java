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

    /**
     * The Device presented credentials that did not verify in a session that stays open (the server challenged
     * again). Counted toward {@link #lockedUntil} at once, like a session that ended in an authentication failure,
     * because a guesser (or a Device that gives up) never waits for the server to end the session. Directories
     * without failure tracking ignore it.
     */
    default void credentialsRejected(String deviceId) {}

    /** Stores the DevInfo leaves the Device reported in Package 1 (leaf name to value). */
    void recordDevInfo(String deviceId, Map<String, String> devInfo);

    /** Records the end of a session and how it ended. */
    void recordSession(String deviceId, String sessionId, Instant ended, SessionOutcome outcome);
}
