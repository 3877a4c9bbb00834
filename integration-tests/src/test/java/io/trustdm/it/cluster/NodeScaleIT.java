package io.trustdm.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.security.ClientAccount;
import io.trustdm.client.security.NonceStore;
import io.trustdm.client.security.PolicyClientAuthenticator;
import io.trustdm.client.session.CommandProcessor;
import io.trustdm.client.session.ManagementSession;
import io.trustdm.client.session.SessionConfig;
import io.trustdm.client.session.SessionRunner;
import io.trustdm.client.session.UserInteraction;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.pki.DevelopmentPki;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.server.api.RegistryManagementApi;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark harness, not a test of behaviour: the same session workload through nginx (TLS passthrough, RespURI
 * affinity) against one server node and against two, both on one embedded PostgreSQL, in alternating blocks
 * (1, 2, 1, 2, ...). Reports sessions/s per block, the per-round ratio two nodes / one node and its median (NODES
 * lines). Both node JVMs run in every block; a one-node block simply routes nothing to the second node.
 *
 * <p>Run only by name with {@code -Dnodes.bench=true}; size with {@code -Dnodes.devices} (40), {@code -Dnodes.loops}
 * (8 concurrent session loops), {@code -Dnodes.seconds} (15 per block), {@code -Dnodes.rounds} (3). Each loop owns
 * its own Devices (no Device runs two sessions at once); a session is a package 1 with DevInfo, MD5 both ways, and
 * no queued job (the server closes it after the greeting). See docs/BENCHMARKS.md, "One node against two".
 */
@EnabledIfSystemProperty(named = "nodes.bench", matches = "true")
class NodeScaleIT {
    private static final int DEVICES = Integer.getInteger("nodes.devices", 40);
    private static final int LOOPS = Integer.getInteger("nodes.loops", 8);
    private static final int SECONDS = Integer.getInteger("nodes.seconds", 15);
    private static final int ROUNDS = Integer.getInteger("nodes.rounds", 3);
    private static final int WARMUP_SECONDS = Integer.getInteger("nodes.warmup", 15);
    private static final ClusterNodes.Settings NODE =
            new ClusterNodes.Settings(Duration.ofSeconds(30), Duration.ofSeconds(10), 256, List.of());

    @TempDir
    Path tmp;

    private record DeviceCtx(String id, Credentials creds, Credentials serverCreds, NonceStore nonces) {}

    private record Block(int sessions, int errors, double seconds) {
        double rate() {
            return sessions / seconds;
        }
    }

    @Test
    void one_node_against_two() throws Exception {
        Path nginx = NginxBalancer.requireInstalled();
        List<Process> nodes = new ArrayList<>();
        try (ClusterStorage storage = ClusterStorage.start(tmp, "trustdm_nodes")) {
            Path data = storage.data;
            String url = storage.url;
            DevelopmentPki pki = storage.pki;
            RegistryManagementApi api = storage.api;
            List<DeviceCtx> devices = new ArrayList<>();
            for (int d = 0; d < DEVICES; d++) {
                ClusterNodes.Device device = ClusterNodes.registerDevice(api, "36", d);
                devices.add(new DeviceCtx(
                        device.deviceId(), device.client(), device.server(), NonceStore.inMemory(null, null)));
            }
            ClusterNodes.Ports ports = ClusterNodes.Ports.free();
            int lb = ports.balanced();
            List<Integer> nodePorts = ports.nodes();
            List<Integer> pinned = ports.pinned();
            URI publicUri = ports.publicUri();
            for (int i = 0; i < 2; i++) {
                nodes.add(ClusterNodes.start(tmp, data, url, nodePorts.get(i), publicUri, pinned.get(i), i, NODE));
            }
            for (int i = 0; i < 2; i++) {
                ClusterNodes.awaitReady(nodes.get(i), ClusterNodes.log(tmp, i));
            }
            X509Certificate ca = pki.ca().certificate();
            int blockNo = 0;
            // warm-up through both nodes, not reported
            runBlock(nginx, lb, nodePorts, pinned, 2, publicUri, ca, devices, WARMUP_SECONDS, blockNo++);
            List<Double> ratios = new ArrayList<>();
            for (int r = 1; r <= ROUNDS; r++) {
                Block one = runBlock(nginx, lb, nodePorts, pinned, 1, publicUri, ca, devices, SECONDS, blockNo++);
                Block two = runBlock(nginx, lb, nodePorts, pinned, 2, publicUri, ca, devices, SECONDS, blockNo++);
                double ratio = two.rate() / one.rate();
                ratios.add(ratio);
                System.out.printf(
                        "NODES round %d: 1 node %.1f sessions/s (%d sessions, %d errors, %.1f s);"
                                + " 2 nodes %.1f sessions/s (%d sessions, %d errors, %.1f s); ratio 2/1 %.3f%n",
                        r,
                        one.rate(),
                        one.sessions(),
                        one.errors(),
                        one.seconds(),
                        two.rate(),
                        two.sessions(),
                        two.errors(),
                        two.seconds(),
                        ratio);
            }
            List<Double> sorted = new ArrayList<>(ratios);
            sorted.sort(Double::compare);
            double median = sorted.size() % 2 == 1
                    ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            System.out.printf(
                    "NODES summary: %d devices, %d loops, %d s blocks, %d rounds, nproc %d, JDK %s;"
                            + " ratios %s, median %.3f%n",
                    DEVICES,
                    LOOPS,
                    SECONDS,
                    ROUNDS,
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"),
                    ratios,
                    median);
            assertThat(nodes).allMatch(Process::isAlive);
        } finally {
            for (Process p : nodes) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** One block: nginx restarted with {@code n} upstream node(s) on the same balanced port, loops run for seconds. */
    private Block runBlock(
            Path nginx,
            int lb,
            List<Integer> nodePorts,
            List<Integer> pinned,
            int n,
            URI publicUri,
            X509Certificate ca,
            List<DeviceCtx> devices,
            int seconds,
            int blockNo)
            throws Exception {
        AtomicInteger sessions = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<String> firstErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        java.util.Map<Integer, AtomicInteger> perPort = new java.util.concurrent.ConcurrentHashMap<>();
        long start;
        long end;
        try (NginxBalancer balancer = NginxBalancer.start(
                nginx, tmp.resolve("nginx-" + blockNo), lb, nodePorts.subList(0, n), pinned.subList(0, n))) {
            List<Thread> threads = new ArrayList<>();
            for (int l = 0; l < LOOPS; l++) {
                List<DeviceCtx> mine = new ArrayList<>();
                for (int d = l; d < devices.size(); d += LOOPS) {
                    mine.add(devices.get(d));
                }
                int loop = l;
                threads.add(new Thread(
                        () -> {
                            int sessionNo = blockNo * 100_000 + loop * 10_000;
                            // one HTTP client per Device, as separate Devices would have: each opens its own
                            // connection to the balanced port, so nginx spreads Devices over the nodes
                            List<HttpDmTransport> transports = new ArrayList<>();
                            for (int k = 0; k < mine.size(); k++) {
                                transports.add(HttpDmTransport.builder()
                                        .trustAnchors(List.of(ca))
                                        .connectTimeout(Duration.ofSeconds(3))
                                        .requestTimeout(Duration.ofSeconds(20))
                                        .build());
                            }
                            try {
                                int i = 0;
                                while (!stop.get()) {
                                    int k = i++ % mine.size();
                                    DeviceCtx dev = mine.get(k);
                                    try {
                                        int port = runSession(
                                                transports.get(k), publicUri, dev, Integer.toHexString(++sessionNo));
                                        if (!stop.get()) {
                                            sessions.incrementAndGet();
                                            perPort.computeIfAbsent(port, x -> new AtomicInteger())
                                                    .incrementAndGet();
                                        }
                                    } catch (Exception e) {
                                        errors.incrementAndGet();
                                        if (firstErrors.size() < 5) {
                                            firstErrors.add(e.toString());
                                        }
                                        Thread.sleep(100);
                                    }
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } finally {
                                for (HttpDmTransport t : transports) {
                                    try {
                                        t.close();
                                    } catch (Exception e) {
                                        // closing anyway
                                    }
                                }
                            }
                        },
                        "bench-loop-" + l));
            }
            start = System.nanoTime();
            threads.forEach(Thread::start);
            Thread.sleep(seconds * 1000L);
            stop.set(true);
            end = System.nanoTime();
            for (Thread t : threads) {
                t.join(30_000);
            }
            long proxied = balancer.accessLog().size();
            System.out.printf(
                    "NODES block %d: %d node(s), %d sessions (per pinned port %s), %d errors, %d connections"
                            + " proxied%s%n",
                    blockNo,
                    n,
                    sessions.get(),
                    perPort,
                    errors.get(),
                    proxied,
                    firstErrors.isEmpty() ? "" : " first errors " + firstErrors);
        }
        return new Block(sessions.get(), errors.get(), (end - start) / 1e9);
    }

    /** Runs one session; answers the port of its RespURI (the node that served it). */
    private static int runSession(HttpDmTransport transport, URI uri, DeviceCtx dev, String sessionId)
            throws Exception {
        PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                new ClientAccount(
                        ClusterIT.SERVER_ID,
                        AccountSecurity.of(ClusterIT.SERVER_ID, AuthScheme.MD5, true),
                        dev.creds(),
                        dev.serverCreds()),
                dev.nonces(),
                new MessageSecurityPolicy(e -> {}),
                uri);
        CommandProcessor processor = (c, ctx) -> List.of(Status.of("0", ctx.msgId(), c.cmdId(), c.name(), 200));
        ManagementSession s = new ManagementSession(
                new SessionConfig(
                        dev.id(),
                        uri.toString(),
                        ClusterIT.SERVER_ID,
                        dev.creds().username(),
                        Encoding.XML,
                        16_384,
                        100_000),
                processor,
                auth,
                UserInteraction.NONE,
                SyncMlCodec.defaults());
        SyncMl p1 = s.start(
                1201,
                sessionId,
                List.of(
                        Item.sourceWithData("./DevInfo/DevId", null, dev.id()),
                        Item.sourceWithData("./DevInfo/Mod", null, "NodeScale-1")),
                List.of());
        new SessionRunner(transport, SyncMlCodec.defaults(), 40).run(s, p1, auth, auth);
        return URI.create(s.targetUri()).getPort();
    }
}
