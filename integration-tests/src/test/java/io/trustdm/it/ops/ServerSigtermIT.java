package io.trustdm.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.session.CommandProcessor;
import io.trustdm.client.session.SessionRunner;
import io.trustdm.protocol.message.Get;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.pki.PemFiles;
import io.trustdm.security.pki.TlsContexts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code trustdm server} as a real process stopped the way a service manager stops it: SIGTERM
 * ({@link ProcessHandle#destroy()} on Linux) while a Device is in the middle of a Management Session. The session finishes,
 * the log says the server drained, the process exits with 143 (128 + SIGTERM: the JVM reports the signal even after a
 * clean drain), nothing in the log is a stack trace or a logged exception, and the database in the data directory is
 * consistent when the server is started again: the Device registered before the stop and its completed job are there.
 */
class ServerSigtermIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DEV = "IMEI:358240051111136";
    private static final String SERVER_ID = "trustdm.sigterm";
    private static final String DEVICE_PASSWORD = "sigterm-device-secret-01";
    private static final String SERVER_PASSWORD = "sigterm-server-secret-02";

    /** The exit status of a JVM stopped by SIGTERM once its shutdown hooks have returned. */
    private static final int SIGTERM_EXIT = 128 + 15;

    @TempDir
    Path data;

    private Server running;

    @AfterEach
    void kill() {
        if (running != null && running.process.isAlive()) {
            running.process.destroyForcibly();
        }
    }

    /** A started server process, its output so far and where it listens. */
    private record Server(
            Process process, List<String> out, List<String> err, int port, Thread pumpOut, Thread pumpErr) {
        URI api() {
            return URI.create("https://localhost:" + port + "/api/v1");
        }

        URI dm() {
            return URI.create("https://localhost:" + port + "/dm");
        }

        String diagnostics() {
            return "stdout:\n" + String.join("\n", out) + "\nstderr:\n" + String.join("\n", err);
        }
    }

    @Test
    void sigterm_during_a_session_drains_exits_143_and_leaves_a_consistent_database() throws Exception {
        running = start();
        X509Certificate ca =
                PemFiles.readCertificates(data.resolve("pki/ca.pem")).get(0);
        HttpClient http = http(ca);
        String token = Files.readString(data.resolve("api-token")).strip();
        HttpResponse<String> created = call(http, running, token, "POST", "/devices", """
                {"deviceId":"%s","authScheme":"MD5","username":"dev-sigterm","password":"%s",
                 "serverUsername":"%s","serverPassword":"%s"}""".formatted(
                        DEV, DEVICE_PASSWORD, SERVER_ID, SERVER_PASSWORD));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> job = call(http, running, token, "POST", "/devices/" + DEV + "/jobs", """
                {"operations":[{"op":"Get","target":"./DevInfo/Man"}]}""");
        assertThat(job.statusCode()).as(job.body()).isEqualTo(201);
        String jobId = JSON.readTree(job.body()).get("jobId").asString();

        // the Device is slow to answer the server's Get: the session is in flight when SIGTERM arrives
        CountDownLatch inSlowStep = new CountDownLatch(1);
        CountDownLatch mayContinue = new CountDownLatch(1);
        CommandProcessor answering = DeviceRunner.answering("Acme");
        CommandProcessor slow = (c, ctx) -> {
            if (c instanceof Get) {
                inSlowStep.countDown();
                try {
                    if (!mayContinue.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("test never released the device");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return answering.execute(c, ctx);
        };
        Server first = running;
        CompletableFuture<SessionRunner.Outcome> session = CompletableFuture.supplyAsync(() -> {
            try {
                return DeviceRunner.session(
                        first.dm(),
                        List.of(ca),
                        DEV,
                        SERVER_ID,
                        Credentials.of("dev-sigterm", DEVICE_PASSWORD.toCharArray()),
                        Credentials.of(SERVER_ID, SERVER_PASSWORD.toCharArray()),
                        slow);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inSlowStep.await(20, TimeUnit.SECONDS))
                .as(first.diagnostics())
                .isTrue();

        sigterm(first);
        awaitLine(first.err(), "draining: no new sessions, 1 running", first);
        assertThat(first.process().isAlive())
                .as("the stop waits for the running session")
                .isTrue();
        mayContinue.countDown();
        SessionRunner.Outcome outcome;
        try {
            outcome = session.get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            first.process().waitFor(30, TimeUnit.SECONDS);
            first.pumpErr().join(5_000);
            throw new AssertionError("the session in flight failed: " + e.getCause() + "\n" + first.diagnostics(), e);
        }
        assertThat(outcome.abortedByServer()).isFalse();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS))
                .as(first.diagnostics())
                .isTrue();
        first.pumpOut().join(5_000);
        first.pumpErr().join(5_000);

        String diagnostics = "exit " + first.process().exitValue() + "\n" + first.diagnostics();
        assertThat(first.process().exitValue()).as(diagnostics).isEqualTo(SIGTERM_EXIT);
        assertThat(String.join("\n", first.out())).as(diagnostics).contains("stopping: no new sessions");
        assertThat(first.err())
                .as(diagnostics)
                .anySatisfy(l -> assertThat(l).contains("session").contains("finished"))
                .anySatisfy(l -> assertThat(l).contains("no session running; stopping"))
                .noneSatisfy(l -> assertThat(l).contains("still running after"));
        assertNoStackTrace(first, token);

        // started again on the same data directory: the registration and the job's outcome survived the stop
        running = start();
        HttpResponse<String> device = call(http(ca), running, token, "GET", "/devices/" + DEV, null);
        assertThat(device.statusCode()).as(device.body()).isEqualTo(200);
        assertThat(JSON.readTree(device.body()).get("deviceId").asString()).isEqualTo(DEV);
        HttpResponse<String> after = call(http(ca), running, token, "GET", "/jobs/" + jobId, null);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        JsonNode j = JSON.readTree(after.body());
        assertThat(j.get("state").asString()).as(after.body()).isEqualTo("COMPLETED");
        assertThat(after.body()).contains("Acme");

        // an idle server stops at once on SIGTERM, with the same exit status and a clean log
        Server second = running;
        sigterm(second);
        assertThat(second.process().waitFor(30, TimeUnit.SECONDS))
                .as(second.diagnostics())
                .isTrue();
        second.pumpErr().join(5_000);
        assertThat(second.process().exitValue()).as(second.diagnostics()).isEqualTo(SIGTERM_EXIT);
        assertThat(second.err()).anySatisfy(l -> assertThat(l).contains("no session running; stopping"));
        assertNoStackTrace(second, token);
    }

    /**
     * SIGTERM through {@link ProcessHandle#destroy()}. Not {@link Process#destroy()}: on Linux that also closes our
     * ends of the child's stdout and stderr, so everything the server logs while it drains would be lost.
     */
    private static void sigterm(Server s) {
        assertThat(s.process().toHandle().destroy()).isTrue();
    }

    private static void assertNoStackTrace(Server s, String token) {
        assertThat(s.err()).as(s.diagnostics()).isNotEmpty();
        for (String line : s.err()) {
            // JSON logs: a stack trace or an uncaught exception would be a line that is not a JSON object
            JsonNode n = JSON.readTree(line);
            assertThat(n.isObject()).as(line).isTrue();
            assertThat(n.has("msg")).as(line).isTrue();
            assertThat(n.has("error")).as("no exception was logged: " + line).isFalse();
            assertThat(n.get("level").asString()).as(line).isIn("INFO", "DEBUG", "TRACE");
        }
        assertThat(String.join("\n", s.out()))
                .as(s.diagnostics())
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(String.join("\n", s.err())).doesNotContain(token);
    }

    private Server start() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.trustdm.cli.TrustDm",
                        "server",
                        "--data",
                        data.toString(),
                        "--port",
                        "0",
                        "--server-id",
                        SERVER_ID,
                        "--log-format",
                        "json",
                        "--shutdown-grace",
                        "PT15S")
                .start();
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pumpOut = ServerOutput.pump(p.getInputStream(), out, ready);
        Thread pumpErr = ServerOutput.pump(p.getErrorStream(), err, null);
        String banner = ready.get(60, TimeUnit.SECONDS);
        assertThat(banner).as(String.join("\n", err)).contains("press Ctrl-C to stop");
        Matcher m = Pattern.compile("DM endpoint +https://localhost:(\\d+)/dm").matcher(String.join("\n", out));
        assertThat(m.find()).as(String.join("\n", out)).isTrue();
        return new Server(p, out, err, Integer.parseInt(m.group(1)), pumpOut, pumpErr);
    }

    private static HttpClient http(X509Certificate ca) throws Exception {
        var ctx = TlsContexts.create(null, List.of(ca));
        return HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(TlsContexts.clientParameters(ctx))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static HttpResponse<String> call(
            HttpClient http, Server s, String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.api() + path))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitLine(List<String> lines, String text, Server s) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (lines.stream().anyMatch(l -> l.contains(text))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no log line with '" + text + "'\n" + s.diagnostics());
    }
}
