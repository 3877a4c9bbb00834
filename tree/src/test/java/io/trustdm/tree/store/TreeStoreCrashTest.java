package io.trustdm.tree.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.NodeSnapshot;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long previous = 0;
        List<Long> observed = new ArrayList<>();
        int inFlightSeen = 0;
        for (int k = 0; k < kills; k++) {
            Process child = new ProcessBuilder(
                            java,
                            "-XX:TieredStopAtLevel=1",
                            "-Xshare:auto",
                            "-cp",
                            System.getProperty("java.class.path"),
                            CrashingWriter.class.getName(),
                            dir.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            AtomicLong acknowledged = new AtomicLong(-1);
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
            String first = out.readLine();
            assertThat(first).as("child start").startsWith("ready ");
            long readyAt = Long.parseLong(first.substring(6));
            assertThat(readyAt).as("the child loaded what the last check saw").isEqualTo(previous);
            acknowledged.set(readyAt);
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("committed ")) {
                            acknowledged.set(Long.parseLong(line.substring(10)));
                        }
                    }
                } catch (java.io.IOException e) {
                    // the pipe closes when the child dies
                }
            });
            reader.start();
            Thread.sleep(random.nextInt(60));
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no flushing
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            reader.join(5000);
            long acked = acknowledged.get();

            ManagementTree tree = ManagementTree.create();
            long seq;
            try (TreeStore store = TreeStore.open(dir)) {
                assertThat(store.loadInto(tree)).isTrue();
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
                + ", commits durable before their acknowledgement was read: " + inFlightSeen);
        assertThat(previous).as("the children made progress").isGreaterThan(0);
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
