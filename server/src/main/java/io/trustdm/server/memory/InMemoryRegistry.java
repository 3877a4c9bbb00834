package io.trustdm.server.memory;

import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Item;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.server.ManagementRegistry;
import io.trustdm.server.api.NodeValue;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.session.ClaimedJob;
import io.trustdm.server.session.OperationResult;
import io.trustdm.server.session.SessionOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A registry and job queue held in memory, with the history the management API shows (job times, received alerts,
 * values read from each Device), for tests and embedding; nothing survives a restart. Like the JDBC store it never
 * re-queues a released job whose Exec was already sent (at-most-once for Exec). Thread-safe.
 */
public final class InMemoryRegistry implements ManagementRegistry {

    private final Map<String, Map<String, String>> devices = new LinkedHashMap<>();
    private final Map<String, Deque<ClaimedJob>> queued = new HashMap<>();
    private final Map<String, ClaimedJob> claimed = new HashMap<>();
    private final Map<String, CompletedJob> completed = new LinkedHashMap<>();
    private final List<SessionRecord> sessions = new ArrayList<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, DeviceAccount> accounts = new HashMap<>();
    private final Map<String, Nonce> clientNonces = new HashMap<>();
    private final Map<String, Nonce> serverNonces = new HashMap<>();
    private final List<SecurityAuditEvent> audit = new ArrayList<>();
    private final java.util.Set<String> execSent = new java.util.HashSet<>();
    private final java.util.Set<String> outcomeUnknown = new java.util.LinkedHashSet<>();
    private final Map<String, ClaimedJob> allJobs = new LinkedHashMap<>();
    private final Map<String, JobTimes> jobTimes = new HashMap<>();
    private final List<ReceivedAlert> received = new ArrayList<>();
    private final Map<String, Map<String, NodeValue>> treeValues = new HashMap<>();
    private final Clock clock;

    public InMemoryRegistry() {
        this(Clock.systemUTC());
    }

    public InMemoryRegistry(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void register(DeviceAccount account, Nonce clientNonce, Nonce serverNonce) {
        register(account.deviceId());
        accounts.put(account.deviceId(), account);
        if (clientNonce != null) {
            clientNonces.put(account.deviceId(), clientNonce);
        }
        if (serverNonce != null) {
            serverNonces.put(account.deviceId(), serverNonce);
        }
    }

    @Override
    public void provision(DeviceAccount account, Nonce clientNonce, Nonce serverNonce) {
        register(account, clientNonce, serverNonce);
    }

    @Override
    public synchronized List<SecurityAuditEvent> auditEvents() {
        return List.copyOf(audit);
    }

    @Override
    public synchronized void record(SecurityAuditEvent event) {
        audit.add(event);
    }

    @Override
    public synchronized Optional<DeviceAccount> account(String deviceId) {
        return Optional.ofNullable(accounts.get(deviceId));
    }

    @Override
    public synchronized Nonce clientNonce(String deviceId) {
        return clientNonces.get(deviceId);
    }

    @Override
    public synchronized Nonce serverNonce(String deviceId) {
        return serverNonces.get(deviceId);
    }

    @Override
    public synchronized void storeClientNonce(String deviceId, Nonce nonce) {
        clientNonces.put(deviceId, nonce);
    }

    @Override
    public synchronized void storeServerNonce(String deviceId, Nonce nonce) {
        serverNonces.put(deviceId, nonce);
    }

    @Override
    public synchronized void register(String deviceId) {
        devices.putIfAbsent(deviceId, new LinkedHashMap<>());
    }

    @Override
    public synchronized String enqueue(String deviceId, List<Command> commands) {
        String id = "job-" + ids.incrementAndGet();
        ClaimedJob job = new ClaimedJob(id, deviceId, commands);
        queued.computeIfAbsent(deviceId, d -> new ArrayDeque<>()).add(job);
        allJobs.put(id, job);
        jobTimes.put(id, new JobTimes(clock.instant(), null));
        return id;
    }

    @Override
    public synchronized Optional<CompletedJob> completed(String jobId) {
        return Optional.ofNullable(completed.get(jobId));
    }

    @Override
    public synchronized Map<String, String> devInfo(String deviceId) {
        return Map.copyOf(devices.getOrDefault(deviceId, Map.of()));
    }

    @Override
    public synchronized List<SessionRecord> sessions() {
        return List.copyOf(sessions);
    }

    @Override
    public synchronized List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    @Override
    public synchronized int queuedCount(String deviceId) {
        return queued.getOrDefault(deviceId, new ArrayDeque<>()).size();
    }

    /** Every job ever queued, oldest first. */
    public synchronized List<ClaimedJob> jobs() {
        return List.copyOf(allJobs.values());
    }

    public synchronized Optional<ClaimedJob> job(String jobId) {
        return Optional.ofNullable(allJobs.get(jobId));
    }

    public synchronized boolean isQueued(String jobId) {
        ClaimedJob j = allJobs.get(jobId);
        return j != null
                && queued.getOrDefault(j.deviceId(), new ArrayDeque<>()).contains(j);
    }

    public synchronized boolean isClaimed(String jobId) {
        return claimed.containsKey(jobId);
    }

    public synchronized Optional<JobTimes> jobTimes(String jobId) {
        return Optional.ofNullable(jobTimes.get(jobId));
    }

    /** Registered Device identities in registration order. */
    public synchronized List<String> deviceIds() {
        return List.copyOf(devices.keySet());
    }

    /** Alerts with their sender and arrival time, oldest first. */
    public synchronized List<ReceivedAlert> receivedAlerts() {
        return List.copyOf(received);
    }

    /** The values read from the Device so far, by path. */
    public synchronized List<NodeValue> treeValues(String deviceId) {
        return List.copyOf(treeValues.getOrDefault(deviceId, Map.of()).values());
    }

    /**
     * Forgets a Device: its DevInfo, account, nonces, queued jobs and read values. Its sessions, completed jobs,
     * alerts and audit events stay as history.
     */
    public synchronized boolean remove(String deviceId) {
        if (devices.remove(deviceId) == null) {
            return false;
        }
        accounts.remove(deviceId);
        clientNonces.remove(deviceId);
        serverNonces.remove(deviceId);
        Deque<ClaimedJob> q = queued.remove(deviceId);
        if (q != null) {
            q.forEach(j -> {
                allJobs.remove(j.jobId());
                jobTimes.remove(j.jobId());
            });
        }
        treeValues.remove(deviceId);
        return true;
    }

    @Override
    public synchronized boolean isKnown(String deviceId) {
        return devices.containsKey(deviceId);
    }

    @Override
    public synchronized void recordDevInfo(String deviceId, Map<String, String> devInfo) {
        devices.computeIfAbsent(deviceId, d -> new LinkedHashMap<>()).putAll(devInfo);
        Instant now = clock.instant();
        Map<String, NodeValue> t = treeValues.computeIfAbsent(deviceId, d -> new TreeMap<>());
        devInfo.forEach(
                (leaf, value) -> t.put("./DevInfo/" + leaf, new NodeValue("./DevInfo/" + leaf, value, "chr", now)));
    }

    @Override
    public synchronized void recordSession(String deviceId, String sessionId, Instant ended, SessionOutcome outcome) {
        sessions.add(new SessionRecord(deviceId, sessionId, ended, outcome));
    }

    @Override
    public synchronized Optional<ClaimedJob> claim(String deviceId, String sessionKey) {
        Deque<ClaimedJob> q = queued.get(deviceId);
        if (q == null || q.isEmpty()) {
            return Optional.empty();
        }
        ClaimedJob j = q.poll();
        claimed.put(j.jobId(), j);
        return Optional.of(j);
    }

    @Override
    public synchronized void complete(ClaimedJob job, List<OperationResult> results) {
        if (claimed.remove(job.jobId()) == null) {
            throw new IllegalStateException("job " + job.jobId() + " was not claimed (or completed twice)");
        }
        execSent.remove(job.jobId());
        completed.put(job.jobId(), new CompletedJob(job, List.copyOf(results)));
        Instant now = clock.instant();
        jobTimes.computeIfPresent(job.jobId(), (id, t) -> new JobTimes(t.created(), now));
        Map<String, NodeValue> t = treeValues.computeIfAbsent(job.deviceId(), d -> new TreeMap<>());
        for (OperationResult r : results) {
            for (Item i : r.results()) {
                if (i.source() != null && i.data() != null) {
                    String path = i.source().locUri();
                    String format = i.meta() == null || i.meta().format() == null
                            ? "chr"
                            : i.meta().format();
                    t.put(path, new NodeValue(path, i.data().asText(), format, now));
                }
            }
        }
    }

    @Override
    public synchronized void delivering(ClaimedJob job, List<Command> commands) {
        if (!claimed.containsKey(job.jobId())) {
            throw new IllegalStateException("job " + job.jobId() + " is not claimed");
        }
        if (containsExec(commands)) {
            execSent.add(job.jobId());
        }
    }

    @Override
    public synchronized void release(ClaimedJob job) {
        if (claimed.remove(job.jobId()) != null) {
            if (execSent.remove(job.jobId())) {
                outcomeUnknown.add(job.jobId());
            } else {
                queued.computeIfAbsent(job.deviceId(), d -> new ArrayDeque<>()).addFirst(job);
            }
        }
    }

    /** Whether the job was given back after one of its Execs was sent: it will not be delivered again. */
    public synchronized boolean isOutcomeUnknown(String jobId) {
        return outcomeUnknown.contains(jobId);
    }

    private static boolean containsExec(List<Command> commands) {
        for (Command c : commands) {
            if (c instanceof io.trustdm.protocol.message.Exec
                    || (c instanceof io.trustdm.protocol.message.Atomic a && containsExec(a.commands()))
                    || (c instanceof io.trustdm.protocol.message.Sequence q && containsExec(q.commands()))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void alertReceived(String deviceId, Alert alert) {
        alerts.add(alert);
        received.add(new ReceivedAlert(deviceId, alert, clock.instant()));
    }
}
