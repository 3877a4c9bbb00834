package io.trustdm.it.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.server.session.OperationResult;
import io.trustdm.server.store.Database;
import io.trustdm.server.store.JdbcRegistry;
import io.trustdm.server.store.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Scale benchmark (docs/BENCHMARKS.md, "Registry scale"): job enqueue and claim+complete rates on PostgreSQL with
 * 1,000 vs larger numbers of registered Devices, plus the claim query's plan. A benchmark, not a test: it runs only
 * with {@code -Dscale.bench=true}; sizes via {@code -Dscale.devices=1000,10000,100000}.
 */
class RegistryScaleIT {
    private static final int JOBS = Integer.getInteger("scale.jobs", 2000);
    private static final int ROUNDS = Integer.getInteger("scale.rounds", 3);

    @Test
    void enqueueAndClaimRatesByRegisteredDevices() throws Exception {
        assumeTrue(Boolean.getBoolean("scale.bench"), "benchmark: run with -Dscale.bench=true");
        int[] sizes = Arrays.stream(
                        System.getProperty("scale.devices", "1000,10000,100000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        Map<Integer, JdbcRegistry> registries = new LinkedHashMap<>();
        Map<Integer, Database> dbs = new LinkedHashMap<>();
        for (int n : sizes) {
            Path dir = Files.createTempDirectory("scale-" + n);
            Database db = Database.open(
                    dir,
                    EmbeddedPostgresServer.newDatabase("scale" + n),
                    EmbeddedPostgresServer.USER,
                    EmbeddedPostgresServer.PASSWORD);
            db.migrate();
            long t0 = System.nanoTime();
            bulkRegister(db, n);
            System.out.printf("SCALE setup devices=%d bulk-insert %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            dbs.put(n, db);
            registries.put(n, new JdbcRegistry(db));
        }
        Map<Integer, List<Double>> enqueue = new LinkedHashMap<>();
        Map<Integer, List<Double>> claim = new LinkedHashMap<>();
        Random random = new Random(42);
        for (int round = 0; round < ROUNDS + 1; round++) { // round 0 is warm-up, not reported
            for (int n : sizes) {
                JdbcRegistry reg = registries.get(n);
                List<String> devices = new ArrayList<>(JOBS);
                for (int i = 0; i < JOBS; i++) {
                    devices.add(deviceId(random.nextInt(n)));
                }
                long t0 = System.nanoTime();
                for (String d : devices) {
                    reg.enqueue(d, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Mod")))));
                }
                double enq = JOBS / ((System.nanoTime() - t0) / 1e9);
                JobStore jobs = reg.jobStore();
                int done = 0;
                long t1 = System.nanoTime();
                for (String d : devices) {
                    Optional<io.trustdm.server.session.ClaimedJob> j = jobs.claim(d, "bench");
                    if (j.isPresent()) {
                        jobs.complete(j.get(), List.of(new OperationResult(0, "Get", 200, List.of())));
                        done++;
                    }
                }
                double cl = done / ((System.nanoTime() - t1) / 1e9);
                assertThat(done).isEqualTo(JOBS);
                System.out.printf(
                        "SCALE round=%d devices=%d enqueue=%.0f jobs/s claim+complete=%.0f jobs/s%n",
                        round, n, enq, cl);
                if (round > 0) {
                    enqueue.computeIfAbsent(n, k -> new ArrayList<>()).add(enq);
                    claim.computeIfAbsent(n, k -> new ArrayList<>()).add(cl);
                }
            }
        }
        int base = sizes[0];
        for (int n : sizes) {
            System.out.printf(
                    "SCALE summary devices=%d enqueue median %s  claim+complete median %s%n",
                    n, stats(enqueue.get(n)), stats(claim.get(n)));
            System.out.printf(
                    "SCALE ratio devices=%d/%d enqueue %s  claim+complete %s%n",
                    n, base, ratios(enqueue.get(n), enqueue.get(base)), ratios(claim.get(n), claim.get(base)));
        }
        for (int n : sizes) {
            try (Connection c = dbs.get(n).dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("ANALYZE");
                try (ResultSet r = s.executeQuery("EXPLAIN SELECT id, commands FROM dm_job WHERE device_id = '"
                        + deviceId(n / 2) + "' AND state = 'QUEUED' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED")) {
                    while (r.next()) {
                        System.out.printf("SCALE plan devices=%d | %s%n", n, r.getString(1));
                    }
                }
            }
            // A queued backlog of one job per registered Device (harness-only INSERT ... SELECT), then plan and rate.
            try (Connection c = dbs.get(n).dataSource().getConnection();
                    Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO dm_job (device_id, state, commands, has_exec, exec_sent, enqueued_at,"
                        + " attempts) SELECT device_id, 'QUEUED', (SELECT commands FROM dm_job LIMIT 1), FALSE, FALSE,"
                        + " 0, 0 FROM dm_device");
                s.execute("ANALYZE");
                try (ResultSet r = s.executeQuery("EXPLAIN SELECT id, commands FROM dm_job WHERE device_id = '"
                        + deviceId(n / 2) + "' AND state = 'QUEUED' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED")) {
                    while (r.next()) {
                        System.out.printf("SCALE backlog-plan devices=%d | %s%n", n, r.getString(1));
                    }
                }
            }
            JobStore jobs = registries.get(n).jobStore();
            int backlogClaims = Math.min(500, n);
            long t0 = System.nanoTime();
            for (int i = 0; i < backlogClaims; i++) {
                io.trustdm.server.session.ClaimedJob j =
                        jobs.claim(deviceId(i * (n / backlogClaims)), "bench").orElseThrow();
                jobs.complete(j, List.of(new OperationResult(0, "Get", 200, List.of())));
            }
            System.out.printf(
                    "SCALE backlog devices=%d (one queued job each) claim+complete=%.0f jobs/s (%d jobs)%n",
                    n, backlogClaims / ((System.nanoTime() - t0) / 1e9), backlogClaims);
            dbs.get(n).close();
        }
    }

    private static String deviceId(int i) {
        return String.format("IMEI:%015d", i);
    }

    /** Harness-only multi-row insert, 1,000 rows per statement. */
    private static void bulkRegister(Database db, int n) throws Exception {
        int chunk = 1000;
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            StringBuilder sql = new StringBuilder("INSERT INTO dm_device (device_id, registered_at) VALUES ");
            for (int i = 0; i < chunk; i++) {
                sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
            }
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                long now = System.currentTimeMillis();
                for (int from = 0; from < n; from += chunk) {
                    for (int i = 0; i < chunk; i++) {
                        s.setString(2 * i + 1, deviceId(from + i));
                        s.setLong(2 * i + 2, now);
                    }
                    s.executeUpdate();
                }
            }
            c.commit();
        }
    }

    private static String stats(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return String.format(
                "%.0f (min %.0f, max %.0f, n=%d)", s.get(s.size() / 2), s.get(0), s.get(s.size() - 1), s.size());
    }

    /** Per-round ratio (same round, adjacent in time): median and min-max. */
    private static String ratios(List<Double> v, List<Double> base) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            r.add(v.get(i) / base.get(i));
        }
        r.sort(null);
        return String.format("%.2f (min %.2f, max %.2f)", r.get(r.size() / 2), r.get(0), r.get(r.size() - 1));
    }
}
