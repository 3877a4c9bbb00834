package io.trustdm.server.session;

import java.util.function.Supplier;

/**
 * Groups the storage writes made while the server handles one DM message into one unit that becomes durable at once,
 * before the reply leaves the server. The {@link ServerSessionEngine} runs each message of a session in
 * {@link #inMessage}; a JDBC registry makes it one database transaction (docs/STORAGE.md), an in-memory one runs the
 * work as it is ({@link #NONE}).
 */
public interface UnitOfWork {
    /** Runs the work without grouping anything. */
    UnitOfWork NONE = new UnitOfWork() {
        @Override
        public <T> T inMessage(Supplier<T> work) {
            return work.get();
        }
    };

    /**
     * Runs {@code work} as one unit: what it stores is durable when this returns, and when it throws the unit is rolled
     * back except for the records an implementation must keep (the audit trail and authentication failures).
     */
    <T> T inMessage(Supplier<T> work);
}
