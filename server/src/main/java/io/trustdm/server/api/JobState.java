package io.trustdm.server.api;

/** Where a job is: waiting for a session, being delivered in one, or answered. */
public enum JobState {
    QUEUED,
    DELIVERING,
    COMPLETED
}
