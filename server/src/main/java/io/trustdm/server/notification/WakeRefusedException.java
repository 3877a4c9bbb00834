package io.trustdm.server.notification;

import java.time.Duration;

/**
 * A Device cannot be woken now. {@link Reason#RATE_LIMITED} carries when to try again (a REST layer answers 429 with
 * Retry-After); the other reasons need an operator: register the Device, or give it server credentials.
 */
public final class WakeRefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Why no trigger was sent. */
    public enum Reason {
        UNKNOWN_DEVICE,
        NO_SERVER_CREDENTIALS,
        RATE_LIMITED
    }

    private final Reason reason;
    private final transient Duration retryAfter;

    public WakeRefusedException(Reason reason, String message, Duration retryAfter) {
        super(message);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** When a rate-limited wake may be tried again, or {@link Duration#ZERO}. */
    public Duration retryAfter() {
        return retryAfter == null ? Duration.ZERO : retryAfter;
    }
}
