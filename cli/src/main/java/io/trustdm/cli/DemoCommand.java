package io.trustdm.cli;

import io.trustdm.client.DeviceAgent;
import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.bootstrap.HttpsBootstrapSource;
import io.trustdm.client.notification.UdpPushListener;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.server.DmServer;
import io.trustdm.server.ManagementRegistry;
import io.trustdm.server.bootstrap.BootstrapProfile;
import io.trustdm.server.notification.NotificationService;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trustdm demo}: a DM Server with a development CA, simulated Devices that fetch their bootstrap over mutual
 * TLS, run their first sessions, receive jobs (read DevInfo, change a setting, a firmware update that reports back
 * with a Generic Alert), and one server-initiated session woken by a signed notification.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the end-to-end demo: server, secure bootstrap, simulated devices, jobs, notification.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--devices", paramLabel = "N", description = "simulated devices (default ${DEFAULT-VALUE})")
    int devices = 5;

    @Option(names = "--exit", description = "exit when the scenario is done: 0 if every step succeeded")
    boolean exit;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "HTTPS port, 0 for any free port (default ${DEFAULT-VALUE})")
    int port = 0;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default: a new temporary one)")
    Path data;

    @Option(names = "--verbose", description = "stack traces on failure")
    boolean verbose;

    private final PrintStream out = System.out;

    /** A step that failed: its name goes into the one-line error. */
    static final class StepFailed extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailed(String step, Throwable cause) {
            super(step + ": " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause);
        }
    }

    interface Step<T> {
        T run() throws Exception;
    }

    private <T> T step(String name, Step<T> s) throws StepFailed {
        try {
            return s.run();
        } catch (Exception e) {
            throw new StepFailed(name, e);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    @Override
    public Integer call() throws Exception {
        Instant t0 = Instant.now();
        Path dir = data != null ? data : Files.createTempDirectory("trustdm-demo-");
        List<DeviceAgent> agents = new ArrayList<>();
        List<UdpPushListener> listeners = new ArrayList<>();
        // Ctrl-C runs the shutdown hook; it waits (briefly) until the server and devices are closed below
        CountDownLatch closed = new CountDownLatch(1);
        try (DmServer server = step(
                "start the server", () -> DmServer.start(dir, "127.0.0.1", port, "trustdm.demo", AuthScheme.MD5))) {
            ManagementRegistry reg = server.registry();
            out.println("TrustDM demo");
            out.println("  server      " + server.dmUri() + "  (TLS 1.2/1.3, development CA in " + dir.resolve("pki")
                    + ")");
            out.println(ServerCommand.consoleLine(server));

            for (int i = 0; i < devices; i++) {
                String id = String.format("IMEI:35693803564%04d", i);
                BootstrapProfile profile = i % 2 == 0 ? BootstrapProfile.PLAIN : BootstrapProfile.CP;
                IssuedCertificate cert = server.ca().issueDevice(id, Duration.ofDays(30));
                DeviceAgent agent = DeviceAgent.builder(id)
                        .manufacturer("Exemplar")
                        .model("Sensor-" + (char) ('A' + i % 26))
                        .trustAnchors(List.of(server.ca().certificate()))
                        .certificate(cert)
                        .build();
                agents.add(agent);
                step("prepare bootstrap for " + id, () -> server.bootstrap().prepare(id, profile, null));
                BootstrappedAccount acc = step(
                        "bootstrap " + id + " over mutual TLS",
                        () -> agent.bootstrap(
                                new HttpsBootstrapSource(
                                        server.bootstrapUri(),
                                        cert,
                                        List.of(server.ca().certificate())),
                                m -> Optional.empty()));
                step("first session of " + id, agent::runSession);
                out.printf(
                        "  device %d    %s fetched its bootstrap from %s over mutual TLS (%s profile, %s) and ran its"
                                + " first session%n",
                        i + 1, id, server.bootstrapUri().getPath(), profile, acc.clientScheme());
            }

            // Jobs: read DevInfo, change a setting, firmware update with asynchronous result.
            List<String> reads = new ArrayList<>();
            List<String> changes = new ArrayList<>();
            List<String> updates = new ArrayList<>();
            for (DeviceAgent a : agents) {
                String id = a.deviceId();
                String node = a.account().orElseThrow().accountNode();
                reads.add(reg.enqueue(
                        id,
                        List.of(new Get(
                                "0",
                                false,
                                null,
                                null,
                                List.of(
                                        Item.target("./DevInfo/Man"),
                                        Item.target("./DevInfo/Mod"),
                                        Item.target("./DevInfo/DmV"))))));
                changes.add(reg.enqueue(
                        id,
                        List.of(new Replace(
                                "0",
                                false,
                                null,
                                null,
                                List.of(Item.targetWithData(
                                        "./DMAcc/" + node + "/Name",
                                        Meta.ofFormatAndType("chr", "text/plain"),
                                        "TrustDM (demo)"))))));
                updates.add(reg.enqueue(
                        id,
                        List.of(
                                new Replace(
                                        "0",
                                        false,
                                        null,
                                        null,
                                        List.of(Item.targetWithData(
                                                "./FUMO/1/DownloadAndUpdate/PkgURL",
                                                Meta.ofFormatAndType("chr", "text/plain"),
                                                "https://firmware.example/sensor-2.0.bin"))),
                                Exec.of("0", "fw-" + id, Item.target("./FUMO/1/DownloadAndUpdate")))));
            }
            for (DeviceAgent a : agents) {
                step("management session of " + a.deviceId(), a::runSession);
            }
            for (int i = 0; i < agents.size(); i++) {
                String id = agents.get(i).deviceId();
                String readJob = reads.get(i);
                var read = step(
                        "read DevInfo of " + id,
                        () -> reg.completed(readJob).orElseThrow(() -> new IllegalStateException("job not delivered")));
                check(
                        read.results().get(0).status() == 200,
                        "Get answered " + read.results().get(0).status());
                var change = reg.completed(changes.get(i))
                        .orElseThrow(() -> new StepFailed(
                                "change a setting on " + id, new IllegalStateException("job not delivered")));
                step("change a setting on " + id, () -> {
                    check(
                            change.results().get(0).status() == 200,
                            "Replace answered " + change.results().get(0).status());
                    return null;
                });
                var fw = reg.completed(updates.get(i))
                        .orElseThrow(() -> new StepFailed(
                                "firmware update of " + id, new IllegalStateException("job not delivered")));
                step("firmware update of " + id, () -> {
                    check(
                            fw.results().get(1).status() == 202,
                            "Exec answered " + fw.results().get(1).status());
                    return null;
                });
                if (i == 0) {
                    out.printf(
                            "  jobs        %s: Man=%s Mod=%s DmV=%s; Name replaced; FUMO Exec accepted (202)%n",
                            id,
                            read.results().get(0).results().get(0).data().asText(),
                            read.results().get(0).results().get(1).data().asText(),
                            read.results().get(0).results().get(2).data().asText());
                }
            }
            // The firmware agents finish asynchronously; their Generic Alerts go out in the next session.
            for (DeviceAgent a : agents) {
                step("firmware result of " + a.deviceId(), () -> {
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (a.pendingAlerts().isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    check(!a.pendingAlerts().isEmpty(), "no FUMO result after 10 s");
                    return a.runSession();
                });
            }
            List<Alert> alerts = reg.alerts();
            step("Generic Alerts stored", () -> {
                check(
                        alerts.size() >= agents.size(),
                        "expected " + agents.size() + " Generic Alerts, got " + alerts.size());
                return null;
            });
            out.printf(
                    "  alerts      %d Generic Alerts (1226) received, correlated to their Exec, e.g. %s result %s%n",
                    alerts.size(),
                    alerts.get(0).correlator(),
                    alerts.get(0).items().get(0).data().asText());

            // Server-initiated session: a signed Package #0 over WDP/UDP wakes the first device.
            DeviceAgent first = agents.get(0);
            CountDownLatch woke = new CountDownLatch(1);
            UdpPushListener listener = step(
                    "start the push listener",
                    () -> new UdpPushListener(
                            new InetSocketAddress("127.0.0.1", 0), first.notificationReceiver(e -> {})));
            listeners.add(listener);
            server.registerPushAddress(first.deviceId(), new InetSocketAddress("127.0.0.1", listener.port()));
            NotificationService.Wake wake =
                    step("send notification", () -> server.notifications().wake(first.deviceId(), UiMode.BACKGROUND));
            step("server-initiated session", () -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!server.notifications().lastWake(first.deviceId()).isAnswered()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                check(
                        server.notifications().lastWake(first.deviceId()).isAnswered(),
                        "device did not answer the notification within 10 s");
                return null;
            });
            out.printf(
                    "  notify      %s woken by a signed Package #0 over WDP/UDP (SessionID %s); it answered with"
                            + " Alert 1200 in a server-initiated session%n",
                    first.deviceId(), wake.sessionIdHex());
            // An insecure bootstrap attempt: no client certificate, so no authenticated Device: refused.
            step("refuse a bootstrap to an unauthenticated client", () -> {
                try {
                    new HttpsBootstrapSource(
                                    server.bootstrapUri(),
                                    null,
                                    List.of(server.ca().certificate()))
                            .fetch();
                } catch (java.io.IOException expected) {
                    check(expected.getMessage().contains("403"), "expected 403, got " + expected.getMessage());
                    return null;
                }
                throw new IllegalStateException("the server handed out a bootstrap without mutual TLS");
            });
            long refused = reg.auditEvents().stream()
                    .filter(e -> e.verdict() != io.trustdm.security.policy.Verdict.ACCEPT)
                    .count();
            out.printf(
                    "  audit       %d security decisions recorded, %d of them not accepted, including the"
                            + " bootstrap refused to a client without a certificate%n",
                    reg.auditEvents().size(), refused);
            out.printf(
                    "  done        every step succeeded in %.1f s%n",
                    Duration.between(t0, Instant.now()).toMillis() / 1000.0);
            if (!exit) {
                out.println("  running     " + server.dmUri() + " — press Ctrl-C to stop");
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    forever.countDown();
                    try {
                        closed.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                forever.await();
                out.println("  stopping    closing the server and the devices");
            }
            return 0;
        } catch (StepFailed f) {
            System.err.println("trustdm demo: failed at step " + f.getMessage());
            if (verbose) {
                f.printStackTrace();
            }
            return 1;
        } finally {
            listeners.forEach(UdpPushListener::close);
            agents.forEach(DeviceAgent::close);
            if (!exit) {
                out.println("  stopped");
            }
            out.flush();
            closed.countDown();
        }
    }
}
