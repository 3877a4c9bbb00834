package io.trustdm.tree.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.NodeSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM committing transactions ({@link CrashingWriter}) with SIGKILL at random instants, again and again
 * on the same store, and checks after every kill that the stored tree is exactly one committed state: loadable (never
 * corrupt), internally consistent, at least the last commit the child acknowledged and at most the one in flight, and
 * never older than before. {@code -Dcrash.kills=N} sets the number of kills (default 100, about 40 s).
 */
class TreeStoreCrashTest {
    @TempDir
    Path dir;

    @Test
    void kill_minus_9_at_any_instant_leaves_the_old_or_the_new_state_never_a_corrupt_one() throws Exception {
        int kills = Integer.getInteger("crash.kills", 100);
        Random random = new Random(Long.getLong("crash.seed", System.nanoTime()));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long previous = 0;
        List<Long> observed = new ArrayList<>();
        int inFlightSeen = 0;
        int tornTemporaries = 0;
        Path store = dir.resolve("store");
        for (int k = 0; k < kills; k++) {
            // The child's stdout goes to a file: what it wrote before SIGKILL is all there afterwards, with no pipe
            // draining race between a reader thread and the dying process.
            Path log = dir.resolve("child-" + k + ".out");
            Process child = new ProcessBuilder(
                            javaBin,
                            "-XX:TieredStopAtLevel=1",
                            "-Xshare:auto",
                            "-cp",
                            System.getProperty("java.class.path"),
                            CrashingWriter.class.getName(),
                            store.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(log.toFile())
                    .start();
            long readyAt = awaitReady(child, log);
            assertThat(readyAt).as("the child loaded what the last check saw").isEqualTo(previous);
            Thread.sleep(random.nextInt(60));
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no flushing
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            long acked = readyAt;
            for (String line : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
                if (line.startsWith("committed ")) {
                    acked = Long.parseLong(line.substring(10));
                }
            }

            if (Files.exists(store.resolve(TreeStore.SNAPSHOT + ".tmp"))) {
                tornTemporaries++; // the kill landed between writing the next snapshot and renaming it
            }
            ManagementTree tree = ManagementTree.create();
            long seq;
            try (TreeStore opened = TreeStore.open(store)) {
                assertThat(opened.loadInto(tree)).isTrue();
            }
            seq = Long.parseLong(tree.valueText("./Crash/Seq").orElseThrow());
            assertConsistent(tree, seq);
            assertThat(seq)
                    .as("kill %d: stored state is the last acknowledged commit or the one in flight", k)
                    .isBetween(acked, acked + 1);
            assertThat(seq).as("monotonic").isGreaterThanOrEqualTo(previous);
            if (seq == acked + 1) {
                inFlightSeen++;
            }
            observed.add(seq);
            previous = seq;
        }
        System.out.println("crash test: " + kills + " kills, stored sequence numbers " + observed
                + ", commits durable before their acknowledgement was read: " + inFlightSeen
                + ", kills that landed while the next snapshot was written but not yet renamed: " + tornTemporaries);
        assertThat(previous).as("the children made progress").isGreaterThan(0);
    }

    /** Waits for the child's "ready n" line; fails when the child dies or stays silent. */
    private static long awaitReady(Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.US_ASCII)) {
                    if (line.startsWith("ready ")) {
                        return Long.parseLong(line.substring(6));
                    }
                }
            }
            assertThat(child.isAlive())
                    .as("child running (exit code shows a failed start)")
                    .isTrue();
            Thread.sleep(5);
        }
        throw new AssertionError("the child did not get ready within 60 s");
    }

    private static void assertConsistent(ManagementTree tree, long seq) {
        assertThat(tree.valueText("./Crash/Mirror")).contains(Long.toString(seq));
        NodeSnapshot nonce = tree.inspect("./Crash/AppAuth/AAuthData").orElseThrow();
        assertThat(nonce.valueText()).isEqualTo("nonce-" + seq);
        List<String> expected = new ArrayList<>();
        for (long i = Math.max(1, seq - 4); i <= seq; i++) {
            expected.add("e" + i);
        }
        assertThat(tree.inspect("./Crash/Log").orElseThrow().children()).isEqualTo(expected);
        assertThat(tree.nodeCount()).isEqualTo(tree.exportNodes().size());
    }
}
