package io.trustdm.it.server;

import io.trustdm.cli.fleet.FleetDevice;
import io.trustdm.client.DeviceAgent;
import io.trustdm.client.bootstrap.InstalledAccounts;
import io.trustdm.client.transport.DmTransport;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.server.DmServer;
import io.trustdm.server.api.CommandOutcome;
import io.trustdm.server.api.JobState;
import io.trustdm.server.api.JobView;
import io.trustdm.server.api.NewDevice;
import io.trustdm.server.api.OperationSpec;
import io.trustdm.server.store.Database;
import io.trustdm.server.store.JdbcRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One registry size of the session-scale benchmark (docs/BENCHMARKS.md, "Registry scale (PostgreSQL)"): a fresh
 * database on the shared embedded PostgreSQL holding {@code size} registered Devices, a real {@link DmServer} (HTTPS on
 * loopback) on it, and {@code active} Devices, spread evenly over the population, that run real Management Sessions
 * with their own {@link DeviceAgent}s (kept for the whole run, so their nonces carry over from session to session as
 * on hardware).
 *
 * <p>The active Devices are registered through {@code ManagementApi.createDevice} (sealed digest keys, real
 * credentials). The passive rest is harness-only SQL: {@code dm_device} rows by multi-row {@code INSERT} (1,000 rows a
 * statement), then per passive Device an account (the sealed keys of an active account copied; never used), both
 * nonces, five DevInfo leaves, one past session and one audit event, so that every table a session touches holds
 * about {@code size} Devices' worth of rows. Then {@code ANALYZE}.
 */
final class SessionScaleHarness implements AutoCloseable {
    static final String SERVER_ID = "trustdm.sessscale";
    /** The FUMO node every agent has and the server may Replace (the agent's ACL grants Get and Replace). */
    static final String REPLACE_TARGET = "./FUMO/1/PkgVersion";

    final int size;
    final Database db;
    final DmServer server;
    final List<String> activeIds;
    private final List<DeviceAgent> agents = new ArrayList<>();
    private final DmTransport transport;
    private final double setupSeconds;

    /** What one phase (every active Device runs {@code passes} sessions) gave. */
    record Phase(
            int size,
            boolean withJob,
            int sessions,
            int failed,
            int jobsOk,
            int jobsBad,
            double seconds,
            double sessionsPerSecond,
            double p50Millis,
            double p95Millis,
            String firstError,
            List<Long> latencyNanos) {
        Phase {
            latencyNanos = List.copyOf(latencyNanos);
        }

        static Phase of(
                int size,
                boolean withJob,
                List<Long> latencyNanos,
                int failed,
                int jobsOk,
                int jobsBad,
                double seconds,
                String firstError) {
            List<Long> sorted = new ArrayList<>(latencyNanos);
            sorted.sort(null);
            return new Phase(
                    size,
                    withJob,
                    sorted.size(),
                    failed,
                    jobsOk,
                    jobsBad,
                    seconds,
                    sorted.size() / seconds,
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.95),
                    firstError,
                    sorted);
        }

        /** Both phases as one: sessions and timed seconds added, percentiles over the pooled latencies. */
        Phase plus(Phase o) {
            List<Long> all = new ArrayList<>(latencyNanos);
            all.addAll(o.latencyNanos);
            return of(
                    size,
                    withJob,
                    all,
                    failed + o.failed,
                    jobsOk + o.jobsOk,
                    jobsBad + o.jobsBad,
                    seconds + o.seconds,
                    firstError != null ? firstError : o.firstError);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "Phase[size=%d, withJob=%s, sessions=%d, failed=%d, jobsOk=%d, jobsBad=%d, seconds=%.2f,"
                            + " sessionsPerSecond=%.1f, p50Millis=%.1f, p95Millis=%.1f, firstError=%s]",
                    size,
                    withJob,
                    sessions,
                    failed,
                    jobsOk,
                    jobsBad,
                    seconds,
                    sessionsPerSecond,
                    p50Millis,
                    p95Millis,
                    firstError);
        }
    }

    private SessionScaleHarness(int size, int active) throws Exception {
        if (active > size) {
            throw new IllegalArgumentException("more active Devices than registered ones");
        }
        this.size = size;
        Path dir = Files.createTempDirectory("sessscale-" + size);
        Database opened = Database.open(
                dir,
                EmbeddedPostgresServer.newDatabase("sessscale" + size),
                EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD);
        DmServer started = null;
        try {
            opened.migrate();
            started = DmServer.start(dir, "127.0.0.1", 0, SERVER_ID, AuthScheme.MD5, new JdbcRegistry(opened));
        } catch (Exception | Error e) {
            opened.close();
            throw e;
        }
        this.db = opened;
        this.server = started;
        this.transport = HttpDmTransport.builder()
                .trustAnchors(List.of(server.ca().certificate()))
                .build();
        long t0 = System.nanoTime();
        SecureRandom random = new SecureRandom();
        Set<Integer> activeIndexes = new TreeSet<>();
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < active; k++) {
            int i = (int) ((long) k * size / active) + (size / active) / 2;
            activeIndexes.add(i);
            FleetDevice d = FleetDevice.generate(0, i, AuthScheme.MD5, false, random);
            String id = deviceId(i);
            server.management()
                    .createDevice(new NewDevice(
                            id, AuthScheme.MD5, d.username(), d.password(), SERVER_ID, d.serverPassword(), false));
            agents.add(agent(id, d));
            ids.add(id);
        }
        this.activeIds = List.copyOf(ids);
        bulkRegisterPassive(activeIndexes, activeIds.get(0));
        this.setupSeconds = (System.nanoTime() - t0) / 1e9;
    }

    /** Starts one size; closes what it opened when a step fails. */
    static SessionScaleHarness open(int size, int active) throws Exception {
        return new SessionScaleHarness(size, active);
    }

    double setupSeconds() {
        return setupSeconds;
    }

    static String deviceId(int i) {
        return String.format(Locale.ROOT, "IMEI:%015d", i);
    }

    private DeviceAgent agent(String id, FleetDevice d) {
        DeviceAgent a = DeviceAgent.builder(id)
                .model("Scale device")
                .encoding(Encoding.WBXML)
                .trustAnchors(List.of(server.ca().certificate()))
                .transport(transport)
                .build();
        a.provision(InstalledAccounts.factory(
                SERVER_ID,
                SERVER_ID,
                server.dmUri(),
                AuthScheme.MD5,
                Credentials.of(d.username(), d.password().toCharArray()),
                Credentials.of(SERVER_ID, d.serverPassword().toCharArray())));
        return a;
    }

    private void bulkRegisterPassive(Set<Integer> activeIndexes, String template) throws Exception {
        int chunk = 1000;
        long now = System.currentTimeMillis();
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            List<String> passive = new ArrayList<>(chunk);
            for (int i = 0; i < size; i++) {
                if (!activeIndexes.contains(i)) {
                    passive.add(deviceId(i));
                }
                if (passive.size() == chunk || (i == size - 1 && !passive.isEmpty())) {
                    StringBuilder sql = new StringBuilder("INSERT INTO dm_device (device_id, registered_at) VALUES ");
                    for (int j = 0; j < passive.size(); j++) {
                        sql.append(j == 0 ? "(?, ?)" : ", (?, ?)");
                    }
                    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                        for (int j = 0; j < passive.size(); j++) {
                            s.setString(2 * j + 1, passive.get(j));
                            s.setLong(2 * j + 2, now);
                        }
                        s.executeUpdate();
                    }
                    passive.clear();
                }
            }
            String passiveRows = " FROM dm_device d WHERE NOT EXISTS (SELECT 1 FROM dm_account a"
                    + " WHERE a.device_id = d.device_id)";
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dm_devinfo (device_id, name, val)"
                    + " SELECT d.device_id, n.name, CASE n.name WHEN 'DevId' THEN d.device_id ELSE n.val END"
                    + passiveRows.replace(
                            " FROM dm_device d",
                            " FROM dm_device d CROSS JOIN (VALUES ('DevId', ''),"
                                    + " ('Man', 'TrustDM'), ('Mod', 'Scale device'), ('DmV', '1.2'), ('Lang', 'en'))"
                                    + " AS n (name, val)"))) {
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dm_nonce (device_id, direction, octets,"
                    + " stored_at) SELECT d.device_id, x.direction, decode(md5(d.device_id || x.direction), 'hex'), ?"
                    + passiveRows.replace(
                            " FROM dm_device d",
                            " FROM dm_device d CROSS JOIN (VALUES ('client'), ('server')) AS x (direction)"))) {
                s.setLong(1, now);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dm_session (device_id, session_id, ended_at,"
                    + " outcome) SELECT d.device_id, '1', ?, 'COMPLETED'" + passiveRows)) {
                s.setLong(1, now);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dm_audit (decided_at, decision_point, subject,"
                    + " sender, channel, verdict, dm_status, reason, rules) SELECT ?, 'bench', d.device_id, 'client',"
                    + " 'https', 'ACCEPT', 212, 'harness row', ''" + passiveRows)) {
                s.setLong(1, now);
                s.executeUpdate();
            }
            // last: the account rows define "passive" for the statements above
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dm_account (device_id, account_id,"
                    + " required_scheme, https_provisioned, max_auth_retries, certificate_required, client_name,"
                    + " client_key_sealed, server_name, server_key_sealed, server_scheme)"
                    + " SELECT d.device_id, t.account_id, t.required_scheme, t.https_provisioned, t.max_auth_retries,"
                    + " t.certificate_required, 'passive-' || d.device_id, t.client_key_sealed, t.server_name,"
                    + " t.server_key_sealed, t.server_scheme FROM dm_device d CROSS JOIN (SELECT * FROM dm_account"
                    + " WHERE device_id = ?) t WHERE NOT EXISTS (SELECT 1 FROM dm_account a"
                    + " WHERE a.device_id = d.device_id)")) {
                s.setString(1, template);
                s.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            }
        }
    }

    /** Row counts of the tables a session touches, for the log. */
    String rowCounts() throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            for (String t : List.of("dm_device", "dm_account", "dm_nonce", "dm_devinfo", "dm_session", "dm_audit")) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + t)) {
                    r.next();
                    b.append(b.length() == 0 ? "" : " ").append(t).append('=').append(r.getLong(1));
                }
            }
        }
        return b.toString();
    }

    /**
     * Every active Device runs {@code passes} sessions, {@code concurrency} at a time (a Device never runs two at once:
     * one pass finishes before the next starts). With {@code withJob}, one job (Get {@code ./DevInfo/Mod} and Replace
     * {@value #REPLACE_TARGET}) is queued for every active Device before each pass, outside the timing, and checked after
     * it (completed, every status 200), also outside the timing.
     */
    Phase run(boolean withJob, int passes, int concurrency) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        int failed = 0;
        int jobsOk = 0;
        int jobsBad = 0;
        long timed = 0;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            for (int pass = 0; pass < passes; pass++) {
                List<String> jobIds = new ArrayList<>();
                if (withJob) {
                    for (String id : activeIds) {
                        JobView j = server.management()
                                .createJob(
                                        id,
                                        List.of(
                                                OperationSpec.of("Get", "./DevInfo/Mod", null),
                                                OperationSpec.of("Replace", REPLACE_TARGET, "1." + pass)));
                        jobIds.add(j.jobId());
                    }
                }
                List<Future<Boolean>> done = new ArrayList<>();
                long t0 = System.nanoTime();
                for (DeviceAgent a : agents) {
                    done.add(pool.submit(() -> {
                        long s0 = System.nanoTime();
                        try {
                            DeviceAgent.SessionReport r = a.runSession();
                            if (r.abortedByServer()) {
                                errors.add(a.deviceId() + ": aborted by the server");
                                return false;
                            }
                            latencies.add(System.nanoTime() - s0);
                            return true;
                        } catch (Exception e) {
                            errors.add(a.deviceId() + ": " + e);
                            return false;
                        }
                    }));
                }
                for (Future<Boolean> f : done) {
                    if (!f.get(5, TimeUnit.MINUTES)) {
                        failed++;
                    }
                }
                timed += System.nanoTime() - t0;
                for (String jobId : jobIds) {
                    JobView j = server.management().job(jobId).orElseThrow();
                    boolean ok = j.state() == JobState.COMPLETED
                            && j.outcomes().size() == 2
                            && j.outcomes().stream().allMatch(o -> o.status() == 200);
                    if (ok) {
                        jobsOk++;
                    } else {
                        jobsBad++;
                        errors.add("job " + jobId + " of " + j.deviceId() + ": " + j.state() + " "
                                + j.outcomes().stream()
                                        .map(CommandOutcome::status)
                                        .toList());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return Phase.of(
                size,
                withJob,
                latencies,
                failed,
                jobsOk,
                jobsBad,
                timed / 1e9,
                errors.isEmpty() ? null : errors.get(0));
    }

    /** Nearest rank, in milliseconds. */
    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }

    /**
     * {@code EXPLAIN (ANALYZE, BUFFERS)} of the per-session statements on the hot path for an active Device, each in a
     * transaction that is rolled back (the writes are executed by ANALYZE, then undone).
     */
    void explainHotQueries(PrintStream out) throws Exception {
        String dev = activeIds.get(activeIds.size() / 2);
        long now = System.currentTimeMillis();
        List<String> statements = List.of(
                "SELECT account_id, required_scheme, https_provisioned, max_auth_retries, certificate_required,"
                        + " client_name, client_key_sealed, server_name, server_key_sealed, server_scheme FROM"
                        + " dm_account WHERE device_id = '" + dev + "'",
                "SELECT octets FROM dm_nonce WHERE device_id = '" + dev + "' AND direction = 'client'",
                "INSERT INTO dm_nonce (device_id, direction, octets, stored_at) VALUES ('" + dev + "', 'client',"
                        + " '\\x00112233'::bytea, " + now + ") ON CONFLICT (device_id, direction) DO UPDATE SET"
                        + " octets = EXCLUDED.octets, stored_at = EXCLUDED.stored_at",
                "INSERT INTO dm_devinfo (device_id, name, val) VALUES ('" + dev + "', 'Mod', 'x') ON CONFLICT"
                        + " (device_id, name) DO UPDATE SET val = EXCLUDED.val",
                "UPDATE dm_device SET last_session_id = 'x', last_session_at = " + now + ", last_outcome ="
                        + " 'COMPLETED' WHERE device_id = '" + dev + "'",
                "INSERT INTO dm_session (device_id, session_id, ended_at, outcome) VALUES ('" + dev + "', 'x', " + now
                        + ", 'COMPLETED')",
                "INSERT INTO dm_audit (decided_at, decision_point, subject, sender, channel, verdict, dm_status,"
                        + " reason, rules) VALUES (" + now + ", 'bench', '" + dev + "', 'client', 'https', 'ACCEPT',"
                        + " 212, 'x', '')",
                "SELECT id, commands FROM dm_job WHERE device_id = '" + dev + "' AND state = 'QUEUED' ORDER BY id"
                        + " LIMIT 1 FOR UPDATE SKIP LOCKED");
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    out.printf(Locale.ROOT, "SESSION-SCALE explain size=%d >> %s%n", size, sql);
                    try (ResultSet r = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
                        while (r.next()) {
                            out.printf(Locale.ROOT, "SESSION-SCALE plan size=%d | %s%n", size, r.getString(1));
                        }
                    }
                    c.rollback();
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            for (DeviceAgent a : agents) {
                a.close();
            }
            transport.close();
            server.close();
        } finally {
            db.close();
        }
    }
}
