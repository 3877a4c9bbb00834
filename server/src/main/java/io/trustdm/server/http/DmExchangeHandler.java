package io.trustdm.server.http;

/**
 * Handles one DM message and returns the reply; implemented by the session layer. Throw
 * {@link io.trustdm.protocol.codec.SyncMlFormatException} for input that is not a DM message (the binding answers
 * with its HTTP equivalent: 400, 413 or 415), {@link ServerBusyException} when the node is at capacity (503 with
 * Retry-After); any other exception becomes HTTP 500 without details.
 */
@FunctionalInterface
public interface DmExchangeHandler {
    DmHttpResponse handle(DmHttpRequest request) throws Exception;
}
