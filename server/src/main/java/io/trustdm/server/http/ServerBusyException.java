package io.trustdm.server.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The node is at capacity and will not start another Management Session now. Thrown by a {@link DmExchangeHandler}
 * before any work is done for the message; the HTTP binding answers {@code 503 Service Unavailable} with
 * {@code Retry-After}, so an overloaded server says so at once instead of letting Devices time out. Sessions already
 * running are never refused this way. Unchecked so that callers holding the engine itself (tests, the OBEX binding)
 * need no change; the HTTP binding catches it by type.
 */
public final class ServerBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public ServerBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
    }

    /** How long the Device should wait before it tries again (sent as whole seconds, at least 1). */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The {@code Retry-After} header value: delta-seconds, rounded up, at least 1. */
    public long retryAfterSeconds() {
        long s = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, s);
    }
}
