package io.trustdm.server.store;

import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.server.notification.NotificationPolicy;
import io.trustdm.server.notification.NotificationService.State;
import io.trustdm.server.notification.NotificationService.Wake;
import io.trustdm.server.notification.WakeJobStore;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Wake jobs in the database ({@code dm_wake_job}, {@code dm_wake_push}, {@code dm_wake_server}; migration V3), so
 * they survive a restart and every server node on the database sees and drives the same jobs.
 *
 * <p>Cluster safety: a due job is taken with {@code SELECT ... FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 alike) and
 * moved to SENDING with a random lease token in the same transaction, so two nodes never take the same push; only the
 * token's holder can settle it. A SENDING row whose lease ran out is settled by the next {@link #takeDue} on any node.
 * One active job per Device is a UNIQUE constraint on {@code active_device}. The rate limits are checked and the push
 * recorded while holding the ServerID's {@code dm_wake_server} row lock, so concurrent nodes count each other's
 * pushes. Lock order is always job row, then ServerID row; no method waits on a job row while holding a ServerID
 * row. Thread-safe.
 */
public final class JdbcWakeJobStore implements WakeJobStore {
    private static final int RESULT_MAX = 1024;
    private static final String COLUMNS = "job_id, device_id, server_id, session_id, ui_mode, state, attempts,"
            + " created_at, last_sent_at, answered_at, next_at, last_result, seq";

    private final Database db;
    private final SecureRandom random = new SecureRandom();

    public JdbcWakeJobStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Step start(NewWake w, NotificationPolicy policy, Instant now, Instant leaseUntil) {
        try {
            return db.inTransaction(c -> {
                lockServerId(c, w.serverId(), now);
                Optional<Wake> active = active(c, w.deviceId());
                if (active.isPresent()) {
                    return new Step.Existing(active.get());
                }
                Duration wait = waitBeforePush(c, w.deviceId(), w.serverId(), policy, now);
                if (!wait.isZero()) {
                    return new Step.Limited(wait);
                }
                Set<Integer> used = new HashSet<>();
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT session_id FROM dm_wake_job WHERE device_id = ? ORDER BY seq DESC LIMIT ?")) {
                    s.setString(1, w.deviceId());
                    s.setInt(2, HISTORY_PER_DEVICE);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            used.add(r.getInt(1));
                        }
                    }
                }
                int sessionId;
                do {
                    sessionId = w.sessionIds().getAsInt();
                } while (used.contains(sessionId));
                String token = token();
                try (PreparedStatement s = c.prepareStatement("INSERT INTO dm_wake_job (job_id, device_id, server_id,"
                        + " session_id, ui_mode, state, active_device, attempts, created_at, updated_at, last_sent_at,"
                        + " lease_token, lease_until, last_result)"
                        + " VALUES (?, ?, ?, ?, ?, 'SENDING', ?, 1, ?, ?, ?, ?, ?, 'created')")) {
                    s.setString(1, w.jobId());
                    s.setString(2, w.deviceId());
                    s.setString(3, w.serverId());
                    s.setInt(4, sessionId);
                    s.setString(5, w.uiMode().name());
                    s.setString(6, w.deviceId());
                    s.setLong(7, now.toEpochMilli());
                    s.setLong(8, now.toEpochMilli());
                    s.setLong(9, now.toEpochMilli());
                    s.setString(10, token);
                    s.setLong(11, leaseUntil.toEpochMilli());
                    s.executeUpdate();
                }
                recordPush(c, w.jobId(), w.deviceId(), w.serverId(), now);
                trimHistory(c, w.deviceId());
                return new Step.Push(read(c, w.jobId()).orElseThrow(), token);
            });
        } catch (StorageException e) {
            if (e.getCause() instanceof SQLException se && "23505".equals(se.getSQLState())) {
                // another node created the Device's active job between our check and our insert
                Optional<Wake> active = db.inTransaction(c -> active(c, w.deviceId()));
                if (active.isPresent()) {
                    return new Step.Existing(active.get());
                }
            }
            throw e;
        }
    }

    @Override
    public Optional<Step> takeDue(NotificationPolicy policy, Instant now, Instant leaseUntil) {
        long nowMs = now.toEpochMilli();
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dm_wake_job SET state = 'AWAITING_ANSWER',"
                    + " next_at = last_sent_at + ?, last_result = ?, lease_token = NULL, lease_until = NULL,"
                    + " updated_at = ? WHERE state = 'SENDING' AND lease_until < ?")) {
                s.setLong(1, policy.answerTimeout().toMillis());
                s.setString(2, LEASE_EXPIRED);
                s.setLong(3, nowMs);
                s.setLong(4, nowMs);
                s.executeUpdate();
            }
            Wake due;
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dm_wake_job"
                    + " WHERE state IN ('SCHEDULED', 'AWAITING_ANSWER') AND next_at <= ?"
                    + " ORDER BY next_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED")) {
                s.setLong(1, nowMs);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    due = wake(r);
                }
            }
            if (due.state() == State.AWAITING_ANSWER && due.attempts() >= policy.maxAttempts()) {
                update(c, due.jobId(), State.TIMED_OUT, null, WakeJobStore.timeoutResult(policy, due.attempts()), now);
                return Optional.of(new Step.TimedOut(read(c, due.jobId()).orElseThrow()));
            }
            lockServerId(c, due.serverId(), now);
            Duration wait = waitBeforePush(c, due.deviceId(), due.serverId(), policy, now);
            if (!wait.isZero()) {
                update(c, due.jobId(), State.SCHEDULED, now.plus(wait), "rate limited", now);
                return Optional.of(new Step.Deferred(read(c, due.jobId()).orElseThrow()));
            }
            String token = token();
            try (PreparedStatement s = c.prepareStatement("UPDATE dm_wake_job SET state = 'SENDING', attempts ="
                    + " attempts + 1, last_sent_at = ?, updated_at = ?, lease_token = ?, lease_until = ?"
                    + " WHERE job_id = ?")) {
                s.setLong(1, nowMs);
                s.setLong(2, nowMs);
                s.setString(3, token);
                s.setLong(4, leaseUntil.toEpochMilli());
                s.setString(5, due.jobId());
                s.executeUpdate();
            }
            recordPush(c, due.jobId(), due.deviceId(), due.serverId(), now);
            return Optional.of(new Step.Push(read(c, due.jobId()).orElseThrow(), token));
        });
    }

    @Override
    public Optional<Wake> settle(
            String jobId, String token, State state, Instant nextAt, String lastResult, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dm_wake_job SET state = ?, next_at = ?,"
                    + " last_result = ?, updated_at = ?, lease_token = NULL, lease_until = NULL,"
                    + " active_device = " + (state.isFinal() ? "NULL" : "device_id")
                    + " WHERE job_id = ? AND state = 'SENDING' AND lease_token = ?")) {
                s.setString(1, state.name());
                setTime(s, 2, state.isFinal() ? null : nextAt);
                s.setString(3, clip(lastResult));
                s.setLong(4, now.toEpochMilli());
                s.setString(5, jobId);
                s.setString(6, token);
                if (s.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            return read(c, jobId);
        });
    }

    @Override
    public Optional<Wake> answered(String deviceId, int sessionId, String lastResult, Instant now) {
        return db.inTransaction(c -> {
            String jobId;
            try (PreparedStatement s = c.prepareStatement("SELECT job_id FROM dm_wake_job WHERE device_id = ? AND"
                    + " session_id = ? AND state <> 'ANSWERED' ORDER BY seq DESC LIMIT 1 FOR UPDATE")) {
                s.setString(1, deviceId);
                s.setInt(2, sessionId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    jobId = r.getString(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE dm_wake_job SET state = 'ANSWERED', answered_at = ?,"
                    + " last_result = ?, updated_at = ?, next_at = NULL, lease_token = NULL, lease_until = NULL,"
                    + " active_device = NULL WHERE job_id = ? AND state <> 'ANSWERED'")) {
                s.setLong(1, now.toEpochMilli());
                s.setString(2, clip(lastResult));
                s.setLong(3, now.toEpochMilli());
                s.setString(4, jobId);
                if (s.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            return read(c, jobId);
        });
    }

    @Override
    public List<Wake> history(String deviceId) {
        return db.inTransaction(c -> {
            List<Wake> l = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM dm_wake_job WHERE device_id = ? ORDER BY seq DESC LIMIT ?")) {
                s.setString(1, deviceId);
                s.setInt(2, HISTORY_PER_DEVICE);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        l.add(wake(r));
                    }
                }
            }
            return l;
        });
    }

    @Override
    public Optional<Wake> job(String jobId) {
        return db.inTransaction(c -> read(c, jobId));
    }

    @Override
    public int prunePushes(Instant before) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM dm_wake_push WHERE sent_at < ?")) {
                s.setLong(1, before.toEpochMilli());
                return s.executeUpdate();
            }
        });
    }

    /** Pushes recorded for the ServerID after {@code since}, by every node: what the budget counts. */
    public int pushesSince(String serverId, Instant since) {
        return db.inTransaction(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT COUNT(*) FROM dm_wake_push WHERE server_id = ? AND sent_at > ?")) {
                s.setString(1, serverId);
                s.setLong(2, since.toEpochMilli());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    // ---- internals

    /** Takes the ServerID's row lock until the transaction ends (creating the row on first use). */
    private void lockServerId(Connection c, String serverId, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                Upsert.sql(db.dialect(), "dm_wake_server", List.of("server_id"), List.of("locked_at")))) {
            s.setString(1, serverId);
            s.setLong(2, now.toEpochMilli());
            s.executeUpdate();
        }
    }

    private static Optional<Wake> active(Connection c, String deviceId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + COLUMNS + " FROM dm_wake_job WHERE active_device = ?")) {
            s.setString(1, deviceId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(wake(r)) : Optional.empty();
            }
        }
    }

    private static Duration waitBeforePush(
            Connection c, String deviceId, String serverId, NotificationPolicy policy, Instant now)
            throws SQLException {
        Instant last = null;
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(sent_at) FROM dm_wake_push WHERE device_id = ?")) {
            s.setString(1, deviceId);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    long v = r.getLong(1);
                    last = r.wasNull() ? null : Instant.ofEpochMilli(v);
                }
            }
        }
        int inWindow = 0;
        Instant oldest = null;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*), MIN(sent_at) FROM dm_wake_push WHERE server_id = ? AND sent_at > ?")) {
            s.setString(1, serverId);
            s.setLong(2, now.minus(policy.serverIdWindow()).toEpochMilli());
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    inWindow = r.getInt(1);
                    long v = r.getLong(2);
                    oldest = r.wasNull() ? null : Instant.ofEpochMilli(v);
                }
            }
        }
        return policy.waitBeforePush(last, inWindow, oldest, now);
    }

    private static void recordPush(Connection c, String jobId, String deviceId, String serverId, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO dm_wake_push (job_id, device_id, server_id, sent_at) VALUES (?, ?, ?, ?)")) {
            s.setString(1, jobId);
            s.setString(2, deviceId);
            s.setString(3, serverId);
            s.setLong(4, now.toEpochMilli());
            s.executeUpdate();
        }
    }

    /** Drops the Device's final jobs older than its {@link #HISTORY_PER_DEVICE} newest. */
    private static void trimHistory(Connection c, String deviceId) throws SQLException {
        long oldestKept;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT seq FROM dm_wake_job WHERE device_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?")) {
            s.setString(1, deviceId);
            s.setInt(2, HISTORY_PER_DEVICE - 1);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return;
                }
                oldestKept = r.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM dm_wake_job WHERE device_id = ? AND seq < ? AND active_device IS NULL")) {
            s.setString(1, deviceId);
            s.setLong(2, oldestKept);
            s.executeUpdate();
        }
    }

    private static void update(Connection c, String jobId, State state, Instant nextAt, String result, Instant now)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE dm_wake_job SET state = ?, next_at = ?,"
                + " last_result = ?, updated_at = ?, active_device = " + (state.isFinal() ? "NULL" : "device_id")
                + " WHERE job_id = ?")) {
            s.setString(1, state.name());
            setTime(s, 2, nextAt);
            s.setString(3, clip(result));
            s.setLong(4, now.toEpochMilli());
            s.setString(5, jobId);
            s.executeUpdate();
        }
    }

    private static Optional<Wake> read(Connection c, String jobId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM dm_wake_job WHERE job_id = ?")) {
            s.setString(1, jobId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(wake(r)) : Optional.empty();
            }
        }
    }

    private static Wake wake(ResultSet r) throws SQLException {
        State state = State.valueOf(r.getString(6));
        Instant nextAt = time(r, 11);
        return new Wake(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getInt(4),
                UiMode.valueOf(r.getString(5)),
                state,
                r.getInt(7),
                Instant.ofEpochMilli(r.getLong(8)),
                time(r, 9),
                time(r, 10),
                state.isFinal() ? null : nextAt,
                r.getString(12));
    }

    private static Instant time(ResultSet r, int column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setTime(PreparedStatement s, int index, Instant t) throws SQLException {
        if (t == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, t.toEpochMilli());
        }
    }

    private static String clip(String s) {
        return s.length() <= RESULT_MAX ? s : s.substring(0, RESULT_MAX - 1) + "…";
    }

    private String token() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
