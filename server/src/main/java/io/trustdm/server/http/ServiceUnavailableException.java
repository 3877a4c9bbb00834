package io.trustdm.server.http;

/**
 * Thrown by a {@link DmExchangeHandler} that will not take a message right now (the server is shutting down and
 * starts no new Management Session). The endpoint answers HTTP 503 with {@code Retry-After}, which tells a Device to
 * come back later rather than that its message was wrong.
 */
public final class ServiceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public ServiceUnavailableException(String message, long retryAfterSeconds) {
        super(message);
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative");
        }
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds the Device should wait before it tries again. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
