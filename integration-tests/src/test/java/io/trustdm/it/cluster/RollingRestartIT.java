package io.trustdm.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.security.NonceStore;
import io.trustdm.client.session.CommandProcessor;
import io.trustdm.client.session.ManagementSession;
import io.trustdm.client.session.SessionException;
import io.trustdm.client.transport.DmTransportException;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.client.transport.ServerBusyException;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.pki.DevelopmentPki;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.server.api.JobState;
import io.trustdm.server.api.JobView;
import io.trustdm.server.api.OperationSpec;
import io.trustdm.server.api.RegistryManagementApi;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart, the way an operator upgrades a cluster: two DM server nodes (separate JVMs) on one PostgreSQL
 * behind nginx, Devices running Management Sessions in a loop through the balancer, and each node in turn stopped with
 * SIGTERM (what a service manager sends), waited for, and started again on the same port. A stopping node finishes its
 * running sessions and answers new ones 503 with Retry-After; a stopped node's balanced port is skipped by nginx. So,
 * unlike {@link ClusterIT}'s kill -9: no Device-side error other than an honoured 503, every job completed, and every
 * Replace executed exactly once; each node exits with 143 after logging its drain.
 */
class RollingRestartIT {
    private static final int DEVICES = Integer.getInteger("rolling.devices", 6);
    private static final ClusterNodes.Settings NODE = new ClusterNodes.Settings(
            Duration.ofSeconds(10), Duration.ofSeconds(5), 256, List.of("-XX:TieredStopAtLevel=1"), true);
    private static final int SIGTERM_EXIT = 128 + 15;

    @TempDir
    Path tmp;

    @Test
    void a_rolling_restart_under_load_breaks_no_session_and_runs_every_job_exactly_once() throws Exception {
        Path nginx = NginxBalancer.requireInstalled();
        List<Process> nodes = new CopyOnWriteArrayList<>();
        try (ClusterStorage storage = ClusterStorage.start(tmp, "trustdm_rolling")) {
            Path data = storage.data;
            String url = storage.url;
            DevelopmentPki pki = storage.pki;
            RegistryManagementApi api = storage.api;
            ClusterNodes.Ports ports = ClusterNodes.Ports.free();
            int lb = ports.balanced();
            List<Integer> nodePorts = ports.nodes();
            List<Integer> pinned = ports.pinned();
            URI publicUri = ports.publicUri();
            for (int i = 0; i < 2; i++) {
                nodes.add(ClusterNodes.start(
                        logDir(i, 0), data, url, nodePorts.get(i), publicUri, pinned.get(i), i, NODE));
            }
            for (int i = 0; i < 2; i++) {
                ClusterNodes.awaitReady(nodes.get(i), ClusterNodes.log(logDir(i, 0), i));
            }
            try (NginxBalancer balancer =
                    NginxBalancer.start(nginx, tmp.resolve("nginx"), lb, nodePorts, pinned, true)) {
                probeDeviceAddressThroughTheBalancer(lb, pki.ca().certificate());
                run(api, pki.ca().certificate(), publicUri, nodes, i -> {
                    int generation = 1;
                    Process p = ClusterNodes.start(
                            logDir(i, generation), data, url, nodePorts.get(i), publicUri, pinned.get(i), i, NODE);
                    ClusterNodes.awaitReady(p, ClusterNodes.log(logDir(i, generation), i));
                    return p;
                });
                assertThat(balancer.accessLog())
                        .as("nginx proxied the sessions")
                        .isNotEmpty();
            }
        } finally {
            for (Process p : nodes) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The nodes run behind nginx with the PROXY protocol: a Device connecting from 127.0.0.2 (nginx itself connects
     * to the nodes from 127.0.0.1) must appear in the node's log with its own address. An unknown DevId is refused,
     * and the refusal is logged with the address.
     */
    private void probeDeviceAddressThroughTheBalancer(int lb, X509Certificate ca) throws Exception {
        String probe = "IMEI:proxy-probe-0001";
        SyncMl p1 = new SyncMl(
                SyncHdr.builder()
                        .sessionId("1")
                        .msgId("1")
                        .target(Target.of("https://localhost:" + lb + "/dm"))
                        .source(Source.of(probe))
                        .build(),
                new SyncBody(List.of(Alert.of("1", 1201)), true));
        byte[] body = SyncMlCodec.defaults().encode(p1, Encoding.XML);
        SSLContext ctx = TlsContexts.create(null, List.of(ca));
        try (Socket raw = new Socket()) {
            raw.bind(new InetSocketAddress("127.0.0.2", 0));
            raw.connect(new InetSocketAddress("127.0.0.1", lb), 5000);
            raw.setSoTimeout(10_000);
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(raw, "localhost", lb, true)) {
                tls.setSSLParameters(TlsContexts.clientParameters(ctx));
                String head = "POST /dm HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + Encoding.XML.mediaType()
                        + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
                tls.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                tls.getOutputStream().write(body);
                tls.getOutputStream().flush();
                String status = new BufferedReader(
                                new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertThat(status).isEqualTo("HTTP/1.1 200 OK");
            }
        }
        String wanted = "from unknown device " + probe + " at 127.0.0.2";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String logs = "";
        while (System.nanoTime() < deadline) {
            logs = Files.readString(ClusterNodes.log(logDir(0, 0), 0))
                    + Files.readString(ClusterNodes.log(logDir(1, 0), 1));
            if (logs.contains(wanted)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(logs)
                .as("the node logged the Device's own address, passed by nginx")
                .contains(wanted);
    }

    /** Node logs of one generation (the node before and after its restart) go to different directories. */
    private Path logDir(int node, int generation) throws Exception {
        return Files.createDirectories(tmp.resolve("logs-" + node + "-" + generation));
    }

    @FunctionalInterface
    private interface Restart {
        Process start(int node) throws Exception;
    }

    private void run(RegistryManagementApi api, X509Certificate ca, URI publicUri, List<Process> nodes, Restart restart)
            throws Exception {
        Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
        Map<String, String> jobOfTarget = new ConcurrentHashMap<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger sessions = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            ClusterNodes.Device device = ClusterNodes.registerDevice(api, "36", d);
            String dev = device.deviceId();
            Credentials creds = device.client();
            Credentials serverCreds = device.server();
            NonceStore nonces = NonceStore.inMemory(null, null);
            Thread t = new Thread(
                    () -> {
                        int queued = 0;
                        int sessionNo = 0;
                        try (HttpDmTransport transport = HttpDmTransport.builder()
                                .trustAnchors(List.of(ca))
                                .connectTimeout(Duration.ofSeconds(3))
                                .requestTimeout(Duration.ofSeconds(30))
                                .build()) {
                            boolean pending = false;
                            while (!stop.get()) {
                                if (!pending) {
                                    String target = "./Vendor/Rolling/Setting" + queued++;
                                    JobView job = api.createJob(
                                            dev, List.of(OperationSpec.of("Replace", target, "v" + queued)));
                                    jobOfTarget.put(dev + target, job.jobId());
                                    pending = true;
                                }
                                CommandProcessor processor = (c, ctx) -> {
                                    if (c instanceof Replace r) {
                                        executions
                                                .computeIfAbsent(
                                                        dev
                                                                + r.items()
                                                                        .get(0)
                                                                        .target()
                                                                        .locUri(),
                                                        k -> new AtomicInteger())
                                                .incrementAndGet();
                                    }
                                    return List.of(Status.of("0", ctx.msgId(), c.cmdId(), c.name(), 200));
                                };
                                try {
                                    ClusterIT.runSession(
                                            transport,
                                            publicUri,
                                            dev,
                                            creds,
                                            serverCreds,
                                            nonces,
                                            processor,
                                            Integer.toHexString(++sessionNo),
                                            new ManagementSession[1]);
                                    sessions.incrementAndGet();
                                    pending = !settled(api, dev);
                                } catch (ServerBusyException e) {
                                    // a stopping node: come back when it says, through the balancer
                                    busy.incrementAndGet();
                                    Thread.sleep(e.retryAfter()
                                            .orElse(Duration.ofSeconds(1))
                                            .toMillis());
                                } catch (DmTransportException | SessionException | RuntimeException e) {
                                    errors.add(dev + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
                                    Thread.sleep(200);
                                }
                                Thread.sleep(20);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (Exception e) {
                            errors.add(dev + ": device loop ended: " + e);
                        }
                    },
                    "device-" + d);
            threads.add(t);
        }
        threads.forEach(Thread::start);

        List<Integer> exitCodes = new ArrayList<>();
        int[] sessionsAt = new int[3];
        for (int node = 0; node < 2; node++) {
            awaitMoreSessions(sessions, 2 * DEVICES);
            sessionsAt[node] = sessions.get();
            Process old = nodes.get(node);
            old.destroy(); // SIGTERM
            assertThat(old.waitFor(60, TimeUnit.SECONDS))
                    .as("node %d stopped within its grace period", node)
                    .isTrue();
            exitCodes.add(old.exitValue());
            String log = Files.readString(ClusterNodes.log(logDir(node, 0), node));
            assertThat(log)
                    .as("node %d drained before stopping:%n%s", node, log)
                    .contains("draining: no new sessions");
            assertThat(log).contains("no session running; stopping");
            nodes.set(node, restart.start(node));
        }
        awaitMoreSessions(sessions, 2 * DEVICES);
        sessionsAt[2] = sessions.get();
        stop.set(true);
        for (Thread t : threads) {
            t.join(60_000);
        }

        List<JobView> jobs = api.jobs(null, null);
        long completed =
                jobs.stream().filter(j -> j.state() == JobState.COMPLETED).count();
        System.out.printf(
                "rolling restart: 2 nodes + nginx + PostgreSQL, %d devices; %d sessions (%d before node A stopped, %d"
                        + " before node B stopped); %d jobs, %d completed; %d honoured 503s; %d other errors;"
                        + " exit codes %s%n",
                DEVICES,
                sessions.get(),
                sessionsAt[0],
                sessionsAt[1],
                jobs.size(),
                completed,
                busy.get(),
                errors.size(),
                exitCodes);
        errors.stream().limit(20).forEach(e -> System.out.println("  error: " + e));

        assertThat(exitCodes).as("SIGTERM after a clean drain").containsExactly(SIGTERM_EXIT, SIGTERM_EXIT);
        assertThat(errors).as("no session broken by the restarts").isEmpty();
        assertThat(nodes).allSatisfy(p -> assertThat(p.isAlive()).isTrue());
        for (JobView j : jobs) {
            // a Device may have stopped with its last job queued; every job that was delivered completed
            assertThat(j.state()).as("job %s", j.jobId()).isIn(JobState.COMPLETED, JobState.QUEUED);
        }
        assertThat(completed).isGreaterThanOrEqualTo(sessionsAt[2] / 2);
        jobOfTarget.forEach((target, jobId) -> {
            JobView j = jobs.stream()
                    .filter(x -> x.jobId().equals(jobId))
                    .findFirst()
                    .orElseThrow();
            AtomicInteger n = executions.get(target);
            int times = n == null ? 0 : n.get();
            if (j.state() == JobState.COMPLETED) {
                assertThat(times)
                        .as("completed Replace %s ran exactly once", target)
                        .isEqualTo(1);
            } else {
                assertThat(times).as("queued Replace %s never ran", target).isZero();
            }
        });
    }

    private static void awaitMoreSessions(AtomicInteger sessions, int more) throws InterruptedException {
        int target = sessions.get() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sessions.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sessions.get()).as("sessions keep completing").isGreaterThanOrEqualTo(target);
    }

    private static boolean settled(RegistryManagementApi api, String dev) {
        return api.jobs(dev, null).stream().allMatch(j -> j.state() == JobState.COMPLETED);
    }
}
