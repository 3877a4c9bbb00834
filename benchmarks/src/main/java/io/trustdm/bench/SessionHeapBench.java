package io.trustdm.bench;

import io.trustdm.client.security.ClientAccount;
import io.trustdm.client.security.NonceStore;
import io.trustdm.client.security.PolicyClientAuthenticator;
import io.trustdm.client.session.ManagementSession;
import io.trustdm.client.session.SessionConfig;
import io.trustdm.client.session.UserInteraction;
import io.trustdm.client.transport.DmExchange;
import io.trustdm.client.transport.DmReply;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.server.session.ServerSessionEngine;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server heap per open DM session and per registered Device (docs/BENCHMARKS.md, "Session benchmarks").
 *
 * <p><b>Sessions.</b> K Devices are registered and each gets a job (Get + Replace) queued; after a full GC the heap
 * in use is read. Then every Device sends Package 1 over HTTPS (MD5) and reads Package 2, and stops there: the server
 * holds K sessions, each with its claimed job, waiting for Package 3. After a full GC the heap is read again; the
 * difference over K is the cost of one open session (server session state, claimed job, and whatever the registry
 * keeps in the heap for it). The client's objects of each Device are dropped before the measurement (one shared
 * kept-alive connection stays open throughout).
 *
 * <p><b>Devices.</b> N Devices with accounts and nonces are registered in steps; after each step a full GC and a heap
 * reading. On H2 the Devices live in the database file, so the heap should only grow by H2's page cache (bounded);
 * the in-memory registry, measured the same way, is the baseline that keeps everything in the heap.
 *
 * <p>{@code java -Xmx512m -cp benchmarks.jar io.trustdm.bench.SessionHeapBench sessions=100,500 devices=10000}
 */
public final class SessionHeapBench {
    private SessionHeapBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("sessions", "100,500", "devices", "10000", "steps", "4"));
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0 || !opt.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument " + a + "; known: " + opt.keySet());
            }
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        List<Integer> ks = new ArrayList<>();
        for (String k : opt.get("sessions").split(",")) {
            ks.add(Integer.parseInt(k));
        }
        run(ks, Integer.parseInt(opt.get("devices")), Integer.parseInt(opt.get("steps")), System.out);
    }

    /** Runs both measurements, prints {@code key=value} lines and returns the per-item figures. */
    static Map<String, Double> run(List<Integer> sessionCounts, int devices, int steps, java.io.PrintStream out)
            throws Exception {
        Map<String, Double> summary = new LinkedHashMap<>();
        out.println(SessionBench.machineLine());
        for (SessionBenchServer.Storage storage :
                List.of(SessionBenchServer.Storage.H2, SessionBenchServer.Storage.MEMORY)) {
            for (int k : sessionCounts) {
                double perSession = openSessions(storage, k, out);
                summary.put("bytes_per_session_" + storage.name().toLowerCase() + "_" + k, perSession);
            }
        }
        for (SessionBenchServer.Storage storage :
                List.of(SessionBenchServer.Storage.H2, SessionBenchServer.Storage.MEMORY)) {
            summary.put(
                    "bytes_per_device_" + storage.name().toLowerCase(), registerDevices(storage, devices, steps, out));
        }
        Double h2 = summary.get("bytes_per_device_h2");
        Double mem = summary.get("bytes_per_device_memory");
        out.printf("RATIO heap per registered device, H2 / in-memory registry: %.3f%n", h2 / mem);
        return summary;
    }

    private static double openSessions(SessionBenchServer.Storage storage, int k, java.io.PrintStream out)
            throws Exception {
        Path dir = Files.createTempDirectory("trustdm-heapbench");
        try (SessionBenchServer server = SessionBenchServer.start(dir, true, storage);
                HttpDmTransport transport = HttpDmTransport.builder()
                        .trustAnchors(List.of(server.pki().ca().certificate()))
                        .build()) {
            // Warm-up Devices: classes loaded, code compiled, pools and caches filled before the first reading.
            int warm = Math.min(50, Math.max(5, k / 4));
            // DmServer admits 256 sessions in progress by default (NodeOptions.maxSessions); raised here so that K
            // sessions can be held open at once, as an operator would for a larger fleet.
            server.engine().admission(warm + k + 16, ServerSessionEngine.DEFAULT_RETRY_AFTER);
            List<Nonce[]> nonces = new ArrayList<>();
            for (int i = 0; i < warm + k; i++) {
                String id = deviceId(i);
                Nonce cn = Nonce.random();
                Nonce sn = Nonce.random();
                server.register(id, AuthScheme.MD5, deviceCreds(id), serverCreds(id), cn, sn);
                server.registry().enqueue(id, job(i));
                nonces.add(new Nonce[] {cn, sn});
            }
            for (int i = 0; i < warm; i++) {
                sendPackage1(server, transport, deviceId(i), nonces.get(i));
            }
            long before = usedHeapAfterGc();
            int activeBefore = server.engine().activeSessions();
            for (int i = warm; i < warm + k; i++) {
                sendPackage1(server, transport, deviceId(i), nonces.get(i));
                nonces.set(i, null);
            }
            long after = usedHeapAfterGc();
            int open = server.engine().activeSessions() - activeBefore;
            if (open != k) {
                throw new IllegalStateException("expected " + k + " open sessions, the server holds " + open);
            }
            double per = (double) (after - before) / k;
            out.printf(
                    "heap_sessions storage=%s open_sessions=%d heap_before=%d heap_after=%d bytes_per_session=%.0f%n",
                    storage.name().toLowerCase(), k, before, after, per);
            return per;
        }
    }

    private static double registerDevices(SessionBenchServer.Storage storage, int n, int steps, java.io.PrintStream out)
            throws Exception {
        Path dir = Files.createTempDirectory("trustdm-heapbench");
        try (SessionBenchServer server = SessionBenchServer.start(dir, true, storage)) {
            // Warm-up: the registration path compiled, the database's statement cache filled.
            int warm = Math.min(200, n);
            for (int i = 0; i < warm; i++) {
                register(server, "IMEI:WARM" + i);
            }
            long base = usedHeapAfterGc();
            out.printf(
                    "heap_devices storage=%s registered=0 heap=%d%n",
                    storage.name().toLowerCase(), base);
            int done = 0;
            long last = base;
            for (int s = 1; s <= steps; s++) {
                int target = (int) ((long) n * s / steps);
                for (; done < target; done++) {
                    register(server, deviceId(1_000_000 + done));
                }
                last = usedHeapAfterGc();
                out.printf(
                        "heap_devices storage=%s registered=%d heap=%d bytes_per_device=%.0f%n",
                        storage.name().toLowerCase(), done, last, (double) (last - base) / Math.max(1, done));
            }
            double per = (double) (last - base) / Math.max(1, n);
            out.printf(
                    "heap_devices_result storage=%s devices=%d bytes_per_device=%.0f%n",
                    storage.name().toLowerCase(), n, per);
            return per;
        }
    }

    private static void register(SessionBenchServer server, String id) {
        server.register(id, AuthScheme.MD5, deviceCreds(id), serverCreds(id), Nonce.random(), Nonce.random());
    }

    private static String deviceId(int i) {
        return String.format("IMEI:35%013d", i);
    }

    private static Credentials deviceCreds(String id) {
        return Credentials.of(id + "-user", ("device-secret-" + id).toCharArray());
    }

    private static Credentials serverCreds(String id) {
        return Credentials.of(SessionBenchServer.SERVER_ID, ("server-secret-" + id).toCharArray());
    }

    private static List<io.trustdm.protocol.message.Command> job(int n) {
        return List.of(
                new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man"))),
                new Replace("0", false, null, null, List.of(Item.targetWithData("./Vendor/Setting", null, "v" + n))));
    }

    /** Package 1 of a client-initiated session (Alert 1201, DevInfo, MD5 credentials); the reply is Package 2. */
    private static void sendPackage1(SessionBenchServer server, HttpDmTransport transport, String id, Nonce[] nonces)
            throws Exception {
        SyncMlCodec codec = SyncMlCodec.defaults();
        PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                new ClientAccount(
                        SessionBenchServer.SERVER_ID,
                        AccountSecurity.of(SessionBenchServer.SERVER_ID, AuthScheme.MD5, true),
                        deviceCreds(id),
                        serverCreds(id)),
                NonceStore.inMemory(nonces[0], nonces[1]),
                new MessageSecurityPolicy(e -> {}),
                server.dmUri());
        ManagementSession s = new ManagementSession(
                new SessionConfig(
                        id,
                        server.dmUri().toString(),
                        SessionBenchServer.SERVER_ID,
                        deviceCreds(id).username(),
                        Encoding.WBXML,
                        16 * 1024,
                        1024 * 1024),
                (c, ctx) -> List.of(),
                auth,
                UserInteraction.NONE,
                codec);
        List<Item> devInfo = List.of(
                Item.sourceWithData("./DevInfo/DevId", null, id),
                Item.sourceWithData("./DevInfo/Man", null, "TrustDM"),
                Item.sourceWithData("./DevInfo/Mod", null, "Simulated device"),
                Item.sourceWithData("./DevInfo/DmV", null, "1.2"),
                Item.sourceWithData("./DevInfo/Lang", null, "en"));
        SyncMl p1 = s.start(AlertCode.CLIENT_INITIATED_MGMT, "1", devInfo, List.of());
        byte[] body = codec.encode(p1, Encoding.WBXML);
        DmReply reply = transport.exchange(new DmExchange(server.dmUri(), body, Encoding.WBXML, auth.sign(body)));
        SyncMl p2 = codec.decode(reply.body(), reply.encoding());
        if (p2.body().commands().stream().noneMatch(c -> c instanceof Get)) {
            throw new IllegalStateException(
                    "Package 2 for " + id + " carries no job: " + p2.body().commands());
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
