package io.trustdm.server.memory;

import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Command;
import io.trustdm.server.session.ClaimedJob;
import io.trustdm.server.session.DeviceDirectory;
import io.trustdm.server.session.JobQueue;
import io.trustdm.server.session.OperationResult;
import io.trustdm.server.session.SessionOutcome;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A registry and job queue held in memory. Thread-safe. */
public final class InMemoryRegistry implements DeviceDirectory, JobQueue {

    /** What a session did, for callers that wait for a result. */
    public record SessionRecord(String deviceId, String sessionId, Instant ended, SessionOutcome outcome) {}

    /** A delivered job with its results. */
    public record CompletedJob(ClaimedJob job, List<OperationResult> results) {}

    private final Map<String, Map<String, String>> devices = new LinkedHashMap<>();
    private final Map<String, Deque<ClaimedJob>> queued = new HashMap<>();
    private final Map<String, ClaimedJob> claimed = new HashMap<>();
    private final Map<String, CompletedJob> completed = new LinkedHashMap<>();
    private final List<SessionRecord> sessions = new ArrayList<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    public synchronized void register(String deviceId) {
        devices.putIfAbsent(deviceId, new LinkedHashMap<>());
    }

    /** Queues a job of commands (CmdIDs are assigned at delivery) and returns its id. */
    public synchronized String enqueue(String deviceId, List<Command> commands) {
        String id = "job-" + ids.incrementAndGet();
        queued.computeIfAbsent(deviceId, d -> new ArrayDeque<>()).add(new ClaimedJob(id, deviceId, commands));
        return id;
    }

    public synchronized Optional<CompletedJob> completed(String jobId) {
        return Optional.ofNullable(completed.get(jobId));
    }

    public synchronized Map<String, String> devInfo(String deviceId) {
        return Map.copyOf(devices.getOrDefault(deviceId, Map.of()));
    }

    public synchronized List<SessionRecord> sessions() {
        return List.copyOf(sessions);
    }

    public synchronized List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    public synchronized int queuedCount(String deviceId) {
        return queued.getOrDefault(deviceId, new ArrayDeque<>()).size();
    }

    @Override
    public synchronized boolean isKnown(String deviceId) {
        return devices.containsKey(deviceId);
    }

    @Override
    public synchronized void recordDevInfo(String deviceId, Map<String, String> devInfo) {
        devices.computeIfAbsent(deviceId, d -> new LinkedHashMap<>()).putAll(devInfo);
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
        completed.put(job.jobId(), new CompletedJob(job, List.copyOf(results)));
    }

    @Override
    public synchronized void release(ClaimedJob job) {
        if (claimed.remove(job.jobId()) != null) {
            queued.computeIfAbsent(job.deviceId(), d -> new ArrayDeque<>()).addFirst(job);
        }
    }

    @Override
    public synchronized void alertReceived(String deviceId, Alert alert) {
        alerts.add(alert);
    }
}
