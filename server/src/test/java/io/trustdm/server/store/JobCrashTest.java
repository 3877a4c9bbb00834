package io.trustdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.server.session.ClaimedJob;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Jobs are never lost": a child JVM ({@link CrashWorker}) enqueues, claims, delivers and completes jobs and is killed
 * with SIGKILL (kill -9) at random moments. After every kill the database is opened again and checked against the
 * child's journal: no enqueued job is missing, every completion the child saw is stored with its results, no Exec was
 * sent twice, and a job is DONE exactly when its results are stored. At the end the parent drains the queue after the
 * leases ran out: every job without a sent Exec is then DONE, every job whose Exec went out and was never answered is
 * OUTCOME_UNKNOWN, and still no Exec was sent twice.
 *
 * <p>{@code -Dcrash.kills=N} (default 20) sets the kills on H2, {@code -Dcrash.pg.kills=N} (default 5) on
 * PostgreSQL; {@code -Dcrash.seed=S} replays a run.
 */
class JobCrashTest {
    private static final Duration WORKER_LEASE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    @Test
    void h2_file_database_loses_no_job_and_sends_no_exec_twice_across_kill_9() throws Exception {
        run(null, Integer.getInteger("crash.kills", 20));
    }

    @Test
    void postgresql_loses_no_job_and_sends_no_exec_twice_across_kill_9_of_the_server_process() throws Exception {
        run(TestPostgres.freshDatabase(), Integer.getInteger("crash.pg.kills", 5));
    }

    private void run(String url, int kills) throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path journal = dir.resolve("journal.txt");
        Files.createFile(journal);
        long t0 = System.nanoTime();
        for (int k = 0; k < kills; k++) {
            Path out = dir.resolve("child-" + k + ".log");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    System.getProperty("java.class.path"),
                    CrashWorker.class.getName(),
                    dir.resolve("data").toString(),
                    journal.toString(),
                    Long.toString(random.nextLong()),
                    Long.toString(WORKER_LEASE.toMillis())));
            if (url != null) {
                cmd.add(url);
            }
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            awaitReady(p, journal, k + 1, out);
            Thread.sleep(50 + random.nextInt(450));
            p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no H2 close
            int exit = p.waitFor();
            assertThat(exit).as("child was killed, not ended (seed %d)", seed).isEqualTo(137);
            try {
                check(url, journal, seed, false);
            } catch (AssertionError e) {
                keepEvidence(journal, out, k);
                throw e;
            }
        }
        Stats s = drainAndCheck(url, journal, seed);
        System.out.printf(
                "crash test %s: %d kills in %.1f s, seed %d: %d jobs, %d done, %d Exec outcome unknown,"
                        + " %d non-Exec jobs delivered again after a crash, 0 Exec delivered twice%n",
                url == null ? "H2" : "PostgreSQL",
                kills,
                (System.nanoTime() - t0) / 1e9,
                seed,
                s.jobs,
                s.done,
                s.unknown,
                s.redeliveredGets);
        assertThat(s.jobs).as("the workers did some work").isGreaterThan(kills);
    }

    /** Copies the journal and the last child's output to target/crash-failures for a post-mortem. */
    private static void keepEvidence(Path journal, Path childLog, int kill) throws IOException {
        Path to = Path.of("target", "crash-failures", "kill-" + kill + "-" + System.currentTimeMillis());
        Files.createDirectories(to);
        Files.copy(journal, to.resolve("journal.txt"));
        Files.copy(childLog, to.resolve("child.log"));
    }

    private static void awaitReady(Process p, Path journal, int readyCount, Path out) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            long ready = Files.readAllLines(journal).stream()
                    .filter(l -> l.startsWith("READY "))
                    .count();
            if (ready >= readyCount) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("crash worker died before READY:\n" + Files.readString(out));
            }
            Thread.sleep(20);
        }
        p.destroyForcibly();
        throw new AssertionError("crash worker not READY within 60 s:\n" + Files.readString(out));
    }

    /** What the journal says about one job. */
    private static final class Seen {
        boolean enqueued;
        boolean exec;
        int sent;
        int done;
    }

    private record Row(String state, boolean hasExec, boolean execSent, int commands, int results) {}

    private record Stats(int jobs, int done, int unknown, int redeliveredGets) {}

    private static Map<String, Seen> readJournal(Path journal) throws IOException {
        String text = Files.readString(journal, StandardCharsets.US_ASCII);
        int end = text.lastIndexOf('\n');
        Map<String, Seen> seen = new HashMap<>();
        for (String line : text.substring(0, end + 1).split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 2 || f[0].equals("READY")) {
                continue;
            }
            Seen s = seen.computeIfAbsent(f[1], x -> new Seen());
            switch (f[0]) {
                case "ENQ" -> {
                    s.enqueued = true;
                    s.exec = f[2].equals("exec");
                }
                case "SENT" -> {
                    s.sent++;
                    s.exec = f[2].equals("exec");
                }
                case "DONE" -> s.done++;
                case "RELEASED" -> {}
                default -> throw new AssertionError("bad journal line " + line);
            }
        }
        return seen;
    }

    private Map<String, Row> readDatabase(Database db) throws Exception {
        Map<String, Row> rows = new HashMap<>();
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT j.id, j.state, j.has_exec, j.exec_sent,"
                        + " (SELECT COUNT(*) FROM dm_job_result x WHERE x.job_id = j.id) FROM dm_job j")) {
            while (r.next()) {
                rows.put(
                        String.valueOf(r.getLong(1)),
                        new Row(
                                r.getString(2),
                                r.getBoolean(3),
                                r.getBoolean(4),
                                r.getBoolean(3) ? 2 : 1,
                                r.getInt(5)));
            }
        }
        return rows;
    }

    private Database open(String url) {
        Path data = dir.resolve("data");
        return url == null ? Database.open(data) : Database.open(data, url, "postgres", "postgres");
    }

    private void check(String url, Path journal, long seed, boolean drained) throws Exception {
        Map<String, Seen> seen = readJournal(journal);
        Map<String, Row> rows;
        try (Database db = open(url)) {
            rows = readDatabase(db);
        }
        for (Map.Entry<String, Seen> e : seen.entrySet()) {
            String id = e.getKey();
            Seen s = e.getValue();
            Row row = rows.get(id);
            String why = "job " + id + " (seed " + seed + ")";
            assertThat(row)
                    .as("%s was committed, so it must be stored: no job lost", why)
                    .isNotNull();
            if (s.done > 0) {
                assertThat(s.done).as("%s completed once", why).isEqualTo(1);
                assertThat(row.state()).as("%s completed before the kill", why).isEqualTo("DONE");
            }
            if (s.exec) {
                assertThat(s.sent).as("%s: Exec is delivered at most once", why).isLessThanOrEqualTo(1);
                if (s.sent == 1) {
                    assertThat(row.execSent())
                            .as("%s: the Exec was recorded as sent", why)
                            .isTrue();
                }
            }
        }
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row row = e.getValue();
            String why = "job " + e.getKey() + " (seed " + seed + ")";
            assertThat(row.state().equals("DONE") ? row.commands() : 0)
                    .as("%s is DONE exactly when its results are stored", why)
                    .isEqualTo(row.results());
            if (row.state().equals("OUTCOME_UNKNOWN")) {
                assertThat(row.hasExec() && row.execSent())
                        .as("%s: only a sent Exec makes an outcome unknown", why)
                        .isTrue();
            }
            if (drained) {
                assertThat(row.state())
                        .as("%s after the drain", why)
                        .isEqualTo(row.execSent() ? row.state() : "DONE")
                        .isIn("DONE", "OUTCOME_UNKNOWN");
            }
        }
    }

    /** Drains every queue once all worker leases are over, as the next server would, then checks the end state. */
    private Stats drainAndCheck(String url, Path journal, long seed) throws Exception {
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(1));
        try (Database db = open(url);
                OutputStream j = Files.newOutputStream(journal, StandardOpenOption.APPEND)) {
            JdbcRegistry reg = new JdbcRegistry(db, later, Duration.ofMinutes(10));
            for (String d : CrashWorker.DEVICES) {
                for (Optional<ClaimedJob> c = reg.claim(d, "drain"); c.isPresent(); c = reg.claim(d, "drain")) {
                    ClaimedJob job = c.get();
                    reg.delivering(job, job.commands());
                    CrashWorker.line(
                            j, "SENT " + job.jobId() + (JobStore.containsExec(job.commands()) ? " exec" : " get"));
                    reg.complete(job, CrashWorker.results(job));
                    CrashWorker.line(j, "DONE " + job.jobId());
                }
            }
        }
        check(url, journal, seed, true);
        Map<String, Seen> seen = readJournal(journal);
        Map<String, Row> rows;
        try (Database db = open(url)) {
            rows = readDatabase(db);
        }
        int done = (int)
                rows.values().stream().filter(r -> r.state().equals("DONE")).count();
        int unknown = (int) rows.values().stream()
                .filter(r -> r.state().equals("OUTCOME_UNKNOWN"))
                .count();
        int again =
                (int) seen.values().stream().filter(s -> !s.exec && s.sent > 1).count();
        return new Stats(rows.size(), done, unknown, again);
    }
}
