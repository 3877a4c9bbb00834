package io.trustdm.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Command;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.SecurityAuditSink;
import io.trustdm.security.policy.Verdict;
import io.trustdm.server.notification.Delivery;
import io.trustdm.server.notification.NotificationSender;
import io.trustdm.server.session.ClaimedJob;
import io.trustdm.server.session.DeviceDirectory;
import io.trustdm.server.session.JobQueue;
import io.trustdm.server.session.OperationResult;
import io.trustdm.server.session.SessionOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's view of what the server is doing, as Prometheus counters. The metrics are collected by wrapping the
 * seams every session already goes through (registry, job queue, audit sink) rather than by calls sprinkled in the
 * engine, so a decision the engine makes cannot escape being counted.
 *
 * <p>Metric names: {@code trustdm_sessions_total{outcome}}, {@code trustdm_active_sessions},
 * {@code trustdm_auth_failures_total{reason}}, {@code trustdm_security_decisions_total{point,verdict}},
 * {@code trustdm_jobs_total{state}}, {@code trustdm_alerts_total{kind}}, {@code trustdm_notifications_total{outcome}},
 * {@code trustdm_bootstrap_total{result}}, {@code trustdm_storage_file_bytes} (embedded H2 only).
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger activeSessions = new AtomicInteger();
    private volatile java.util.function.IntSupplier activeCount = activeSessions::get;

    public ServerMetrics() {
        Gauge.builder("trustdm_active_sessions", this, m -> m.activeCount.getAsInt())
                .description("Management Sessions currently running")
                .register(registry);
        // Pre-register the zero values an operator will alert on, so dashboards see them before the first event.
        for (SessionOutcome o : SessionOutcome.values()) {
            sessions(o);
        }
        bootstrap("delivered");
        bootstrap("refused");
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private Counter sessions(SessionOutcome o) {
        return Counter.builder("trustdm_sessions")
                .description("Management Sessions by how they ended")
                .tag("outcome", o.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }

    private Counter bootstrap(String result) {
        return Counter.builder("trustdm_bootstrap")
                .description("Bootstrap deliveries and refusals")
                .tag("result", result)
                .register(registry);
    }

    private void count(String name, String description, String tag, String value) {
        Counter.builder(name)
                .description(description)
                .tag(tag, value)
                .register(registry)
                .increment();
    }

    /**
     * Reads the running-session gauge from the session engine itself, so sessions a Device abandoned count until the
     * engine expires them (instead of the started-minus-recorded estimate).
     */
    public void activeSessionsFrom(java.util.function.IntSupplier engineCount) {
        this.activeCount = java.util.Objects.requireNonNull(engineCount, "engineCount");
    }

    /**
     * Publishes {@code trustdm_storage_file_bytes}, the size of the embedded H2 database file. H2 appends every commit
     * (docs/STORAGE.md) and compacts only when the server starts, so an operator alerts on this before the disk fills.
     */
    public void storageFileFrom(java.util.function.LongSupplier fileBytes) {
        java.util.Objects.requireNonNull(fileBytes, "fileBytes");
        Gauge.builder("trustdm_storage_file_bytes", fileBytes, f -> (double) f.getAsLong())
                .description("Size of the embedded H2 database file; it grows until the next start compacts it")
                .baseUnit("bytes")
                .register(registry);
    }

    /** A session started (the engine calls this once per session). */
    public void sessionStarted() {
        activeSessions.incrementAndGet();
    }

    /** What the bearer said about one Package #0 push: accepted, refused or unavailable (see {@link #wake} for jobs). */
    public void notification(String outcome) {
        count("trustdm_notifications", "Package #0 notifications by outcome", "outcome", outcome);
    }

    /** Wraps a notification bearer so every push is counted by what the bearer said. */
    public NotificationSender meterNotifications(NotificationSender sender) {
        return (deviceId, package0) -> {
            Delivery d;
            try {
                d = sender.send(deviceId, package0);
            } catch (java.io.IOException | RuntimeException e) {
                notification("unavailable");
                throw e;
            }
            if (d instanceof Delivery.Accepted) {
                notification("accepted");
            } else if (d instanceof Delivery.Refused) {
                notification("refused");
            } else {
                notification("unavailable");
            }
            return d;
        };
    }

    /** A wake job reached a final state: answered, timed_out or failed. */
    public void wake(String state) {
        count("trustdm_wakes", "Wake-up jobs by final state", "state", state);
    }

    /** Wraps the registry so every session end is counted by outcome. */
    public DeviceDirectory meter(DeviceDirectory directory) {
        return new DeviceDirectory() {
            @Override
            public boolean isKnown(String deviceId) {
                return directory.isKnown(deviceId);
            }

            @Override
            public Optional<Instant> lockedUntil(String deviceId) {
                // must be delegated: the default (never locked) would switch off the authentication backoff
                return directory.lockedUntil(deviceId);
            }

            @Override
            public void credentialsRejected(String deviceId) {
                // must be delegated: the default (nothing) would let abandoned sessions guess passwords for free
                directory.credentialsRejected(deviceId);
            }

            @Override
            public void recordDevInfo(String deviceId, Map<String, String> devInfo) {
                directory.recordDevInfo(deviceId, devInfo);
            }

            @Override
            public void recordSession(String deviceId, String sessionId, Instant ended, SessionOutcome outcome) {
                directory.recordSession(deviceId, sessionId, ended, outcome);
                sessions(outcome).increment();
                activeSessions.updateAndGet(n -> Math.max(0, n - 1));
            }
        };
    }

    /** Wraps the job queue so job state changes and alerts are counted. */
    public JobQueue meter(JobQueue queue) {
        return new JobQueue() {
            @Override
            public Optional<ClaimedJob> claim(String deviceId, String sessionKey) {
                Optional<ClaimedJob> j = queue.claim(deviceId, sessionKey);
                j.ifPresent(x -> count("trustdm_jobs", "Management jobs by state change", "state", "delivered"));
                return j;
            }

            @Override
            public void delivering(ClaimedJob job, List<Command> commands) {
                // must be delegated: a durable queue records here that an Exec left (at-most-once delivery)
                queue.delivering(job, commands);
            }

            @Override
            public void complete(ClaimedJob job, List<OperationResult> results) {
                queue.complete(job, results);
                boolean failed = results.stream().anyMatch(r -> r.status() < 200 || r.status() >= 300);
                count("trustdm_jobs", "Management jobs by state change", "state", failed ? "failed" : "done");
            }

            @Override
            public void release(ClaimedJob job) {
                queue.release(job);
                count("trustdm_jobs", "Management jobs by state change", "state", "released");
            }

            @Override
            public void alertReceived(String deviceId, Alert alert) {
                queue.alertReceived(deviceId, alert);
                count("trustdm_alerts", "Alerts received from Devices", "kind", String.valueOf(alert.code()));
            }
        };
    }

    /** Wraps an audit sink: authentication failures by reason, bootstrap deliveries and refusals. */
    public SecurityAuditSink meter(SecurityAuditSink sink) {
        return event -> {
            sink.record(event);
            observe(event);
        };
    }

    private void observe(SecurityAuditEvent e) {
        String verdict = e.verdict().name().toLowerCase(Locale.ROOT);
        Counter.builder("trustdm_security_decisions")
                .description("Security decisions by decision point and verdict")
                .tag("point", e.decisionPoint())
                .tag("verdict", verdict)
                .register(registry)
                .increment();
        if (e.decisionPoint().startsWith("bootstrap.send")) {
            bootstrap(e.verdict() == Verdict.ACCEPT ? "delivered" : "refused").increment();
        } else if (e.decisionPoint().equals("message.inbound") && e.verdict() != Verdict.ACCEPT) {
            count("trustdm_auth_failures", "Rejected inbound messages by reason", "reason", reasonLabel(e));
        }
    }

    /** A bounded label: the first rule the decision rests on, or the verdict; never free text (cardinality). */
    private static String reasonLabel(SecurityAuditEvent e) {
        if (!e.rules().isEmpty()) {
            return e.rules().get(0);
        }
        return e.verdict().name().toLowerCase(Locale.ROOT);
    }
}
