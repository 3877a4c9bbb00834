package io.trustdm.it.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scale benchmark (docs/BENCHMARKS.md, "Registry scale (PostgreSQL)", "Session throughput"): full DM sessions against
 * a real {@code DmServer} on PostgreSQL with 1,000 vs 100,000 registered Devices ({@link SessionScaleHarness}). A
 * benchmark, not a test: excluded from the default failsafe run and skipped unless {@code -Dscale.bench=true}.
 * Settings: {@code -Dsession.devices=1000,100000} (the first size is the baseline), {@code -Dsession.active=50}
 * Devices running sessions, {@code -Dsession.passes=20} sessions per active Device per phase,
 * {@code -Dsession.concurrency=4} sessions in flight, {@code -Dscale.rounds=3} reported rounds after one warm-up round.
 * Per round the sizes run forward then backward (A B B A), each time half the passes: a phase without jobs, then a
 * phase where each session delivers one queued job (Get + Replace); the two halves of a size are pooled into the
 * round's figure. The ratio is taken within a round against the first size.
 */
class SessionScaleIT {
    private static final int ROUNDS = Integer.getInteger("scale.rounds", 3);
    private static final int ACTIVE = Integer.getInteger("session.active", 50);
    private static final int PASSES = Integer.getInteger("session.passes", 20);
    private static final int CONCURRENCY = Integer.getInteger("session.concurrency", 4);

    @Test
    void sessionThroughputByRegisteredDevices() throws Exception {
        assumeTrue(Boolean.getBoolean("scale.bench"), "benchmark: run with -Dscale.bench=true");
        int[] sizes = Arrays.stream(
                        System.getProperty("session.devices", "1000,100000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        System.out.printf(
                Locale.ROOT,
                "SESSION-SCALE settings sizes=%s active=%d passes=%d concurrency=%d rounds=%d+1 warm-up cores=%d%n",
                Arrays.toString(sizes),
                ACTIVE,
                PASSES,
                CONCURRENCY,
                ROUNDS,
                Runtime.getRuntime().availableProcessors());
        Map<Integer, SessionScaleHarness> harness = new LinkedHashMap<>();
        try {
            for (int n : sizes) {
                SessionScaleHarness h = SessionScaleHarness.open(n, ACTIVE);
                harness.put(n, h);
                System.out.printf(
                        Locale.ROOT, "SESSION-SCALE setup size=%d %.1f s %s%n", n, h.setupSeconds(), h.rowCounts());
            }
            // [withJob ? 1 : 0] -> size -> per-round figures
            List<Map<Integer, List<SessionScaleHarness.Phase>>> results =
                    List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
            // Each round runs the sizes forward, then backward (A B B A), half the passes each time, and pools the two
            // halves per size: a drift in time (JIT still warming, the shared machine's load) then hits every size
            // alike instead of favouring whichever size comes second.
            List<Integer> order = new ArrayList<>();
            for (int n : sizes) {
                order.add(n);
            }
            for (int i = sizes.length - 1; i >= 0; i--) {
                order.add(sizes[i]);
            }
            int half = Math.max(1, PASSES / 2);
            for (int round = 0; round <= ROUNDS; round++) {
                Map<String, SessionScaleHarness.Phase> pooled = new LinkedHashMap<>();
                for (int k = 0; k < order.size(); k++) {
                    int n = order.get(k);
                    for (boolean withJob : new boolean[] {false, true}) {
                        SessionScaleHarness.Phase p = harness.get(n).run(withJob, half, CONCURRENCY);
                        print(
                                "round=" + round + (round == 0 ? "(warm-up)" : "") + " part="
                                        + (k < sizes.length ? "A" : "B"),
                                p);
                        assertThat(p.failed()).as(p.toString()).isZero();
                        assertThat(p.jobsBad()).as(p.toString()).isZero();
                        pooled.merge(n + "/" + withJob, p, SessionScaleHarness.Phase::plus);
                    }
                }
                for (SessionScaleHarness.Phase p : pooled.values()) {
                    print("round=" + round + (round == 0 ? "(warm-up)" : "") + " pooled", p);
                    if (round > 0) {
                        results.get(p.withJob() ? 1 : 0)
                                .computeIfAbsent(p.size(), x -> new ArrayList<>())
                                .add(p);
                    }
                }
            }
            int base = sizes[0];
            for (boolean withJob : new boolean[] {false, true}) {
                Map<Integer, List<SessionScaleHarness.Phase>> r = results.get(withJob ? 1 : 0);
                for (int n : sizes) {
                    List<SessionScaleHarness.Phase> v = r.get(n);
                    List<SessionScaleHarness.Phase> b = r.get(base);
                    System.out.printf(
                            Locale.ROOT,
                            "SESSION-SCALE summary size=%d job=%s sessions_per_s=%s p50_ms=%s p95_ms=%s"
                                    + " ratio_sessions_per_s=%s ratio_p50=%s%n",
                            n,
                            withJob ? "yes" : "no",
                            stats(v.stream()
                                    .map(SessionScaleHarness.Phase::sessionsPerSecond)
                                    .toList()),
                            stats(v.stream()
                                    .map(SessionScaleHarness.Phase::p50Millis)
                                    .toList()),
                            stats(v.stream()
                                    .map(SessionScaleHarness.Phase::p95Millis)
                                    .toList()),
                            ratios(
                                    v.stream()
                                            .map(SessionScaleHarness.Phase::sessionsPerSecond)
                                            .toList(),
                                    b.stream()
                                            .map(SessionScaleHarness.Phase::sessionsPerSecond)
                                            .toList()),
                            ratios(
                                    v.stream()
                                            .map(SessionScaleHarness.Phase::p50Millis)
                                            .toList(),
                                    b.stream()
                                            .map(SessionScaleHarness.Phase::p50Millis)
                                            .toList()));
                }
            }
            for (SessionScaleHarness h : harness.values()) {
                h.explainHotQueries(System.out);
            }
        } finally {
            for (SessionScaleHarness h : harness.values()) {
                h.close();
            }
        }
    }

    private static void print(String label, SessionScaleHarness.Phase p) {
        System.out.printf(
                Locale.ROOT,
                "SESSION-SCALE %s size=%d job=%s sessions=%d failed=%d jobs_ok=%d jobs_bad=%d seconds=%.2f"
                        + " sessions_per_s=%.1f p50_ms=%.1f p95_ms=%.1f%s%n",
                label,
                p.size(),
                p.withJob() ? "yes" : "no",
                p.sessions(),
                p.failed(),
                p.jobsOk(),
                p.jobsBad(),
                p.seconds(),
                p.sessionsPerSecond(),
                p.p50Millis(),
                p.p95Millis(),
                p.firstError() == null ? "" : " first_error=" + p.firstError());
    }

    /** Median (min-max, n). */
    private static String stats(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return String.format(
                Locale.ROOT, "%.1f(%.1f-%.1f,n=%d)", s.get(s.size() / 2), s.get(0), s.get(s.size() - 1), s.size());
    }

    /** Per-round ratio against the baseline of the same round: median (min-max). */
    private static String ratios(List<Double> v, List<Double> base) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            r.add(v.get(i) / base.get(i));
        }
        r.sort(null);
        return String.format(Locale.ROOT, "%.2f(%.2f-%.2f)", r.get(r.size() / 2), r.get(0), r.get(r.size() - 1));
    }
}
