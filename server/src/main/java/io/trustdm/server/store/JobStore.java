package io.trustdm.server.store;

import io.trustdm.protocol.message.Atomic;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Sequence;
import io.trustdm.server.ManagementRegistry.CompletedJob;
import io.trustdm.server.session.ClaimedJob;
import io.trustdm.server.session.OperationResult;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The management job queue: northbound operations (Get, Replace, Add, Delete, Exec, Copy, Atomic and Sequence groups)
 * queued per Device, claimed by one session at a time, and settled with the Device's statuses and results.
 *
 * <p><b>Jobs are never lost.</b> Every transition is one transaction. A claim takes the oldest queued job of the
 * Device with {@code SELECT ... FOR UPDATE SKIP LOCKED} (PostgreSQL and H2 alike), so two sessions never take the same
 * job, and gives it a lease: an owner, a random fencing token and an expiry. Only the holder of the token may report
 * delivery, complete or release it. When a lease runs out (the session's process died), the job is queued again for
 * the next session, <b>except</b> when an Exec of it had already been handed to a Device: that job becomes
 * {@link JobState#OUTCOME_UNKNOWN} instead, because executing a command twice (a firmware update, a wipe) can be worse
 * than not knowing whether it ran once. Exec is therefore delivered at most once; every other command at least once.
 * {@link #delivering} must be called, and return, before the commands leave the server: it records the Exec as sent
 * and renews the lease.
 *
 * <p>Thread-safe; several server processes may share one PostgreSQL database.
 */
public final class JobStore {
    /** Where a job is in its life. */
    public enum JobState {
        QUEUED,
        CLAIMED,
        DONE,
        OUTCOME_UNKNOWN
    }

    /** A job as stored (without its results). */
    public record JobRecord(
            String jobId,
            String deviceId,
            JobState state,
            List<Command> commands,
            boolean execSent,
            int attempts,
            Instant enqueuedAt,
            Optional<Instant> finishedAt) {}

    private final Database db;
    private final Clock clock;
    private final Duration lease;
    private final SecureRandom random = new SecureRandom();
    private final Map<ClaimedJob, String> tokens = Collections.synchronizedMap(new IdentityHashMap<>());

    /**
     * @param lease how long a claim holds without news from its session; renewed on every delivery. Choose it longer
     *              than a session's idle timeout, so a live but slow session keeps its job
     */
    public JobStore(Database db, Clock clock, Duration lease) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lease = Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive");
        }
    }

    static long parseId(String jobId) {
        try {
            return Long.parseLong(jobId);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a job id: " + jobId);
        }
    }

    /** Queues a job of commands for the Device (CmdIDs are assigned at delivery) and returns its id. */
    public String enqueue(String deviceId, List<? extends Command> commands) {
        Objects.requireNonNull(deviceId, "deviceId");
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("a job has at least one command");
        }
        byte[] stored = StoredCommands.encode(commands);
        boolean hasExec = containsExec(commands);
        Set<String> correlators = new LinkedHashSet<>();
        collectCorrelators(commands, correlators);
        return db.inTransaction(c -> {
            long id;
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO dm_job (device_id, state, commands, has_exec, exec_sent, enqueued_at, attempts)"
                            + " VALUES (?, 'QUEUED', ?, ?, FALSE, ?, 0)",
                    new String[] {"id"})) {
                s.setString(1, deviceId);
                s.setBytes(2, stored);
                s.setBoolean(3, hasExec);
                s.setLong(4, clock.millis());
                s.executeUpdate();
                try (ResultSet k = s.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            if (!correlators.isEmpty()) {
                try (PreparedStatement s =
                        c.prepareStatement("INSERT INTO dm_job_correlator (job_id, correlator) VALUES (?, ?)")) {
                    for (String k : correlators) {
                        s.setLong(1, id);
                        s.setString(2, k);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
            }
            return String.valueOf(id);
        });
    }

    /** Claims the Device's oldest queued job for {@code sessionKey}, first settling the Device's expired leases. */
    public Optional<ClaimedJob> claim(String deviceId, String sessionKey) {
        long now = clock.millis();
        String token = HexFormat.of().formatHex(randomBytes());
        Optional<ClaimedJob> job = db.inTransaction(c -> {
            settleExpired(c, deviceId, now);
            long id;
            byte[] stored;
            try (PreparedStatement s = c.prepareStatement("SELECT id, commands FROM dm_job WHERE device_id = ? AND"
                    + " state = 'QUEUED' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED")) {
                s.setString(1, deviceId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    id = r.getLong(1);
                    stored = r.getBytes(2);
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE dm_job SET state = 'CLAIMED', lease_owner = ?,"
                    + " lease_token = ?, lease_until = ?, attempts = attempts + 1 WHERE id = ? AND state = 'QUEUED'")) {
                s.setString(1, sessionKey);
                s.setString(2, token);
                s.setLong(3, now + lease.toMillis());
                s.setLong(4, id);
                if (s.executeUpdate() != 1) {
                    throw new StorageException("job " + id + " changed under its row lock");
                }
            }
            return Optional.of(new ClaimedJob(String.valueOf(id), deviceId, StoredCommands.decode(stored)));
        });
        job.ifPresent(j -> tokens.put(j, token));
        return job;
    }

    private byte[] randomBytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    /**
     * Records that these commands of a claimed job are about to be sent and renews the lease. Must return before the
     * commands leave the server.
     *
     * @throws LeaseLostException when the lease is no longer this claim's: the commands must not be sent
     */
    public void delivering(ClaimedJob job, List<Command> commands) {
        String token = token(job);
        boolean exec = containsExec(commands);
        long now = clock.millis();
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dm_job SET lease_until = ?"
                    + (exec ? ", exec_sent = TRUE" : "")
                    + " WHERE id = ? AND state = 'CLAIMED' AND lease_token = ?")) {
                s.setLong(1, now + lease.toMillis());
                s.setLong(2, parseId(job.jobId()));
                s.setString(3, token);
                if (s.executeUpdate() != 1) {
                    throw new LeaseLostException(job.jobId());
                }
            }
            return null;
        });
    }

    /**
     * Settles a delivered job with the outcome of each of its commands and caches the values its Gets read.
     *
     * @throws LeaseLostException when the job is not (or no longer) claimed by this claim, e.g. completed twice
     */
    public void complete(ClaimedJob job, List<OperationResult> results) {
        String token = token(job);
        long now = clock.millis();
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dm_job SET state = 'DONE', finished_at = ?,"
                    + " lease_owner = NULL, lease_token = NULL, lease_until = NULL"
                    + " WHERE id = ? AND state = 'CLAIMED' AND lease_token = ?")) {
                s.setLong(1, now);
                s.setLong(2, parseId(job.jobId()));
                s.setString(3, token);
                if (s.executeUpdate() != 1) {
                    throw new LeaseLostException(job.jobId());
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO dm_job_result (job_id, idx, command, status, results) VALUES (?, ?, ?, ?, ?)")) {
                for (OperationResult r : results) {
                    s.setLong(1, parseId(job.jobId()));
                    s.setInt(2, r.index());
                    s.setString(3, r.command());
                    s.setInt(4, r.status());
                    s.setBytes(5, r.results().isEmpty() ? null : StoredCommands.encodeItems(r.results()));
                    s.addBatch();
                }
                s.executeBatch();
            }
            TreeValueStore.cacheResults(c, db.dialect(), job, results, now);
            return null;
        });
        tokens.remove(job);
    }

    /**
     * Gives a claimed job back because its session ended before the Device answered: queued again, or
     * {@link JobState#OUTCOME_UNKNOWN} when one of its Execs had been sent. Does nothing when the lease was lost.
     */
    public void release(ClaimedJob job) {
        String token = tokens.remove(job);
        if (token == null) {
            return;
        }
        long now = clock.millis();
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dm_job SET state = CASE WHEN exec_sent THEN"
                    + " 'OUTCOME_UNKNOWN' ELSE 'QUEUED' END, finished_at = CASE WHEN exec_sent THEN ? ELSE NULL END,"
                    + " lease_owner = NULL, lease_token = NULL, lease_until = NULL"
                    + " WHERE id = ? AND state = 'CLAIMED' AND lease_token = ?")) {
                s.setLong(1, now);
                s.setLong(2, parseId(job.jobId()));
                s.setString(3, token);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Settles every expired lease of every Device (for a periodic sweep or at start); returns how many. */
    public int settleExpiredLeases() {
        long now = clock.millis();
        return db.inTransaction(c -> settleExpired(c, null, now));
    }

    private static int settleExpired(Connection c, String deviceId, long now) throws SQLException {
        String byDevice = deviceId == null ? "" : " AND device_id = ?";
        int n;
        try (PreparedStatement s = c.prepareStatement("UPDATE dm_job SET state = 'QUEUED', lease_owner = NULL,"
                + " lease_token = NULL, lease_until = NULL WHERE state = 'CLAIMED' AND lease_until < ?"
                + " AND exec_sent = FALSE" + byDevice)) {
            s.setLong(1, now);
            if (deviceId != null) {
                s.setString(2, deviceId);
            }
            n = s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE dm_job SET state = 'OUTCOME_UNKNOWN', finished_at = ?,"
                + " lease_owner = NULL, lease_token = NULL, lease_until = NULL WHERE state = 'CLAIMED'"
                + " AND lease_until < ? AND exec_sent = TRUE" + byDevice)) {
            s.setLong(1, now);
            s.setLong(2, now);
            if (deviceId != null) {
                s.setString(3, deviceId);
            }
            n += s.executeUpdate();
        }
        return n;
    }

    private String token(ClaimedJob job) {
        String t = tokens.get(job);
        if (t == null) {
            throw new LeaseLostException(job.jobId());
        }
        return t;
    }

    public Optional<JobRecord> job(String jobId) {
        long id = parseId(jobId);
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(SELECT_RECORD + " WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(record(r)) : Optional.empty();
                }
            }
        });
    }

    /** Every job, oldest first. */
    public List<JobRecord> jobs() {
        return db.inTransaction(c -> {
            List<JobRecord> l = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(SELECT_RECORD + " ORDER BY id");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    l.add(record(r));
                }
            }
            return l;
        });
    }

    private static final String SELECT_RECORD =
            "SELECT id, device_id, state, commands, exec_sent, attempts, enqueued_at, finished_at FROM dm_job";

    private static JobRecord record(ResultSet r) throws SQLException {
        long fin = r.getLong(8);
        Optional<Instant> finished = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(fin));
        return new JobRecord(
                String.valueOf(r.getLong(1)),
                r.getString(2),
                JobState.valueOf(r.getString(3)),
                StoredCommands.decode(r.getBytes(4)),
                r.getBoolean(5),
                r.getInt(6),
                Instant.ofEpochMilli(r.getLong(7)),
                finished);
    }

    /** The job with its results, once it is {@link JobState#DONE}. */
    public Optional<CompletedJob> completed(String jobId) {
        Optional<JobRecord> rec = job(jobId).filter(j -> j.state() == JobState.DONE);
        if (rec.isEmpty()) {
            return Optional.empty();
        }
        List<OperationResult> results = db.inTransaction(c -> {
            List<OperationResult> l = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT idx, command, status, results FROM dm_job_result WHERE job_id = ? ORDER BY idx")) {
                s.setLong(1, parseId(jobId));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        l.add(new OperationResult(
                                r.getInt(1), r.getString(2), r.getInt(3), StoredCommands.decodeItems(r.getBytes(4))));
                    }
                }
            }
            return l;
        });
        JobRecord j = rec.get();
        return Optional.of(new CompletedJob(new ClaimedJob(j.jobId(), j.deviceId(), j.commands()), results));
    }

    /** Jobs of the Device waiting for a session. */
    public int queuedCount(String deviceId) {
        return db.inTransaction(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT COUNT(*) FROM dm_job WHERE device_id = ? AND state = 'QUEUED'")) {
                s.setString(1, deviceId);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    /** Whether an Exec appears among these commands or inside their Atomic/Sequence groups. */
    static boolean containsExec(List<? extends Command> commands) {
        for (Command c : commands) {
            if (c instanceof Exec
                    || (c instanceof Atomic a && containsExec(a.commands()))
                    || (c instanceof Sequence q && containsExec(q.commands()))) {
                return true;
            }
        }
        return false;
    }

    private static void collectCorrelators(List<? extends Command> commands, Set<String> out) {
        for (Command c : commands) {
            if (c instanceof Exec e && e.correlator() != null) {
                out.add(e.correlator());
            } else if (c instanceof Atomic a) {
                collectCorrelators(a.commands(), out);
            } else if (c instanceof Sequence q) {
                collectCorrelators(q.commands(), out);
            }
        }
    }
}
