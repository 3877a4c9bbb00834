package io.trustdm.server.store;

import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Command;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.server.ManagementRegistry;
import io.trustdm.server.api.NodeValue;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.session.ClaimedJob;
import io.trustdm.server.session.OperationResult;
import io.trustdm.server.session.SessionOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's registry on a {@link Database}: plugs the JDBC stores into the session engine ({@code DeviceDirectory},
 * {@code JobQueue}), the authenticators ({@code DeviceAccounts}), the security policies ({@code SecurityAuditSink}) and
 * the bootstrap service ({@code AccountProvisioning}). Sessions that end with an authentication failure are counted
 * per Device and a completed session resets the count; {@link #lockedUntil} makes the engine refuse new sessions
 * during the backoff. The stores are exposed for operators (job states, cached tree values, linked alerts).
 *
 * <p>{@link #inMessage} makes the handling of one DM message one database transaction. When that transaction is rolled
 * back (the handling threw), the security audit events and authentication failures recorded in it are written again
 * in a transaction of their own, so a failure never erases the trace of a received message or a refused credential.
 * Thread-safe; it does not own the database.
 */
public final class JdbcRegistry implements ManagementRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRegistry.class);

    /** Default job lease: longer than the engine's 5-minute session idle timeout. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(10);

    private final DeviceStore devices;
    private final AccountStore accounts;
    private final JobStore jobs;
    private final TreeValueStore treeValues;
    private final AlertStore alerts;
    private final AuditStore audit;
    private final AuthFailureStore authFailures;
    private final JdbcWakeJobStore wakeJobs;
    private final Database db;
    /** The records to keep when the message unit open on this thread rolls back; null outside a unit. */
    private final ThreadLocal<List<Runnable>> kept = new ThreadLocal<>();

    public JdbcRegistry(Database db) {
        this(db, Clock.systemUTC(), DEFAULT_LEASE);
    }

    public JdbcRegistry(Database db, Clock clock, Duration lease) {
        this.db = Objects.requireNonNull(db, "db");
        this.devices = new DeviceStore(db, clock);
        this.accounts = new AccountStore(db, clock);
        this.jobs = new JobStore(db, clock, lease);
        this.treeValues = new TreeValueStore(db);
        this.alerts = new AlertStore(db, clock);
        this.audit = new AuditStore(db);
        this.authFailures = new AuthFailureStore(db, clock);
        this.wakeJobs = new JdbcWakeJobStore(db);
    }

    /** A database round trip: a connection from the pool that the driver reports valid within two seconds. */
    @Override
    public boolean storageReachable() {
        try (java.sql.Connection c = db.dataSource().getConnection()) {
            return c.isValid(2);
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * One database transaction for everything {@code work} stores (docs/STORAGE.md, "One commit per message"),
     * committed before this returns. When {@code work} throws, the transaction is rolled back and the audit events
     * and authentication failures it had recorded are committed again on their own before the exception propagates.
     */
    @Override
    public <T> T inMessage(Supplier<T> work) {
        if (kept.get() != null) {
            return work.get();
        }
        List<Runnable> keep = new ArrayList<>();
        kept.set(keep);
        try {
            return db.inUnit(work);
        } catch (RuntimeException | Error e) {
            kept.remove();
            recordAgain(keep, e);
            throw e;
        } finally {
            kept.remove();
        }
    }

    private void recordAgain(List<Runnable> keep, Throwable failure) {
        if (keep.isEmpty()) {
            return;
        }
        try {
            db.inTransaction(c -> {
                keep.forEach(Runnable::run);
                return null;
            });
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            LOG.error("{} audit and authentication records of a failed message could not be kept", keep.size(), e);
        }
    }

    /** Remembers {@code record} to be written again if the message unit open on this thread rolls back. */
    private void keepOnRollback(Runnable record) {
        List<Runnable> keep = kept.get();
        if (keep != null) {
            keep.add(record);
        }
    }

    public DeviceStore devices() {
        return devices;
    }

    public AccountStore accounts() {
        return accounts;
    }

    public JobStore jobStore() {
        return jobs;
    }

    public TreeValueStore treeValues() {
        return treeValues;
    }

    public AlertStore alertStore() {
        return alerts;
    }

    public AuditStore audit() {
        return audit;
    }

    public AuthFailureStore authFailures() {
        return authFailures;
    }

    /** Wake jobs and push history, shared by every server node on this database. */
    public JdbcWakeJobStore wakeJobs() {
        return wakeJobs;
    }

    // ManagementRegistry (operators)

    @Override
    public void register(DeviceAccount account, Nonce clientNonce, Nonce serverNonce) {
        accounts.provision(account, clientNonce, serverNonce);
    }

    @Override
    public void register(String deviceId) {
        devices.register(deviceId);
    }

    @Override
    public String enqueue(String deviceId, List<Command> commands) {
        return jobs.enqueue(deviceId, commands);
    }

    @Override
    public Optional<CompletedJob> completed(String jobId) {
        return jobs.completed(jobId);
    }

    @Override
    public Map<String, String> devInfo(String deviceId) {
        return devices.devInfo(deviceId);
    }

    @Override
    public List<SessionRecord> sessions() {
        return devices.sessions();
    }

    @Override
    public List<Alert> alerts() {
        return alerts.alerts().stream().map(AlertStore.StoredAlert::alert).toList();
    }

    @Override
    public List<SecurityAuditEvent> auditEvents() {
        return audit.events();
    }

    @Override
    public int queuedCount(String deviceId) {
        return jobs.queuedCount(deviceId);
    }

    @Override
    public List<String> deviceIds() {
        return devices.deviceIds();
    }

    @Override
    public boolean remove(String deviceId) {
        return devices.remove(deviceId);
    }

    @Override
    public List<ClaimedJob> jobs() {
        return jobs.jobs().stream().map(JdbcRegistry::claimedJob).toList();
    }

    @Override
    public Optional<ClaimedJob> job(String jobId) {
        return parsableJobId(jobId) ? jobs.job(jobId).map(JdbcRegistry::claimedJob) : Optional.empty();
    }

    @Override
    public boolean isClaimed(String jobId) {
        return parsableJobId(jobId)
                && jobs.job(jobId)
                        .filter(j -> j.state() == JobStore.JobState.CLAIMED)
                        .isPresent();
    }

    @Override
    public boolean isOutcomeUnknown(String jobId) {
        return parsableJobId(jobId)
                && jobs.job(jobId)
                        .filter(j -> j.state() == JobStore.JobState.OUTCOME_UNKNOWN)
                        .isPresent();
    }

    @Override
    public Optional<JobTimes> jobTimes(String jobId) {
        if (!parsableJobId(jobId)) {
            return Optional.empty();
        }
        return jobs.job(jobId)
                .map(j -> new JobTimes(j.enqueuedAt(), j.finishedAt().orElse(null)));
    }

    @Override
    public List<ReceivedAlert> receivedAlerts() {
        return alerts.alerts().stream()
                .map(a -> new ReceivedAlert(a.deviceId(), a.alert(), a.receivedAt()))
                .toList();
    }

    @Override
    public List<NodeValue> treeValues(String deviceId) {
        return treeValues.values(deviceId).stream()
                .map(v -> new NodeValue(
                        v.uri(),
                        "bin".equals(v.format()) ? Base64.getEncoder().encodeToString(v.octets()) : v.text(),
                        v.format() == null ? "chr" : v.format(),
                        v.readAt()))
                .toList();
    }

    private static ClaimedJob claimedJob(JobStore.JobRecord r) {
        return new ClaimedJob(r.jobId(), r.deviceId(), r.commands());
    }

    /** Job ids of this store are numbers; anything else (a typo, an id from another store) is simply not found. */
    private static boolean parsableJobId(String jobId) {
        try {
            JobStore.parseId(jobId);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    // AccountProvisioning, DeviceAccounts

    @Override
    public void provision(DeviceAccount account, Nonce clientNonce, Nonce serverNonce) {
        accounts.provision(account, clientNonce, serverNonce);
    }

    @Override
    public Optional<DeviceAccount> account(String deviceId) {
        return accounts.account(deviceId);
    }

    @Override
    public Nonce clientNonce(String deviceId) {
        return accounts.clientNonce(deviceId);
    }

    @Override
    public Nonce serverNonce(String deviceId) {
        return accounts.serverNonce(deviceId);
    }

    @Override
    public void storeClientNonce(String deviceId, Nonce nonce) {
        accounts.storeClientNonce(deviceId, nonce);
    }

    @Override
    public void storeServerNonce(String deviceId, Nonce nonce) {
        accounts.storeServerNonce(deviceId, nonce);
    }

    // SecurityAuditSink

    @Override
    public void record(SecurityAuditEvent event) {
        audit.record(event);
        keepOnRollback(() -> audit.record(event));
    }

    // DeviceDirectory

    @Override
    public boolean isKnown(String deviceId) {
        return devices.isKnown(deviceId);
    }

    @Override
    public Optional<Instant> lockedUntil(String deviceId) {
        return authFailures.lockedUntil(deviceId);
    }

    @Override
    public void recordDevInfo(String deviceId, Map<String, String> devInfo) {
        devices.recordDevInfo(deviceId, devInfo);
    }

    @Override
    public void credentialsRejected(String deviceId) {
        authFailures.recordFailure(deviceId);
        keepOnRollback(() -> authFailures.recordFailure(deviceId));
    }

    @Override
    public void recordSession(String deviceId, String sessionId, Instant ended, SessionOutcome outcome) {
        devices.recordSession(deviceId, sessionId, ended, outcome);
        if (outcome == SessionOutcome.AUTHENTICATION_FAILED) {
            authFailures.recordFailure(deviceId);
            keepOnRollback(() -> {
                devices.recordSession(deviceId, sessionId, ended, outcome);
                authFailures.recordFailure(deviceId);
            });
        } else if (outcome == SessionOutcome.COMPLETED) {
            authFailures.reset(deviceId);
        }
    }

    // JobQueue

    @Override
    public Optional<ClaimedJob> claim(String deviceId, String sessionKey) {
        return jobs.claim(deviceId, sessionKey);
    }

    @Override
    public void delivering(ClaimedJob job, List<Command> commands) {
        jobs.delivering(job, commands);
    }

    @Override
    public void complete(ClaimedJob job, List<OperationResult> results) {
        jobs.complete(job, results);
    }

    @Override
    public void release(ClaimedJob job) {
        jobs.release(job);
    }

    /** The database this registry stores in (for its size, its commit counter and health checks). */
    public Database database() {
        return db;
    }

    @Override
    public void alertReceived(String deviceId, Alert alert) {
        alerts.store(deviceId, alert);
    }
}
