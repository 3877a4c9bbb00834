package io.trustdm.server.session;

import java.time.Instant;
import java.util.Map;

/** The registry as the session engine sees it. */
public interface DeviceDirectory {
    /** Whether this Device identity is registered; unknown Devices never get a session. */
    boolean isKnown(String deviceId);

    /** Stores the DevInfo leaves the Device reported in Package 1 (leaf name to value). */
    void recordDevInfo(String deviceId, Map<String, String> devInfo);

    /** Records the end of a session and how it ended. */
    void recordSession(String deviceId, String sessionId, Instant ended, SessionOutcome outcome);
}
