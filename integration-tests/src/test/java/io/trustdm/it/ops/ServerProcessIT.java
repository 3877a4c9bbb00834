package io.trustdm.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.security.pki.PemFiles;
import io.trustdm.security.pki.TlsContexts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code trustdm server} as a real process: it starts with JSON logs, answers the health check, and on Ctrl-C (SIGINT)
 * stops gracefully — the shutdown hook waits for the close instead of letting the
 * JVM halt half-way.
 */
class ServerProcessIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path data;

    private Process process;

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void starts_serves_health_and_stops_gracefully_on_ctrl_c() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.trustdm.cli.TrustDm",
                        "server",
                        "--data",
                        data.toString(),
                        "--port",
                        "0",
                        "--log-format",
                        "json",
                        "--shutdown-grace",
                        "PT10S")
                .start();
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread stdout = ServerOutput.pump(process.getInputStream(), out, ready);
        Thread stderr = ServerOutput.pump(process.getErrorStream(), err, null);

        String banner = ready.get(90, TimeUnit.SECONDS);
        assertThat(banner).contains("press Ctrl-C to stop");
        Matcher m = Pattern.compile("DM endpoint +https://localhost:(\\d+)/dm").matcher(String.join("\n", out));
        assertThat(m.find()).as(String.join("\n", out)).isTrue();
        int port = Integer.parseInt(m.group(1));
        assertThat(out).anySatisfy(l -> assertThat(l).contains("metrics").contains("/metrics"));

        var ctx = TlsContexts.create(null, PemFiles.readCertificates(data.resolve("pki/ca.pem")));
        HttpClient http = HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(TlsContexts.clientParameters(ctx))
                .build();
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v1/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        // Ctrl-C: SIGINT to the server process
        Process interrupt = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
        assertThat(interrupt.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        stdout.join(10_000);
        stderr.join(10_000);
        String diagnostics = "exit " + process.exitValue() + "\nstdout:\n" + String.join("\n", out) + "\nstderr:\n"
                + String.join("\n", err);
        assertThat(String.join("\n", out)).as(diagnostics).contains("stopping: no new sessions");
        assertThat(err).isNotEmpty();
        for (String line : err) {
            assertThat(JSON.readTree(line).has("msg")).as(line).isTrue();
        }
        assertThat(err)
                .as("the close ran to its end before the JVM exited")
                .anySatisfy(l -> assertThat(l).contains("no session running; stopping"));
        String token = java.nio.file.Files.readString(data.resolve("api-token")).strip();
        assertThat(String.join("\n", err)).doesNotContain(token);
    }
}
