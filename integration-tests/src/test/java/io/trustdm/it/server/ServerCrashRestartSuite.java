package io.trustdm.it.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.DeviceAgent;
import io.trustdm.client.bootstrap.InstalledAccounts;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.server.rest.ApiToken;
import io.trustdm.tree.DmUri;
import io.trustdm.tree.ExecRequest;
import io.trustdm.tree.ManagementObjectPlugin;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.Principal;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kill -9 of the DM server in the middle of a device session, restart on the same data directory (and database), and
 * the device runs again: every job ends exactly once, none is lost, and an Exec that had left the server before the
 * kill is never delivered again (its job becomes {@code OUTCOME_UNKNOWN}; see docs/STORAGE.md, "Crash guarantees").
 *
 * <p>The server runs in a child JVM ({@link ServerProcessMain}) with a 2-second job lease; the device (our agent, in
 * this JVM) counts every Exec it runs by Correlator. The kill happens while the device processes the n-th command
 * of a round, n random; {@code -De2e.kills=N} (default 3 per database) sets the rounds, {@code -De2e.seed=S}
 * replays one run.
 */
abstract class ServerCrashRestartSuite {
    private static final String SERVER_ID = "trustdm.crash";
    private static final String DEV = "IMEI:356938035649999";
    private static final Credentials CLIENT = Credentials.of("crash-dev", "crash-client-secret".toCharArray());
    private static final Credentials SERVER = Credentials.of(SERVER_ID, "crash-server-secret".toCharArray());
    private static final long LEASE_MILLIS = 2_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Storage storage;

    @TempDir
    Path dir;

    private Process child;
    private final List<Path> logs = new ArrayList<>();

    ServerCrashRestartSuite(Storage storage) {
        this.storage = storage;
    }

    @AfterEach
    void killChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process startChild(Storage.Location where, int port) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                ServerProcessMain.class.getName()));
        cmd.addAll(storage.processArguments(where, port, SERVER_ID, LEASE_MILLIS));
        Path log = dir.resolve("server-" + logs.size() + ".log");
        logs.add(log);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TRUSTDM_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
        Process p = pb.start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread pump = new Thread(() -> copyOutput(p.getInputStream(), log, ready), "server-output-" + logs.size());
        pump.setDaemon(true);
        pump.start();
        if (!ready.await(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("server process did not start:\n" + Files.readString(log));
        }
        return p;
    }

    private static void copyOutput(InputStream in, Path log, CountDownLatch ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Files.writeString(
                        log,
                        line + "\n",
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                if (line.startsWith(ServerProcessMain.READY)) {
                    ready.countDown();
                }
            }
        } catch (Exception e) {
            // the process was killed: its output ends here
        }
    }

    /** The northbound REST API of the child process. */
    private static final class Api {
        private final HttpClient http;
        private final URI base;
        private final String token;

        Api(Path dataDir, int port, X509Certificate ca) throws Exception {
            var ctx = TlsContexts.create(null, List.of(ca));
            this.http = HttpClient.newBuilder()
                    .sslContext(ctx)
                    .sslParameters(TlsContexts.clientParameters(ctx))
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            this.base = URI.create("https://localhost:" + port + "/api/v1");
            this.token = ApiToken.loadOrCreate(dataDir, new SecureRandom()).value();
        }

        JsonNode call(String method, String path, String json, int expected) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .method(
                            method,
                            json == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
            return JSON.readTree(r.body());
        }
    }

    /** The device side of an Exec: runs it, counts it by Correlator. */
    private static final class CountingAction implements ManagementObjectPlugin {
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        @Override
        public DmUri root() {
            return DmUri.parse("./Vendor/Action");
        }

        @Override
        public int exec(ExecRequest request) {
            runs.computeIfAbsent(request.correlator(), c -> new AtomicInteger()).incrementAndGet();
            return StatusCode.OK;
        }
    }

    private static X509Certificate readCa(Path dataDir) throws Exception {
        try (InputStream in = Files.newInputStream(dataDir.resolve("pki").resolve("ca.pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void killed_in_the_middle_of_a_session_the_restarted_server_completes_every_job_once_and_never_repeats_an_exec()
            throws Exception {
        int kills = Integer.getInteger("e2e.kills", 3);
        String seedProperty = System.getProperty("e2e.seed", "");
        long seed = seedProperty.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(seedProperty);
        Random random = new Random(seed);
        String replay = "replay with -De2e.seed=" + seed + " (server logs in " + dir + ")";

        Storage.Location where = storage.newLocation(dir.resolve("server"));
        int port = freePort();
        child = startChild(where, port);
        X509Certificate ca = readCa(where.dataDir());
        Api api = new Api(where.dataDir(), port, ca);
        api.call("POST", "/devices", """
                {"deviceId":"%s","authScheme":"MD5","username":"%s","password":"crash-client-secret",
                 "serverUsername":"%s","serverPassword":"crash-server-secret"}""".formatted(DEV, CLIENT.username(), SERVER_ID), 201);

        CountingAction action = new CountingAction();
        AtomicInteger commandsThisRound = new AtomicInteger();
        AtomicInteger killAt = new AtomicInteger(Integer.MAX_VALUE);
        Map<String, String> jobKinds = new LinkedHashMap<>(); // job id -> "Get" or the Exec's correlator
        int unknown = 0;
        try (DeviceAgent device = DeviceAgent.builder(DEV)
                .manufacturer("Acme")
                .trustAnchors(List.of(ca))
                .encoding(Encoding.WBXML)
                .dataDirectory(dir.resolve("device"))
                .commandObserver((cmd, responses) -> {
                    if (commandsThisRound.incrementAndGet() == killAt.get()) {
                        child.destroyForcibly(); // SIGKILL on Linux
                        try {
                            child.waitFor(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .build()) {
            device.provision(InstalledAccounts.factory(
                    "trustdm",
                    SERVER_ID,
                    URI.create("https://localhost:" + port + "/dm"),
                    AuthScheme.MD5,
                    CLIENT,
                    SERVER));
            device.tree().add(Principal.LOCAL, "./Vendor", NodeContent.interior(null));
            device.tree().add(Principal.LOCAL, "./Vendor/Action", NodeContent.interior(null));
            device.tree()
                    .replace(
                            Principal.LOCAL,
                            "./Vendor?prop=ACL",
                            NodeContent.text("Get=" + SERVER_ID + "&Exec=" + SERVER_ID));
            device.tree().registerPlugin(action);

            for (int round = 0; round < kills; round++) {
                // Four single-command jobs in random order: two Gets, two Execs.
                List<String> kinds = new ArrayList<>(List.of("Get", "Exec", "Get", "Exec"));
                java.util.Collections.shuffle(kinds, random);
                for (String kind : kinds) {
                    String op = kind.equals("Get")
                            ? "{\"op\":\"Get\",\"target\":\"./DevInfo/Man\"}"
                            : "{\"op\":\"Exec\",\"target\":\"./Vendor/Action\",\"correlator\":\"c" + jobKinds.size()
                                    + "\"}";
                    JsonNode job = api.call("POST", "/devices/" + DEV + "/jobs", "{\"operations\":[" + op + "]}", 201);
                    jobKinds.put(job.get("jobId").asString(), kind.equals("Get") ? "Get" : "c" + jobKinds.size());
                }
                commandsThisRound.set(0);
                killAt.set(1 + random.nextInt(kinds.size()));
                try {
                    device.runSession();
                } catch (Exception expected) {
                    // the server died under the device
                }
                assertThat(child.isAlive())
                        .as("killed in round %d; %s", round, replay)
                        .isFalse();
                assertThat(child.exitValue()).as("SIGKILL").isEqualTo(137);
                killAt.set(Integer.MAX_VALUE);
                child = startChild(where, port);

                // The device keeps calling until every job of every round has ended; the dead server's claims
                // expire after the lease.
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (true) {
                    try {
                        device.runSession();
                    } catch (Exception e) {
                        // e.g. a stale nonce after the restart; the next session has a fresh challenge
                    }
                    JsonNode jobs = api.call("GET", "/jobs?deviceId=" + DEV, null, 200);
                    long open = 0;
                    for (JsonNode j : jobs) {
                        String state = j.get("state").asString();
                        if (state.equals("QUEUED") || state.equals("DELIVERING")) {
                            open++;
                        }
                    }
                    if (open == 0) {
                        break;
                    }
                    assertThat(System.nanoTime())
                            .as("jobs still open after 60 s; %s", replay)
                            .isLessThan(deadline);
                    Thread.sleep(300);
                }
            }

            // Every job is still there and ended exactly as the guarantees say.
            for (Map.Entry<String, String> e : jobKinds.entrySet()) {
                JsonNode job = api.call("GET", "/jobs/" + e.getKey(), null, 200);
                String state = job.get("state").asString();
                String kind = e.getValue();
                if (kind.equals("Get")) {
                    assertThat(state).as("Get job %s; %s", e.getKey(), replay).isEqualTo("COMPLETED");
                    assertThat(job.get("outcomes").get(0).get("status").asInt()).isEqualTo(200);
                    assertThat(job.get("outcomes")
                                    .get(0)
                                    .get("results")
                                    .get(0)
                                    .get("value")
                                    .asString())
                            .isEqualTo("Acme");
                } else {
                    int runs =
                            action.runs.getOrDefault(kind, new AtomicInteger()).get();
                    assertThat(runs)
                            .as("Exec %s ran on the device at most once; %s", kind, replay)
                            .isLessThanOrEqualTo(1);
                    assertThat(state).as("Exec job %s; %s", e.getKey(), replay).isIn("COMPLETED", "OUTCOME_UNKNOWN");
                    if (state.equals("COMPLETED")) {
                        assertThat(runs)
                                .as("a completed Exec ran exactly once: %s %s; %s", job, action.runs, replay)
                                .isEqualTo(1);
                        assertThat(job.get("outcomes").get(0).get("status").asInt())
                                .isEqualTo(200);
                    } else {
                        unknown++;
                    }
                }
            }
            JsonNode all = api.call("GET", "/jobs?deviceId=" + DEV, null, 200);
            assertThat(all.size()).as("no job lost, none invented").isEqualTo(jobKinds.size());
        }
        System.out.printf(
                "%s crash test: %d kills, %d jobs, %d Execs with outcome unknown, seed %d%n",
                storage, kills, jobKinds.size(), unknown, seed);
        assertThat(unknown).isLessThanOrEqualTo(kills);
    }
}
