package io.trustdm.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.security.ClientAccount;
import io.trustdm.client.security.NonceStore;
import io.trustdm.client.security.PolicyClientAuthenticator;
import io.trustdm.client.session.CommandProcessor;
import io.trustdm.client.session.ManagementSession;
import io.trustdm.client.session.SessionConfig;
import io.trustdm.client.session.SessionException;
import io.trustdm.client.session.SessionRunner;
import io.trustdm.client.session.UserInteraction;
import io.trustdm.client.transport.DmTransportException;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.client.transport.ServerBusyException;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.pki.DevelopmentPki;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.server.api.JobState;
import io.trustdm.server.api.JobView;
import io.trustdm.server.api.OperationSpec;
import io.trustdm.server.api.RegistryManagementApi;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two DM server nodes (separate JVMs) on one real PostgreSQL behind a real nginx with TLS passthrough. Devices run
 * Management Sessions in a loop through the balancer while the test queues a job (a Replace or an Exec) before each
 * of their sessions; in the middle, node A is killed with SIGKILL while it waits for a Device's answer to an Exec.
 * Devices retry through the balancer and reach node B. Then: no job lost (every job completed or, for an Exec that
 * had left the server, OUTCOME_UNKNOWN), no Exec executed twice on any Device, the Exec in flight at the kill is
 * OUTCOME_UNKNOWN and never sent again, a Replace executed twice only after its first delivery died with node A, and
 * every Device-side error is explained by the kill (at most one per Device, all after the kill began).
 *
 * <p>Size: {@code -Dcluster.devices=N} (default 10) and {@code -Dcluster.jobs=J} jobs per Device (default 8);
 * {@code -Dcluster.maxSessions=M} sets each node's admission bound (default 256): with more Devices than that, 503s
 * are expected, counted apart from the other errors, and honoured (the Device waits its Retry-After).
 */
class ClusterIT {
    static final String SERVER_ID = "trustdm.cluster";
    private static final int DEVICES = Integer.getInteger("cluster.devices", 10);
    private static final int JOBS_PER_DEVICE = Integer.getInteger("cluster.jobs", 8);
    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final Duration IDLE = Duration.ofSeconds(4);
    private static final int MAX_SESSIONS = Integer.getInteger("cluster.maxSessions", 256);
    private static final ClusterNodes.Settings NODE =
            new ClusterNodes.Settings(LEASE, IDLE, MAX_SESSIONS, List.of("-XX:TieredStopAtLevel=1"));

    @TempDir
    Path tmp;

    /** What a Device did, as the Device saw it. */
    private static final class Tally {
        final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
        /** targets executed in a session that then failed (its answer may never have reached the server) */
        final Set<String> executedInFailedSession = ConcurrentHashMap.newKeySet();

        final List<String> errors = new CopyOnWriteArrayList<>();
        final AtomicInteger errorsBeforeKill = new AtomicInteger();
        final AtomicInteger busy = new AtomicInteger();
        final AtomicInteger sessions = new AtomicInteger();
        final Map<Integer, AtomicInteger> sessionsPerPort = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> errorsPerDevice = new ConcurrentHashMap<>();
    }

    private record Planned(String jobId, String deviceId, boolean exec, String target) {}

    @Test
    void jobs_survive_a_killed_node_and_no_exec_runs_twice() throws Exception {
        Path nginx = NginxBalancer.requireInstalled();
        long t0 = System.nanoTime();
        List<Process> nodes = new ArrayList<>();
        try (ClusterStorage storage = ClusterStorage.start(tmp, "trustdm_cluster")) {
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
                nodes.add(ClusterNodes.start(tmp, data, url, nodePorts.get(i), publicUri, pinned.get(i), i, NODE));
            }
            for (int i = 0; i < 2; i++) {
                ClusterNodes.awaitReady(nodes.get(i), ClusterNodes.log(tmp, i));
            }
            try (NginxBalancer balancer = NginxBalancer.start(nginx, tmp.resolve("nginx"), lb, nodePorts, pinned)) {
                run(api, pki.ca().certificate(), publicUri, pinned, nodes, balancer, t0);
            }
        } finally {
            for (Process p : nodes) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void run(
            RegistryManagementApi api,
            X509Certificate ca,
            URI publicUri,
            List<Integer> pinned,
            List<Process> nodes,
            NginxBalancer balancer,
            long t0)
            throws Exception {
        Map<String, Planned> planned = new ConcurrentHashMap<>();
        Map<String, Tally> tallies = new ConcurrentHashMap<>();
        int totalJobs = DEVICES * JOBS_PER_DEVICE;
        AtomicInteger executedTotal = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicLong killedAtNanos = new AtomicLong(Long.MAX_VALUE);
        Map<String, String> inFlightAtKill = new ConcurrentHashMap<>(); // target -> deviceId
        AtomicBoolean stop = new AtomicBoolean();
        int portA = pinned.get(0);
        Process nodeA = nodes.get(0);

        List<Thread> threads = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            ClusterNodes.Device device = ClusterNodes.registerDevice(api, "35", d);
            String dev = device.deviceId();
            Credentials creds = device.client();
            Credentials serverCreds = device.server();
            Tally tally = new Tally();
            tallies.put(dev, tally);
            NonceStore nonces = NonceStore.inMemory(null, null);
            int index = d;
            Thread t = new Thread(
                    () -> {
                        int queued = 0;
                        int sessionNo = 0;
                        try (HttpDmTransport transport = HttpDmTransport.builder()
                                .trustAnchors(List.of(ca))
                                .connectTimeout(Duration.ofSeconds(3))
                                .requestTimeout(Duration.ofSeconds(20))
                                .build()) {
                            while (!stop.get()) {
                                if (queued < JOBS_PER_DEVICE) {
                                    boolean exec = (queued + index) % 2 == 1;
                                    String target = "./Vendor/Cluster/" + (exec ? "Run" : "Setting") + queued;
                                    OperationSpec op = exec
                                            ? new OperationSpec("Exec", target, null, null, null, null, null, null)
                                            : OperationSpec.of("Replace", target, "v" + queued);
                                    JobView job = api.createJob(dev, List.of(op));
                                    planned.put(job.jobId(), new Planned(job.jobId(), dev, exec, target));
                                    queued++;
                                } else if (allSettled(api, dev)) {
                                    return;
                                }
                                List<String> executedThisSession = new ArrayList<>();
                                ManagementSession[] current = new ManagementSession[1];
                                CommandProcessor processor = (c, ctx) -> {
                                    if (c instanceof Replace || c instanceof Exec) {
                                        String target = target(c);
                                        tally.executions
                                                .computeIfAbsent(target, k -> new AtomicInteger())
                                                .incrementAndGet();
                                        executedThisSession.add(target);
                                        int n = executedTotal.incrementAndGet();
                                        if (c instanceof Exec
                                                && n >= totalJobs / 3
                                                && current[0].targetUri().contains(":" + portA + "/")
                                                && killed.compareAndSet(false, true)) {
                                            // node A waits for this Exec's status, with exec_sent committed
                                            inFlightAtKill.put(target, dev);
                                            killedAtNanos.set(System.nanoTime());
                                            nodeA.destroyForcibly();
                                            try {
                                                nodeA.waitFor();
                                            } catch (InterruptedException e) {
                                                Thread.currentThread().interrupt();
                                            }
                                        }
                                    }
                                    return List.of(Status.of("0", ctx.msgId(), c.cmdId(), c.name(), 200));
                                };
                                try {
                                    runSession(
                                            transport,
                                            publicUri,
                                            dev,
                                            creds,
                                            serverCreds,
                                            nonces,
                                            processor,
                                            Integer.toHexString(++sessionNo),
                                            current);
                                    tally.sessions.incrementAndGet();
                                    int port =
                                            URI.create(current[0].targetUri()).getPort();
                                    tally.sessionsPerPort
                                            .computeIfAbsent(port, k -> new AtomicInteger())
                                            .incrementAndGet();
                                } catch (DmTransportException | SessionException | RuntimeException e) {
                                    tally.executedInFailedSession.addAll(executedThisSession);
                                    tally.errors.add(e.getClass().getSimpleName() + " at "
                                            + (current[0] == null ? "?" : current[0].targetUri()) + ": "
                                            + e.getMessage());
                                    if (e instanceof ServerBusyException busy) {
                                        // overload is explained by itself: back off as the node asked
                                        tally.busy.incrementAndGet();
                                        Thread.sleep(busy.retryAfter()
                                                .orElse(Duration.ofSeconds(1))
                                                .toMillis());
                                        continue;
                                    }
                                    if (System.nanoTime() < killedAtNanos.get()) {
                                        tally.errorsBeforeKill.incrementAndGet();
                                    }
                                    tally.errorsPerDevice
                                            .computeIfAbsent(dev, k -> new AtomicInteger())
                                            .incrementAndGet();
                                    Thread.sleep(
                                            100 + ThreadLocalRandom.current().nextInt(200));
                                }
                                if (queued >= JOBS_PER_DEVICE) {
                                    // waiting for leases of a dead node to run out: do not spin
                                    Thread.sleep(300);
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (Exception e) {
                            tally.errors.add("device loop ended: " + e);
                        }
                    },
                    "device-" + d);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        long deadline = System.nanoTime() + Duration.ofSeconds(120 + DEVICES).toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        // ---- what the server says -----------------------------------------------------------------------------
        Map<String, JobView> jobs = api.jobs(null, null).stream()
                .filter(j -> planned.containsKey(j.jobId()))
                .collect(Collectors.toMap(JobView::jobId, j -> j));
        Map<JobState, Long> byState =
                jobs.values().stream().collect(Collectors.groupingBy(JobView::state, Collectors.counting()));
        List<String> allErrors = new ArrayList<>();
        int busy = 0;
        int errorsBeforeKill = 0;
        int sessions = 0;
        Map<Integer, Integer> perPort = new HashMap<>();
        for (Tally t : tallies.values()) {
            allErrors.addAll(t.errors);
            busy += t.busy.get();
            errorsBeforeKill += t.errorsBeforeKill.get();
            sessions += t.sessions.get();
            t.sessionsPerPort.forEach((p, n) -> perPort.merge(p, n.get(), Integer::sum));
        }
        int replaysOfReplace = 0;
        for (Planned p : planned.values()) {
            int n = count(tallies, p);
            if (!p.exec() && n > 1) {
                replaysOfReplace++;
            }
        }
        System.out.printf(
                "cluster test: 2 nodes + nginx (TLS passthrough) + PostgreSQL, %d devices, %d jobs in %.1f s;"
                        + " %d sessions completed (per pinned port %s), node A killed: %s;"
                        + " jobs by state %s; %d Replace executed again after the kill;"
                        + " %d device-side errors (%d busy, %d before the kill)%n",
                DEVICES,
                planned.size(),
                seconds,
                sessions,
                perPort,
                killed.get(),
                byState,
                replaysOfReplace,
                allErrors.size(),
                busy,
                errorsBeforeKill);
        allErrors.stream().limit(30).forEach(e -> System.out.println("  error: " + e));

        assertThat(killed)
                .as("an Exec reached node A after a third of the jobs ran, and node A was killed")
                .isTrue();
        assertThat(nodes.get(1).isAlive()).as("node B survived").isTrue();
        assertThat(planned).as("every job was queued").hasSize(totalJobs);
        assertThat(jobs).as("every queued job is still known to the server").hasSize(totalJobs);
        assertThat(perPort.keySet())
                .as("sessions were spread over both nodes and pinned to them by RespURI")
                .containsExactlyInAnyOrderElementsOf(pinned);

        for (Planned p : planned.values()) {
            JobView j = jobs.get(p.jobId());
            int executed = count(tallies, p);
            Tally t = tallies.get(p.deviceId());
            String what = (p.exec() ? "Exec " : "Replace ") + p.target() + " of " + p.deviceId() + " (job " + p.jobId()
                    + ", " + j.state() + ", executed " + executed + "x)";
            assertThat(j.state()).as("no job lost: %s", what).isIn(JobState.COMPLETED, JobState.OUTCOME_UNKNOWN);
            if (p.exec()) {
                assertThat(executed).as("an Exec runs at most once: %s", what).isLessThanOrEqualTo(1);
                if (j.state() == JobState.COMPLETED) {
                    assertThat(executed)
                            .as("a completed Exec ran exactly once: %s", what)
                            .isEqualTo(1);
                    assertThat(j.outcomes().get(0).status()).isEqualTo(200);
                } else if (executed == 1) {
                    assertThat(t.executedInFailedSession)
                            .as("an Exec of unknown outcome that ran was in a session that failed: %s", what)
                            .contains(p.target());
                }
            } else {
                assertThat(j.state())
                        .as("a Replace is never OUTCOME_UNKNOWN: %s", what)
                        .isEqualTo(JobState.COMPLETED);
                assertThat(executed).as("a completed Replace ran: %s", what).isGreaterThanOrEqualTo(1);
                if (executed > 1) {
                    assertThat(t.executedInFailedSession)
                            .as("a Replace runs again only after its first delivery died with its node: %s", what)
                            .contains(p.target());
                }
            }
        }
        assertThat(inFlightAtKill).hasSize(1);
        inFlightAtKill.forEach((target, dev) -> {
            Planned p = planned.values().stream()
                    .filter(x -> x.deviceId().equals(dev) && x.target().equals(target))
                    .findFirst()
                    .orElseThrow();
            assertThat(jobs.get(p.jobId()).state())
                    .as("the Exec in flight on the killed node ends OUTCOME_UNKNOWN")
                    .isEqualTo(JobState.OUTCOME_UNKNOWN);
            assertThat(count(tallies, p)).as("and was never sent again").isEqualTo(1);
        });

        // every error is explained: a 503 by the admission bound (reported; none expected with fewer Devices than
        // the bound), any other by the kill: none before it, at most one per Device
        assertThat(errorsBeforeKill).as("errors before the kill: %s", allErrors).isZero();
        if (DEVICES < MAX_SESSIONS) {
            assertThat(busy)
                    .as("fewer Devices than the admission bound: no 503")
                    .isZero();
        }
        for (Tally t : tallies.values()) {
            t.errorsPerDevice.forEach((dev, n) -> assertThat(n.get())
                    .as("%s: one session broken by the kill, then node B: %s", dev, t.errors)
                    .isLessThanOrEqualTo(1));
        }
        assertThat(balancer.accessLog()).as("nginx proxied the sessions").isNotEmpty();
    }

    private static int count(Map<String, Tally> tallies, Planned p) {
        AtomicInteger n = tallies.get(p.deviceId()).executions.get(p.target());
        return n == null ? 0 : n.get();
    }

    private static boolean allSettled(RegistryManagementApi api, String dev) {
        return api.jobs(dev, null).stream()
                .allMatch(j -> j.state() == JobState.COMPLETED || j.state() == JobState.OUTCOME_UNKNOWN);
    }

    private static String target(Command c) {
        List<Item> items = c instanceof Exec e ? e.items() : ((Replace) c).items();
        return items.get(0).target().locUri();
    }

    /** One Management Session of a Device over MD5 (both ways) through {@code uri}; {@code current} receives it. */
    static void runSession(
            HttpDmTransport transport,
            URI uri,
            String dev,
            Credentials creds,
            Credentials serverCreds,
            NonceStore nonces,
            CommandProcessor processor,
            String sessionId,
            ManagementSession[] current)
            throws DmTransportException, SessionException {
        PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                new ClientAccount(SERVER_ID, AccountSecurity.of(SERVER_ID, AuthScheme.MD5, true), creds, serverCreds),
                nonces,
                new MessageSecurityPolicy(e -> {}),
                uri);
        ManagementSession s = new ManagementSession(
                new SessionConfig(dev, uri.toString(), SERVER_ID, creds.username(), Encoding.XML, 16_384, 100_000),
                processor,
                auth,
                UserInteraction.NONE,
                SyncMlCodec.defaults());
        current[0] = s;
        SyncMl p1 = s.start(
                1201,
                sessionId,
                List.of(
                        Item.sourceWithData("./DevInfo/DevId", null, dev),
                        Item.sourceWithData("./DevInfo/Mod", null, "Cluster-1")),
                List.of());
        new SessionRunner(transport, SyncMlCodec.defaults(), 40).run(s, p1, auth, auth);
    }
}
