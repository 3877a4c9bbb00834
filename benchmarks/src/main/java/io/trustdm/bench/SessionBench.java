package io.trustdm.bench;

import io.trustdm.client.transport.DmExchange;
import io.trustdm.client.transport.DmReply;
import io.trustdm.client.transport.DmTransport;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.ManagementRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cost of a full DM session against the cost of the bare HTTP(S) round trips that carry it, measured in one JVM, in
 * one run, in alternating blocks (docs/BENCHMARKS.md, "Session benchmarks").
 *
 * <p>A session is Packages 1–4 of a client-initiated session (Alert 1201 and DevInfo; Get and Replace from a queued
 * job; their Status and Results; the server's closing Package 4), WBXML, MD5 over HTTPS or HMAC (x-syncml-hmac on
 * every message, both ways) over plain HTTP. Client (a {@code DeviceAgent}'s tree) and server run in this JVM; the
 * job is queued before each session, outside its timing. Blocks, rotated every round:
 *
 * <ul>
 *   <li>{@code session-h2}: a session against the server on H2, over one kept-alive connection;
 *   <li>{@code session-mem}: the same against a second server on the in-memory registry;
 *   <li>{@code session-pg} (only when named in {@code blocks=}): the same against a third server on an embedded
 *       PostgreSQL with durable commits ({@code synchronous_commit=on}, {@code fsync=on}); wall clock only;
 *   <li>{@code echo}: two bare POSTs of Package 1's and 3's size answered with Package 2's and 4's size (and HMAC
 *       headers of the same length) by the H2 server's Jetty, over one kept-alive connection: the baseline;
 *   <li>{@code agent}: the shipped {@code DeviceAgent.runSession()} against the H2 server (it opens a new
 *       transport, so a new connection and TLS handshake, per session);
 *   <li>{@code echo-fresh}: the two bare POSTs over a new transport each time: the baseline for {@code agent}.
 * </ul>
 *
 * <p>Every operation is timed by the wall clock (per-operation medians are what the ratios use: robust against the
 * other tenants of a shared machine); every block also by process CPU time (client, server, GC and JIT together).
 *
 * <p>{@code java -cp benchmarks.jar io.trustdm.bench.SessionBench transport=https rounds=5 ops=200 warmup=300}
 * (also {@code blocks=session-h2,echo} to run only some blocks, e.g. under a profiler).
 */
public final class SessionBench {
    private static final List<String> ALL_BLOCKS = List.of("session-h2", "session-mem", "echo", "agent", "echo-fresh");

    private final SessionBenchServer h2;
    private final SessionBenchServer mem;
    /** Only when the {@code session-pg} block runs: the same server on an embedded PostgreSQL. */
    private final SessionBenchServer pg;

    private final EmbeddedPostgres postgres;
    private final BenchDevice devicePg;
    private final HttpDmTransport sessionTransportPg;
    private final BenchDevice deviceH2;
    private final BenchDevice deviceMem;
    private final BenchDevice agentDevice;
    private final HttpDmTransport sessionTransportH2;
    private final HttpDmTransport sessionTransportMem;
    private final HttpDmTransport echoTransport;
    private byte[] package1;
    private byte[] package3;
    private String hmac1;
    private String hmac3;
    private int jobCounter;
    private final List<Long> enqueueNanos = new ArrayList<>();

    private SessionBench(Path dir, boolean tls, boolean withPostgres) throws Exception {
        AuthScheme scheme = tls ? AuthScheme.MD5 : AuthScheme.HMAC;
        if (withPostgres) {
            // zonky turns synchronous_commit off by default; a server commits durably, and so does H2 here
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.resolve("pgdata"))
                    .setCleanDataDirectory(true)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .start();
            pg = SessionBenchServer.start(
                    Files.createDirectories(dir.resolve("pg")),
                    tls,
                    SessionBenchServer.Storage.POSTGRES,
                    postgres.getJdbcUrl("postgres", "postgres"));
            devicePg = new BenchDevice(pg, "IMEI:490154203237004", scheme);
            sessionTransportPg = devicePg.newTransport();
        } else {
            postgres = null;
            pg = null;
            devicePg = null;
            sessionTransportPg = null;
        }
        h2 = SessionBenchServer.start(Files.createDirectories(dir.resolve("h2")), tls, SessionBenchServer.Storage.H2);
        mem = SessionBenchServer.start(
                Files.createDirectories(dir.resolve("mem")), tls, SessionBenchServer.Storage.MEMORY);
        deviceH2 = new BenchDevice(h2, "IMEI:490154203237001", scheme);
        deviceMem = new BenchDevice(mem, "IMEI:490154203237002", scheme);
        agentDevice = new BenchDevice(h2, "IMEI:490154203237003", scheme);
        sessionTransportH2 = deviceH2.newTransport();
        sessionTransportMem = deviceMem.newTransport();
        echoTransport = deviceH2.newTransport();
    }

    /** The sizes of one real session, for the echo baseline; returns a probe line. */
    private String probe() throws Exception {
        BenchDevice.Recording rec = new BenchDevice.Recording(sessionTransportH2);
        String job = enqueue(h2.registry(), deviceH2);
        int messages = deviceH2.runOnSharedTransport(rec).messagesSent();
        ManagementRegistry.CompletedJob done =
                h2.registry().completed(job).orElseThrow(() -> new IllegalStateException("job not answered"));
        if (messages != 2 || rec.sent.size() != 2) {
            throw new IllegalStateException("expected Packages 1-4 in two round trips, got " + messages);
        }
        StringBuilder statuses = new StringBuilder();
        done.results()
                .forEach(r -> statuses.append(statuses.length() == 0 ? "" : ",").append(r.status()));
        package1 = rec.sent.get(0).body();
        hmac1 = rec.sent.get(0).hmacHeader();
        package3 = rec.sent.get(1).body();
        hmac3 = rec.sent.get(1).hmacHeader();
        DmReply p2 = rec.received.get(0);
        DmReply p4 = rec.received.get(1);
        h2.echoReplies(p2.body(), p2.hmacHeader(), p4.body(), p4.hmacHeader());
        return String.format(
                "probe transport=%s scheme=%s messages=%d pkg1_bytes=%d pkg2_bytes=%d pkg3_bytes=%d pkg4_bytes=%d"
                        + " hmac_header_chars=%d job_statuses=%s",
                h2.isTls() ? "https" : "http",
                h2.isTls() ? "MD5" : "HMAC",
                messages,
                package1.length,
                p2.body().length,
                package3.length,
                p4.body().length,
                hmac1 == null ? 0 : hmac1.length(),
                statuses);
    }

    /** One session against the PostgreSQL server: its job must come back answered, as on H2. */
    private String probePostgres() throws Exception {
        String job = enqueue(pg.registry(), devicePg);
        int messages = devicePg.runOnSharedTransport(sessionTransportPg).messagesSent();
        ManagementRegistry.CompletedJob done = pg.registry()
                .completed(job)
                .orElseThrow(() -> new IllegalStateException("job not answered on PostgreSQL"));
        StringBuilder statuses = new StringBuilder();
        done.results()
                .forEach(r -> statuses.append(statuses.length() == 0 ? "" : ",").append(r.status()));
        return "probe storage=postgres messages=" + messages + " job_statuses=" + statuses;
    }

    private String enqueue(ManagementRegistry registry, BenchDevice d) {
        long t = System.nanoTime();
        String id = registry.enqueue(d.deviceId(), d.job(++jobCounter));
        enqueueNanos.add(System.nanoTime() - t);
        return id;
    }

    private void echoPair(DmTransport t) throws Exception {
        DmReply r2 = t.exchange(new DmExchange(h2.echoUri(2), package1, Encoding.WBXML, hmac1));
        DmReply r4 = t.exchange(new DmExchange(h2.echoUri(4), package3, Encoding.WBXML, hmac3));
        if (r2.body().length == 0 || r4.body().length == 0) {
            throw new IllegalStateException("empty echo");
        }
    }

    /** One operation of a block; returns its wall-clock nanoseconds (setup such as queuing the job excluded). */
    private long op(String block) throws Exception {
        switch (block) {
            case "session-h2": {
                enqueue(h2.registry(), deviceH2);
                long t = System.nanoTime();
                deviceH2.runOnSharedTransport(sessionTransportH2);
                return System.nanoTime() - t;
            }
            case "session-pg": {
                enqueue(pg.registry(), devicePg);
                long t = System.nanoTime();
                devicePg.runOnSharedTransport(sessionTransportPg);
                return System.nanoTime() - t;
            }
            case "session-mem": {
                enqueue(mem.registry(), deviceMem);
                long t = System.nanoTime();
                deviceMem.runOnSharedTransport(sessionTransportMem);
                return System.nanoTime() - t;
            }
            case "echo": {
                long t = System.nanoTime();
                echoPair(echoTransport);
                return System.nanoTime() - t;
            }
            case "agent": {
                enqueue(h2.registry(), agentDevice);
                long t = System.nanoTime();
                agentDevice.runSession();
                return System.nanoTime() - t;
            }
            case "echo-fresh": {
                long t = System.nanoTime();
                try (HttpDmTransport fresh = deviceH2.newTransport()) {
                    echoPair(fresh);
                }
                return System.nanoTime() - t;
            }
            default:
                throw new IllegalArgumentException("unknown block " + block);
        }
    }

    /** Per-operation wall-clock times and process CPU time of one block. */
    record BlockResult(long[] nanos, long cpuNanos) {
        double medianMicros() {
            return percentile(0.5) / 1000.0;
        }

        double percentile(double p) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            int i = (int) Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))));
            return s[i];
        }

        double cpuMicrosPerOp() {
            return cpuNanos / 1000.0 / nanos.length;
        }
    }

    private BlockResult block(String block, int ops) throws Exception {
        long[] nanos = new long[ops];
        long cpu0 = processCpuNanos();
        for (int i = 0; i < ops; i++) {
            nanos[i] = op(block);
        }
        return new BlockResult(nanos, processCpuNanos() - cpu0);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static int opsOf(String block, int ops) {
        // A session of the shipped agent or a fresh-connection echo includes a TLS handshake: fewer of them.
        return block.equals("agent") || block.equals("echo-fresh") ? Math.max(1, ops / 5) : ops;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of(
                "transport",
                "https",
                "rounds",
                "5",
                "ops",
                "200",
                "warmup",
                "300",
                "blocks",
                String.join(",", ALL_BLOCKS),
                "jfr",
                ""));
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0 || !opt.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument " + a + "; known: " + opt.keySet());
            }
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        run(
                opt.get("transport").equals("https"),
                Integer.parseInt(opt.get("rounds")),
                Integer.parseInt(opt.get("ops")),
                Integer.parseInt(opt.get("warmup")),
                List.of(opt.get("blocks").split(",")),
                opt.get("jfr").isEmpty() ? null : Path.of(opt.get("jfr")),
                System.out);
    }

    /** Runs the benchmark and prints {@code key=value} lines; returns the summary values (for the harness test). */
    static Map<String, Double> run(
            boolean tls, int rounds, int ops, int warmup, List<String> blocks, Path jfr, java.io.PrintStream out)
            throws Exception {
        Path dir = Files.createTempDirectory("trustdm-sessbench");
        SessionBench b = new SessionBench(dir, tls, blocks.contains("session-pg"));
        try {
            out.println(machineLine());
            out.println(b.probe());
            if (b.pg != null) {
                out.println(b.probePostgres());
            }
            for (String block : blocks) {
                b.block(block, opsOf(block, warmup));
            }
            // With jfr=FILE, a JFR recording (the JDK's "profile" settings) covers the measured rounds only.
            jdk.jfr.Recording recording = null;
            if (jfr != null) {
                recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                recording.start();
            }
            long h2File0 = b.h2.databaseFileBytes();
            long h2Commits0 = b.h2.databaseCommits();
            Map<String, List<BlockResult>> results = new LinkedHashMap<>();
            blocks.forEach(k -> results.put(k, new ArrayList<>()));
            for (int r = 0; r < rounds; r++) {
                List<String> order = new ArrayList<>(blocks);
                java.util.Collections.rotate(order, -r);
                StringBuilder line = new StringBuilder("round n=" + (r + 1) + " first=" + order.get(0));
                for (String block : order) {
                    results.get(block).add(b.block(block, opsOf(block, ops)));
                }
                for (String block : blocks) {
                    BlockResult br = results.get(block).get(r);
                    line.append(String.format(
                            " %s_med_us=%.1f %s_cpu_us=%.1f", block, br.medianMicros(), block, br.cpuMicrosPerOp()));
                }
                out.println(line);
            }
            if (recording != null) {
                recording.stop();
                recording.dump(jfr);
                recording.close();
                out.println("jfr recording=" + jfr);
            }
            Map<String, Double> summary = summarise(results, rounds, out);
            int h2Sessions = 0;
            for (String k : List.of("session-h2", "agent")) {
                if (results.containsKey(k)) {
                    for (BlockResult br : results.get(k)) {
                        h2Sessions += br.nanos().length;
                    }
                }
            }
            if (h2Sessions > 0) {
                // Every session on H2 had its job queued first; the growth covers both (the enqueue is one commit).
                double growth = (double) (b.h2.databaseFileBytes() - h2File0) / h2Sessions;
                summary.put("h2_file_bytes_per_session", growth);
                out.printf(
                        "h2_file_bytes_per_session=%.0f (growth of the H2 file per job enqueue + session, over %d sessions)%n",
                        growth, h2Sessions);
                double commits = (double) (b.h2.databaseCommits() - h2Commits0) / h2Sessions;
                summary.put("h2_commits_per_session", commits);
                out.printf(
                        "h2_commits_per_session=%.2f (transactions committed per job enqueue + session, reads included)%n",
                        commits);
            }
            long[] enq =
                    b.enqueueNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            out.printf("enqueue_med_us=%.1f (job enqueue, outside the session timing)%n", enq[enq.length / 2] / 1000.0);
            return summary;
        } finally {
            b.close();
        }
    }

    private static Map<String, Double> summarise(
            Map<String, List<BlockResult>> results, int rounds, java.io.PrintStream out) {
        Map<String, Double> summary = new LinkedHashMap<>();
        for (Map.Entry<String, List<BlockResult>> e : results.entrySet()) {
            double[] med =
                    e.getValue().stream().mapToDouble(BlockResult::medianMicros).toArray();
            double[] cpu = e.getValue().stream()
                    .mapToDouble(BlockResult::cpuMicrosPerOp)
                    .toArray();
            summary.put(e.getKey() + "_med_us", median(med));
            summary.put(e.getKey() + "_cpu_us", median(cpu));
            out.printf(
                    "block %-12s wall median of per-round medians %9.1f us (rounds: min %.1f max %.1f); cpu median %9.1f us/op (min %.1f max %.1f)%n",
                    e.getKey(), median(med), min(med), max(med), median(cpu), min(cpu), max(cpu));
        }
        ratio("session-h2", "echo", "session (H2) / two bare round trips", results, rounds, summary, out);
        ratio("session-mem", "echo", "session (in-memory) / two bare round trips", results, rounds, summary, out);
        // PostgreSQL runs in its own processes: its CPU time is not in this JVM's, so only the wall clock compares
        ratio("session-pg", "echo", "session (PostgreSQL) / two bare round trips", results, rounds, summary, out);
        ratio("session-pg", "session-h2", "session on PostgreSQL / session on H2", results, rounds, summary, out);
        ratio(
                "session-h2",
                "session-mem",
                "session on H2 / session on in-memory registry",
                results,
                rounds,
                summary,
                out);
        ratio(
                "agent",
                "echo-fresh",
                "DeviceAgent.runSession / two bare round trips on a new connection",
                results,
                rounds,
                summary,
                out);
        ratio(
                "agent",
                "session-h2",
                "DeviceAgent.runSession / session on a kept-alive connection",
                results,
                rounds,
                summary,
                out);
        ratio(
                "echo-fresh",
                "echo",
                "two round trips on a new connection / on a kept-alive one",
                results,
                rounds,
                summary,
                out);
        return summary;
    }

    private static void ratio(
            String a,
            String b,
            String label,
            Map<String, List<BlockResult>> results,
            int rounds,
            Map<String, Double> summary,
            java.io.PrintStream out) {
        if (!results.containsKey(a) || !results.containsKey(b)) {
            return;
        }
        double[] wall = new double[rounds];
        double[] cpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            BlockResult x = results.get(a).get(r);
            BlockResult y = results.get(b).get(r);
            wall[r] = x.medianMicros() / y.medianMicros();
            cpu[r] = x.cpuMicrosPerOp() / y.cpuMicrosPerOp();
        }
        summary.put("ratio_" + a + "/" + b, median(wall));
        summary.put("cpu_ratio_" + a + "/" + b, median(cpu));
        out.printf(
                "RATIO %s/%s (%s): wall median %.2f (per-round min %.2f max %.2f); cpu median %.2f (min %.2f max %.2f)%n",
                a, b, label, median(wall), min(wall), max(wall), median(cpu), min(cpu), max(cpu));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    static String machineLine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse("?");
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: the CPU stays unnamed
        }
        return String.format(
                "machine cpus=%d cpu=\"%s\" jdk=%s vm=\"%s\" max_heap_mb=%d",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private void close() throws Exception {
        sessionTransportH2.close();
        sessionTransportMem.close();
        echoTransport.close();
        deviceH2.close();
        deviceMem.close();
        agentDevice.close();
        if (pg != null) {
            sessionTransportPg.close();
            devicePg.close();
        }
        try {
            h2.close();
        } finally {
            try {
                mem.close();
            } finally {
                if (pg != null) {
                    try {
                        pg.close();
                    } finally {
                        postgres.close();
                    }
                }
            }
        }
    }
}
