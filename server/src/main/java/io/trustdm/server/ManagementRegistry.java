package io.trustdm.server;

import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Command;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.SecurityAuditSink;
import io.trustdm.server.api.NodeValue;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.auth.DeviceAccounts;
import io.trustdm.server.bootstrap.AccountProvisioning;
import io.trustdm.server.session.ClaimedJob;
import io.trustdm.server.session.DeviceDirectory;
import io.trustdm.server.session.JobQueue;
import io.trustdm.server.session.OperationResult;
import io.trustdm.server.session.SessionOutcome;
import io.trustdm.server.session.UnitOfWork;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything the server keeps about its Devices, seen from one place: the registry, accounts and nonces the sessions
 * use, the job queue, results, alerts and the audit trail. Two implementations: {@code InMemoryRegistry} for tests and
 * embedding, {@code JdbcRegistry} (H2 or PostgreSQL) for anything that must survive a restart.
 */
public interface ManagementRegistry
        extends DeviceDirectory, JobQueue, DeviceAccounts, SecurityAuditSink, AccountProvisioning, UnitOfWork {

    /** What a session did, for callers that wait for a result. */
    record SessionRecord(String deviceId, String sessionId, Instant ended, SessionOutcome outcome) {}

    /** A delivered job with its results. */
    record CompletedJob(ClaimedJob job, List<OperationResult> results) {}

    /** A Generic Alert or Client Event with the Device that sent it and when it arrived. */
    record ReceivedAlert(String deviceId, Alert alert, Instant received) {}

    /** When a job was queued and, once the Device answered, completed ({@code null} until then). */
    record JobTimes(Instant created, Instant completed) {}

    /**
     * Whether the storage behind this registry answers right now (a database round trip for a JDBC registry). Used by
     * the health check; must not throw.
     */
    default boolean storageReachable() {
        return true;
    }

    /**
     * Runs the handling of one DM message as one unit of work (see {@link UnitOfWork}). The default runs it as it is,
     * which suits a registry whose every write is immediately where it stays (in memory).
     */
    @Override
    default <T> T inMessage(Supplier<T> work) {
        return work.get();
    }

    /** Registers a Device with its account and the nonces its bootstrap provisioned. */
    void register(DeviceAccount account, Nonce clientNonce, Nonce serverNonce);

    /** Registers a Device identity (certificate-only setups add the account separately). */
    void register(String deviceId);

    /** Queues a job of commands (CmdIDs are assigned at delivery) and returns its id. */
    String enqueue(String deviceId, List<Command> commands);

    /** The job with its results once the Device answered it. */
    Optional<CompletedJob> completed(String jobId);

    Map<String, String> devInfo(String deviceId);

    List<SessionRecord> sessions();

    /** Generic Alerts and Client Events received, oldest first. */
    List<Alert> alerts();

    List<SecurityAuditEvent> auditEvents();

    int queuedCount(String deviceId);

    /** Every registered Device identity, in registration order. */
    List<String> deviceIds();

    /**
     * Forgets a Device with its account, nonces, queued jobs and read values; false when it was not registered.
     * Implementations may keep answered jobs, alerts and audit events as history.
     */
    boolean remove(String deviceId);

    /** Every job, oldest first (queued, in delivery and answered). */
    List<ClaimedJob> jobs();

    Optional<ClaimedJob> job(String jobId);

    /** True while a session holds the job (claimed, not yet answered or released). */
    boolean isClaimed(String jobId);

    /** True when the job was given back after one of its Execs was sent: it is never delivered again. */
    boolean isOutcomeUnknown(String jobId);

    Optional<JobTimes> jobTimes(String jobId);

    /** Generic Alerts and Client Events with their sender and arrival time, oldest first. */
    List<ReceivedAlert> receivedAlerts();

    /** The last value read from each node of the Device, sorted by path. */
    List<NodeValue> treeValues(String deviceId);
}
