package io.trustdm.client.transport;

import java.time.Duration;
import java.util.Optional;

/**
 * The server answered {@code 503 Service Unavailable}: it is at capacity and did not start (or continue) the
 * exchange. Carries the server's {@code Retry-After} so that a Device backs off as asked instead of hammering an
 * overloaded server; a subclass of {@link DmTransportException} so existing handlers still see a transport failure.
 */
public final class ServerBusyException extends DmTransportException {
    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public ServerBusyException(String message, Duration retryAfter) {
        super(message, 503, null);
        this.retryAfter = retryAfter;
    }

    /** The server's Retry-After, or empty when it sent none (or one that could not be read). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
