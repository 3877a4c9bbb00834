package io.trustdm.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.cli.fleet.FleetDevice;
import io.trustdm.cli.fleet.FleetReport;
import io.trustdm.cli.fleet.FleetSettings;
import io.trustdm.cli.fleet.FleetSimulator;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.DmServer;
import io.trustdm.server.api.NewDevice;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory harness, not a default test: 10,000 simulated Devices (each with its own agent, tree, credentials and
 * nonces) run one session each against an in-process DmServer within one 2 GB heap, and the heap the Devices' state
 * holds is measured after GC. Runs only with {@code -Dfleet.big=true}; see docs/BENCHMARKS.md "Fleet simulator":
 *
 * <pre>
 * ./mvnw -o verify -pl integration-tests -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=FleetMemoryIT -Dfleet.big=true -DargLine=-Xmx2g -DskipPeers=true
 * </pre>
 *
 * {@code -Dfleet.devices=N} and {@code -Dfleet.concurrency=C} change the size (defaults 10000 and 8).
 */
@EnabledIfSystemProperty(named = "fleet.big", matches = "true")
class FleetMemoryIT {
    private static final String SERVER_ID = "trustdm.big";

    @TempDir
    Path data;

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    private static FleetSettings settings(DmServer server, int concurrency, int sessions) {
        return new FleetSettings(
                server.dmUri(),
                SERVER_ID,
                List.of(server.ca().certificate()),
                Encoding.WBXML,
                concurrency,
                Duration.ofMinutes(30),
                sessions,
                null,
                Duration.ofSeconds(1));
    }

    @Test
    void ten_thousand_devices_run_sessions_in_one_2_gb_heap() throws Exception {
        int n = Integer.getInteger("fleet.devices", 10_000);
        int c = Integer.getInteger("fleet.concurrency", 8);
        try (DmServer server = DmServer.start(data, "127.0.0.1", 0, SERVER_ID, AuthScheme.MD5)) {
            SecureRandom random = new SecureRandom();
            List<FleetDevice> fleet = new ArrayList<>(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                FleetDevice d = FleetDevice.generate(4711, i, AuthScheme.MD5, false, random);
                fleet.add(d);
                server.management()
                        .createDevice(new NewDevice(
                                d.deviceId(),
                                d.scheme(),
                                d.username(),
                                d.password(),
                                SERVER_ID,
                                d.serverPassword(),
                                false));
            }
            System.out.printf(Locale.ROOT, "registered %d devices in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);

            // baseline in the same run: one device, sessions one after another
            FleetReport base =
                    new FleetSimulator(settings(server, 1, 50), fleet.subList(0, 1), System.out::println).run(s -> {});
            assertThat(base.sessionsFailed()).isZero();

            long before = usedAfterGc();
            FleetSimulator sim = new FleetSimulator(settings(server, c, 1), fleet, System.out::println);
            FleetReport r = sim.run(s -> {});
            long withDevices = usedAfterGc();
            int withState = sim.devicesWithState();
            sim = null; // the Devices' agents go with the simulator
            long without = usedAfterGc();

            long perDevice = (withDevices - without) / n;
            System.out.print(r.summary());
            System.out.printf(
                    Locale.ROOT,
                    "FLEET-MEMORY devices=%d withState=%d maxHeapMiB=%d heapBeforeMiB=%.1f heapWithDevicesMiB=%.1f"
                            + " heapAfterDropMiB=%.1f perDeviceBytes=%d%n",
                    n,
                    withState,
                    Runtime.getRuntime().maxMemory() >> 20,
                    before / 1048576.0,
                    withDevices / 1048576.0,
                    without / 1048576.0,
                    perDevice);
            System.out.printf(
                    Locale.ROOT,
                    "FLEET-RATE baseline(1 device, sequential) %.1f sessions/s p50 %.1f ms; fleet(c=%d) %.1f sessions/s"
                            + " p50 %.1f ms p99 %.1f ms; ratio %.2f%n",
                    base.sessionsPerSecond(),
                    base.latencyMillis().p50(),
                    c,
                    r.sessionsPerSecond(),
                    r.latencyMillis().p50(),
                    r.latencyMillis().p99(),
                    r.sessionsPerSecond() / base.sessionsPerSecond());
            assertThat(withState).isEqualTo(n);
            assertThat(r.sessionsCompleted()).isEqualTo(n);
            assertThat(r.sessionsFailed()).isZero();
        }
    }
}
