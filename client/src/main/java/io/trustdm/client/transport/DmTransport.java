package io.trustdm.client.transport;

/** Sends one DM message and returns the server's reply. Implementations are thread-safe. */
public interface DmTransport extends AutoCloseable {
    DmReply exchange(DmExchange exchange) throws DmTransportException;

    @Override
    default void close() {}
}
