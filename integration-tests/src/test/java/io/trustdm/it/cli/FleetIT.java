package io.trustdm.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.cli.TrustDm;
import io.trustdm.cli.fleet.DeviceRegistrar;
import io.trustdm.cli.fleet.FleetDevice;
import io.trustdm.cli.fleet.FleetReport;
import io.trustdm.cli.fleet.FleetSettings;
import io.trustdm.cli.fleet.FleetSimulator;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.DmServer;
import io.trustdm.server.ManagementRegistry.SessionRecord;
import io.trustdm.server.session.SessionOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code trustdm fleet} against a real DmServer (HTTPS on loopback, H2): 20 devices registered through the REST API
 * run their sessions, the server saw every one of them, and the JSON report agrees with the server's own record.
 */
class FleetIT {
    private static final String SERVER_ID = "trustdm.test";
    private static final int DEVICES = 20;
    private static final int SESSIONS = 2;

    @TempDir
    Path data;

    @TempDir
    Path work;

    private DmServer server;

    @BeforeEach
    void start() throws Exception {
        server = DmServer.start(data, "127.0.0.1", 0, SERVER_ID, AuthScheme.MD5);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private record Run(int code, String out, String err) {}

    private Run fleet(String... args) {
        return fleetAt(server.dmUri().toString(), args);
    }

    private Run fleetAt(String url, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            List<String> a = new ArrayList<>(List.of("fleet", "--server", url));
            a.addAll(List.of(args));
            code = TrustDm.run(a.toArray(String[]::new));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void assertConsistent(Run run, Path report, String authFlag) throws Exception {
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        JsonNode r = JsonMapper.builder().build().readTree(Files.readString(report));
        // --sessions 2 makes the count exact: every device ran exactly two sessions and all completed
        assertThat(r.get("devices").asInt()).isEqualTo(DEVICES);
        assertThat(r.get("sessionsCompleted").asLong()).isEqualTo((long) DEVICES * SESSIONS);
        assertThat(r.get("sessionsFailed").asLong()).isZero();
        assertThat(r.get("devicesWithSession").asInt()).isEqualTo(DEVICES);
        r.get("errors")
                .properties()
                .forEach(e -> assertThat(e.getValue().asLong())
                        .as(authFlag + " errors " + e.getKey() + "\n" + run.err())
                        .isZero());
        JsonNode lat = r.get("latencyMillis");
        assertThat(lat.get("p50").asDouble()).isPositive();
        assertThat(lat.get("p50").asDouble()).isLessThanOrEqualTo(lat.get("p95").asDouble());
        assertThat(lat.get("p95").asDouble()).isLessThanOrEqualTo(lat.get("p99").asDouble());
        assertThat(lat.get("p99").asDouble()).isLessThanOrEqualTo(lat.get("max").asDouble());
        assertThat(r.get("messagesSent").asLong()).isGreaterThanOrEqualTo((long) DEVICES * SESSIONS);

        // the server's own record: every device seen, as many completed sessions as the report claims
        List<SessionRecord> seen = server.registry().sessions();
        Map<String, Long> perDevice = seen.stream()
                .filter(s -> s.outcome() == SessionOutcome.COMPLETED)
                .collect(Collectors.groupingBy(SessionRecord::deviceId, Collectors.counting()));
        assertThat(perDevice).hasSize(DEVICES);
        assertThat(perDevice.values()).allMatch(n -> n == SESSIONS);
        assertThat(seen).allMatch(s -> s.outcome() == SessionOutcome.COMPLETED);
        assertThat(run.out())
                .contains(DEVICES * SESSIONS + " completed, 0 failed")
                .contains("p95");
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5", "hmac", "cert"})
    void devices_registered_through_the_api_all_complete_their_sessions(String auth) throws Exception {
        Path report = work.resolve("report-" + auth + ".json");
        Run run = fleet(
                "--devices",
                "" + DEVICES,
                "--concurrency",
                "4",
                "--sessions",
                "" + SESSIONS,
                "--duration",
                "60s",
                "--auth",
                auth,
                "--server-id",
                SERVER_ID,
                "--data",
                data.toString(),
                "--report",
                report.toString());
        assertConsistent(run, report, auth);
        assertThat(run.out()).contains("registered " + DEVICES + " devices");
    }

    @Test
    void wbxml_fleet_from_a_bulk_import_csv_runs_for_a_duration() throws Exception {
        SecureRandom random = new SecureRandom();
        StringBuilder csv = new StringBuilder("devId,auth,username,password,serverPassword\n");
        for (int i = 0; i < 5; i++) {
            FleetDevice d = FleetDevice.generate(4242, i, AuthScheme.MD5, false, random);
            csv.append(String.join(",", d.deviceId(), "md5", d.username(), d.password(), d.serverPassword()))
                    .append('\n');
        }
        Path file = work.resolve("devices.csv");
        Files.writeString(file, csv);
        Path report = work.resolve("report.json");
        Run run = fleet(
                "--import",
                file.toString(),
                "--concurrency",
                "2",
                "--duration",
                "3s",
                "--wbxml",
                "--server-id",
                SERVER_ID,
                "--data",
                data.toString(),
                "--report",
                report.toString());
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        JsonNode r = JsonMapper.builder().build().readTree(Files.readString(report));
        long completed = r.get("sessionsCompleted").asLong();
        assertThat(completed).isGreaterThanOrEqualTo(5);
        assertThat(r.get("devicesWithSession").asInt()).isEqualTo(5);
        assertThat(r.get("sessionsPerSecond").asDouble()).isPositive();
        long onServer = server.registry().sessions().stream()
                .filter(s -> s.outcome() == SessionOutcome.COMPLETED)
                .count();
        assertThat(onServer).isEqualTo(completed);
        assertThat(server.registry().sessions().stream()
                        .map(SessionRecord::deviceId)
                        .collect(Collectors.toSet()))
                .hasSize(5);
    }

    @Test
    void wrong_passwords_are_counted_as_auth_errors() throws Exception {
        // the engine without the CLI: register with one password, run with another
        SecureRandom random = new SecureRandom();
        List<FleetDevice> registered = new ArrayList<>();
        List<FleetDevice> wrong = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FleetDevice d = FleetDevice.generate(777, i, AuthScheme.MD5, false, random);
            registered.add(d);
            wrong.add(new FleetDevice(d.deviceId(), d.scheme(), d.username(), "not-" + d.password(), null, false));
        }
        new DeviceRegistrar(
                        DeviceRegistrar.apiBase(server.dmUri()),
                        server.apiToken().value(),
                        SERVER_ID,
                        List.of(server.ca().certificate()))
                .register(registered, 2, n -> {});
        FleetReport r = new FleetSimulator(
                        new FleetSettings(
                                server.dmUri(),
                                SERVER_ID,
                                List.of(server.ca().certificate()),
                                Encoding.XML,
                                2,
                                Duration.ofSeconds(30),
                                1,
                                (Function<String, io.trustdm.security.pki.IssuedCertificate>) null,
                                Duration.ofSeconds(1)),
                        wrong,
                        line -> {})
                .run(start -> {});
        assertThat(r.sessionsCompleted()).isZero();
        assertThat(r.sessionsFailed()).isEqualTo(3);
        assertThat(r.errors(io.trustdm.cli.fleet.ErrorKind.AUTH)).isEqualTo(3);
        // the server refused them: not one completed session on its side either
        assertThat(server.registry().sessions()).noneMatch(s -> s.outcome() == SessionOutcome.COMPLETED);
    }

    /**
     * A server that answers HTTP 503 with Retry-After: a proxy in front of the real server refuses the first request of
     * every device, then passes requests through. Every device waits, retries and completes; each refusal is counted
     * as overloaded, and none as a failed session.
     */
    @Test
    void devices_told_503_wait_for_retry_after_and_then_complete() throws Exception {
        var ca = server.ca();
        var proxy = com.sun.net.httpserver.HttpsServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        proxy.setHttpsConfigurator(
                new com.sun.net.httpserver.HttpsConfigurator(io.trustdm.security.pki.TlsContexts.create(
                        ca.issueServer("proxy", List.of("localhost"), Duration.ofDays(1)), List.of())));
        var ctx = io.trustdm.security.pki.TlsContexts.create(null, List.of(ca.certificate()));
        var upstream = java.net.http.HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(io.trustdm.security.pki.TlsContexts.clientParameters(ctx))
                .build();
        Set<String> refusedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
        proxy.createContext("/dm", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String text = new String(body, StandardCharsets.ISO_8859_1);
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("IMEI:\\d{15}").matcher(text);
            String dev = m.find() ? m.group() : "?";
            if (refusedOnce.add(dev)) {
                refusals.incrementAndGet();
                ex.getResponseHeaders().add("Retry-After", "1");
                ex.sendResponseHeaders(503, -1);
                ex.close();
                return;
            }
            try {
                var b = java.net.http.HttpRequest.newBuilder(
                                server.dmUri().resolve(ex.getRequestURI().getRawPath()))
                        .header("Content-Type", ex.getRequestHeaders().getFirst("Content-Type"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
                String hmac = ex.getRequestHeaders().getFirst("x-syncml-hmac");
                if (hmac != null) {
                    b.header("x-syncml-hmac", hmac);
                }
                var r = upstream.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                r.headers()
                        .firstValue("Content-Type")
                        .ifPresent(v -> ex.getResponseHeaders().add("Content-Type", v));
                r.headers()
                        .firstValue("x-syncml-hmac")
                        .ifPresent(v -> ex.getResponseHeaders().add("x-syncml-hmac", v));
                ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                ex.getResponseBody().write(r.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(502, -1);
            } finally {
                ex.close();
            }
        });
        proxy.start();
        try {
            Path report = work.resolve("overload.json");
            Run run = fleetAt(
                    "https://localhost:" + proxy.getAddress().getPort() + "/dm",
                    "--api",
                    server.apiUri().toString(),
                    "--devices",
                    "6",
                    "--concurrency",
                    "3",
                    "--sessions",
                    "1",
                    "--duration",
                    "60s",
                    "--server-id",
                    SERVER_ID,
                    "--data",
                    data.toString(),
                    "--report",
                    report.toString());
            assertThat(run.code()).as(run.out() + run.err()).isZero();
            JsonNode r = JsonMapper.builder().build().readTree(Files.readString(report));
            assertThat(r.get("sessionsCompleted").asLong()).isEqualTo(6);
            assertThat(r.get("sessionsFailed").asLong()).isZero();
            assertThat(r.get("errors").get("overloaded").asLong())
                    .isEqualTo(refusals.get())
                    .isEqualTo(6);
            // a retry waited for Retry-After (1 s), so no session can have been quicker than the run's lower bound
            assertThat(r.get("elapsedMillis").asLong()).isGreaterThanOrEqualTo(1000);
            assertThat(run.err()).contains("first overloaded error");
        } finally {
            proxy.stop(0);
        }
    }
}
