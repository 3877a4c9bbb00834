package io.trustdm.server.session;

/** How a Management Session ended, for the registry and metrics. */
public enum SessionOutcome {
    COMPLETED,
    ABORTED_BY_DEVICE,
    AUTHENTICATION_FAILED,
    PROTOCOL_ERROR,
    TIMED_OUT
}
