package io.trustdm.server.api;

/**
 * Where a job is: waiting for a session, being delivered in one, answered, or given up after an Exec left the server
 * without an answer (never delivered again: Exec is at most once).
 */
public enum JobState {
    QUEUED,
    DELIVERING,
    COMPLETED,
    OUTCOME_UNKNOWN
}
