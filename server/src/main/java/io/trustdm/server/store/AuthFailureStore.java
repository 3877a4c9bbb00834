package io.trustdm.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Consecutive authentication failures per Device, kept across restarts and server nodes so that guessing credentials
 * cannot be sped up by making the server forget. A successful session resets the count; {@link #lockedUntil} turns the
 * count into an exponential backoff (no lockout for the first {@code freeFailures}, then {@code base}, doubling, at
 * most {@code max}). Thread-safe.
 */
public final class AuthFailureStore {
    /** The failures of one Device. */
    public record AuthFailures(String deviceId, int failures, Instant firstFailure, Instant lastFailure) {}

    private final Database db;
    private final Clock clock;
    private final int freeFailures;
    private final Duration base;
    private final Duration max;

    /** Backoff after 3 free failures: 1 s, 2 s, 4 s ... at most 15 min. */
    public AuthFailureStore(Database db, Clock clock) {
        this(db, clock, 3, Duration.ofSeconds(1), Duration.ofMinutes(15));
    }

    public AuthFailureStore(Database db, Clock clock, int freeFailures, Duration base, Duration max) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (freeFailures < 0 || base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("freeFailures >= 0 and 0 <= base <= max");
        }
        this.freeFailures = freeFailures;
        this.base = base;
        this.max = max;
    }

    /** Counts one more failure and returns the new count. */
    public int recordFailure(String deviceId) {
        long now = clock.millis();
        for (int attempt = 0; ; attempt++) {
            try {
                return db.inTransaction(c -> {
                    try (PreparedStatement s = c.prepareStatement("UPDATE dm_auth_failure SET failures = failures + 1,"
                            + " last_failure_at = ? WHERE device_id = ?")) {
                        s.setLong(1, now);
                        s.setString(2, deviceId);
                        if (s.executeUpdate() == 0) {
                            try (PreparedStatement i = c.prepareStatement("INSERT INTO dm_auth_failure (device_id,"
                                    + " failures, first_failure_at, last_failure_at) VALUES (?, 1, ?, ?)")) {
                                i.setString(1, deviceId);
                                i.setLong(2, now);
                                i.setLong(3, now);
                                i.executeUpdate();
                            }
                        }
                    }
                    return failures(c, deviceId).map(AuthFailures::failures).orElse(0);
                });
            } catch (StorageException e) {
                // two first failures raced on the insert: the second one now finds the row
                if (attempt > 0 || !(e.getCause() instanceof SQLException se) || !"23505".equals(se.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    /** Forgets the failures (after a successful authentication). */
    public void reset(String deviceId) {
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM dm_auth_failure WHERE device_id = ?")) {
                s.setString(1, deviceId);
                s.executeUpdate();
            }
            return null;
        });
    }

    public Optional<AuthFailures> failures(String deviceId) {
        return db.inTransaction(c -> failures(c, deviceId));
    }

    private static Optional<AuthFailures> failures(java.sql.Connection c, String deviceId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT failures, first_failure_at, last_failure_at" + " FROM dm_auth_failure WHERE device_id = ?")) {
            s.setString(1, deviceId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AuthFailures(
                        deviceId, r.getInt(1), Instant.ofEpochMilli(r.getLong(2)), Instant.ofEpochMilli(r.getLong(3))));
            }
        }
    }

    /** Until when a new session of this Device should be refused, or empty when it may authenticate now. */
    public Optional<Instant> lockedUntil(String deviceId) {
        return failures(deviceId).flatMap(f -> {
            int over = f.failures() - freeFailures;
            if (over <= 0) {
                return Optional.empty();
            }
            Duration d = over > 30 ? max : base.multipliedBy(1L << (over - 1));
            if (d.compareTo(max) > 0) {
                d = max;
            }
            Instant until = f.lastFailure().plus(d);
            return until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
        });
    }
}
