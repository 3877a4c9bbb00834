package io.trustdm.cli.fleet;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outcome of a fleet run: how many sessions completed and how fast, the latency percentiles of the completed
 * sessions (exact, nearest rank), and the failed attempts by {@link ErrorKind}. Overloaded attempts were retried, so
 * they are counted in {@code errors} but not in {@code sessionsFailed}.
 *
 * @param devices            simulated devices
 * @param devicesWithSession devices that completed at least one session
 * @param concurrency        sessions allowed at once
 * @param elapsedMillis      wall time of the session phase
 * @param sessionsCompleted  sessions that ran to the end (packages 1 to 2 or 4)
 * @param sessionsFailed     sessions that failed for good (not overloaded)
 * @param messagesSent       DM messages the devices sent in completed sessions
 * @param sessionsPerSecond  completed sessions per second of wall time
 * @param latencyMillis      p50, p95, p99, max and mean of completed sessions, in milliseconds
 * @param errors             failed attempts by kind (lower-case {@link ErrorKind} names; every kind present)
 */
public record FleetReport(
        int devices,
        int devicesWithSession,
        int concurrency,
        long elapsedMillis,
        long sessionsCompleted,
        long sessionsFailed,
        long messagesSent,
        double sessionsPerSecond,
        Latency latencyMillis,
        Map<String, Long> errors) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public FleetReport {
        errors = Map.copyOf(errors);
    }

    /** Latency figures in milliseconds. */
    public record Latency(double p50, double p95, double p99, double max, double mean) {
        static Latency of(long[] sortedNanos) {
            double sum = 0;
            for (long v : sortedNanos) {
                sum += v;
            }
            return new Latency(
                    ms(LatencyRecorder.percentile(sortedNanos, 0.50)),
                    ms(LatencyRecorder.percentile(sortedNanos, 0.95)),
                    ms(LatencyRecorder.percentile(sortedNanos, 0.99)),
                    ms(sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length - 1]),
                    sortedNanos.length == 0 ? 0 : ms(Math.round(sum / sortedNanos.length)));
        }

        private static double ms(long nanos) {
            return Math.round(nanos / 1_000.0) / 1_000.0;
        }
    }

    /** Failed attempts of one kind. */
    public long errors(ErrorKind kind) {
        return errors.getOrDefault(kind.key(), 0L);
    }

    /** The report as a JSON object (errors in {@link ErrorKind} order). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("devices", devices);
        m.put("devicesWithSession", devicesWithSession);
        m.put("concurrency", concurrency);
        m.put("elapsedMillis", elapsedMillis);
        m.put("sessionsCompleted", sessionsCompleted);
        m.put("sessionsFailed", sessionsFailed);
        m.put("messagesSent", messagesSent);
        m.put("sessionsPerSecond", sessionsPerSecond);
        m.put("latencyMillis", latencyMillis);
        Map<String, Long> e = new LinkedHashMap<>();
        for (ErrorKind k : ErrorKind.values()) {
            e.put(k.key(), errors(k));
        }
        m.put("errors", e);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m);
    }

    /** The human summary printed at the end of {@code trustdm fleet}. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "fleet: %d devices (%d with a completed session), concurrency %d, %.1f s%n",
                devices,
                devicesWithSession,
                concurrency,
                elapsedMillis / 1000.0));
        b.append(String.format(
                Locale.ROOT,
                "sessions: %d completed, %d failed, %.1f sessions/s, %d messages sent%n",
                sessionsCompleted,
                sessionsFailed,
                sessionsPerSecond,
                messagesSent));
        b.append(String.format(
                Locale.ROOT,
                "latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f  mean %.1f%n",
                latencyMillis.p50(),
                latencyMillis.p95(),
                latencyMillis.p99(),
                latencyMillis.max(),
                latencyMillis.mean()));
        b.append("errors:");
        for (ErrorKind k : ErrorKind.values()) {
            b.append(' ').append(k.key()).append(' ').append(errors(k));
        }
        return b.append(System.lineSeparator()).toString();
    }
}
