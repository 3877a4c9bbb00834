package io.trustdm.it.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import io.trustdm.cli.logging.LogSetup;
import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.security.NonceStore;
import io.trustdm.client.session.SessionException;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.PemFiles;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.server.DmServer;
import io.trustdm.server.bootstrap.BootstrapProfile;
import io.trustdm.server.config.ConfigKey;
import io.trustdm.server.config.ServerConfig;
import io.trustdm.server.store.SecretSealer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's view of a running server, end to end: a server configured through {@link ServerConfig} with an
 * operator PEM certificate (Devices and the scraper trust only the operator CA), real MD5 sessions over TLS, a
 * refused and a delivered bootstrap; then the Prometheus scrape over HTTPS, the health check, and the JSON log.
 */
class OperationsIT {
    private static final String DEV = "IMEI:356938035643809";
    private static final String BOOT_DEV = "IMEI:356938035643817";
    private static final String SERVER_ID = "trustdm.ops";
    private static final String DEVICE_PASSWORD = "device-ops-secret-0123456789";
    private static final String SERVER_PASSWORD = "server-ops-secret-9876543210";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private DmServer server;
    private HttpClient https;
    private List<X509Certificate> operatorAnchors;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        LogSetup.apply("json", "debug", log);
        CertificateAuthority operatorCa = CertificateAuthority.generate("Operator Root", Duration.ofDays(2));
        IssuedCertificate serverCert =
                operatorCa.issueServer("dm.operator.test", List.of("localhost", "127.0.0.1"), Duration.ofDays(2));
        Path cert = dir.resolve("server-chain.pem");
        Path key = dir.resolve("server-key.pem");
        PemFiles.write(serverCert, cert, key);
        operatorAnchors = List.of(operatorCa.certificate());
        ServerConfig config = ServerConfig.load(
                Optional.empty(),
                Map.of("TRUSTDM_SERVER_SERVER_ID", SERVER_ID),
                Map.of(
                        ConfigKey.DATA_DIR, dir.resolve("data").toString(),
                        ConfigKey.PORT, "0",
                        ConfigKey.TLS_CERTIFICATE, cert.toString(),
                        ConfigKey.TLS_PRIVATE_KEY, key.toString(),
                        ConfigKey.SHUTDOWN_GRACE, "PT5S"));
        server = DmServer.builder().configure(config).start();
        var ctx = TlsContexts.create(null, operatorAnchors);
        https = HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(TlsContexts.clientParameters(ctx))
                .build();
        HttpResponse<String> created = send("POST", server.apiUri() + "/devices", bearer(), """
                {"deviceId":"%s","authScheme":"MD5","username":"device-ops","password":"%s",
                 "serverUsername":"%s","serverPassword":"%s"}""".formatted(
                        DEV, DEVICE_PASSWORD, SERVER_ID, SERVER_PASSWORD));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        new ContextInitializer(ctx).autoConfig();
    }

    private String bearer() {
        return "Bearer " + server.apiToken().value();
    }

    private HttpResponse<String> send(String method, String uri, String authorization, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return https.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void queueGet() throws Exception {
        HttpResponse<String> job = send(
                "POST",
                server.apiUri() + "/devices/" + DEV + "/jobs",
                bearer(),
                "{\"operations\":[{\"op\":\"Get\",\"target\":\"./DevInfo/Man\"}]}");
        assertThat(job.statusCode()).as(job.body()).isEqualTo(201);
    }

    private void goodSession() throws Exception {
        DeviceRunner.session(
                server.dmUri(),
                operatorAnchors,
                DEV,
                SERVER_ID,
                Credentials.of("device-ops", DEVICE_PASSWORD.toCharArray()),
                Credentials.of(SERVER_ID, SERVER_PASSWORD.toCharArray()),
                DeviceRunner.answering("Acme"));
    }

    private void wrongPasswordSession() {
        assertThatThrownBy(() -> DeviceRunner.session(
                        server.dmUri(),
                        operatorAnchors,
                        DEV,
                        SERVER_ID,
                        Credentials.of("device-ops", "a-wrong-guess".toCharArray()),
                        Credentials.of(SERVER_ID, SERVER_PASSWORD.toCharArray()),
                        DeviceRunner.answering("Acme")))
                .isInstanceOf(SessionException.class);
    }

    /** Refused without a client certificate, then delivered with one; returns the applied account. */
    private BootstrappedAccount refusedThenDeliveredBootstrap() throws Exception {
        server.bootstrap().prepare(BOOT_DEV, BootstrapProfile.PLAIN, null);
        URI endpoint = server.bootstrapUri();
        assertThatThrownBy(() -> DeviceRunner.bootstrap(endpoint, null, operatorAnchors))
                .hasMessageContaining("403");
        IssuedCertificate deviceCert = server.ca().issueDevice(BOOT_DEV, Duration.ofDays(1));
        return DeviceRunner.bootstrap(endpoint, deviceCert, operatorAnchors);
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$")
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = send("GET", server.metricsUri().toString(), bearer(), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        return r.body();
    }

    @Test
    void metrics_count_sessions_authentication_failures_jobs_and_bootstraps_behind_the_api_token() throws Exception {
        String before = scrape();
        queueGet();
        goodSession();
        wrongPasswordSession();
        refusedThenDeliveredBootstrap();
        String after = scrape();

        assertThat(value(after, "trustdm_sessions_total{outcome=\"completed\"}")
                        - value(before, "trustdm_sessions_total{outcome=\"completed\"}"))
                .isEqualTo(1.0);
        assertThat(value(after, "trustdm_jobs_total{state=\"delivered\"}")).isEqualTo(1.0);
        assertThat(value(after, "trustdm_jobs_total{state=\"done\"}")).isEqualTo(1.0);
        double authFailures = Pattern.compile("(?m)^trustdm_auth_failures_total\\{reason=\"[^\"]+\"} ([0-9.]+)$")
                .matcher(after)
                .results()
                .mapToDouble(r -> Double.parseDouble(r.group(1)))
                .sum();
        assertThat(authFailures).as(after).isGreaterThanOrEqualTo(1.0);
        assertThat(value(after, "trustdm_bootstrap_total{result=\"refused\"}")).isEqualTo(1.0);
        assertThat(value(after, "trustdm_bootstrap_total{result=\"delivered\"}"))
                .isEqualTo(1.0);
        // the wrong-password session was abandoned by the Device: it runs until the engine's idle timeout
        assertThat(value(after, "trustdm_active_sessions"))
                .isEqualTo(server.engine().activeSessions())
                .isLessThanOrEqualTo(1.0);

        HttpResponse<String> anonymous = send("GET", server.metricsUri().toString(), null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(anonymous.body()).doesNotContain("trustdm_sessions_total");
        HttpResponse<String> wrong = send("GET", server.metricsUri().toString(), "Bearer " + "x".repeat(43), null);
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void health_reports_the_storage_and_needs_no_token() throws Exception {
        HttpResponse<String> r = send("GET", server.apiUri() + "/health", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode h = JSON.readTree(r.body());
        assertThat(h.get("status").asString()).isEqualTo("UP");
        assertThat(h.get("storage").asString()).isEqualTo("UP");
    }

    @Test
    void json_log_of_sessions_and_a_bootstrap_carries_the_device_and_no_secret() throws Exception {
        queueGet();
        goodSession();
        wrongPasswordSession();
        BootstrappedAccount acc = refusedThenDeliveredBootstrap();
        // the bootstrapped Device's first session, with the credentials and nonces the bootstrap gave it
        DeviceRunner.session(
                acc.serverAddress(),
                operatorAnchors,
                BOOT_DEV,
                acc.serverId(),
                acc.client(),
                acc.server(),
                NonceStore.inMemory(acc.clientNonce(), acc.serverNonce()),
                DeviceRunner.answering("Acme"));

        String text = log.toString(StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line)); // every line is one JSON object
            }
        }
        assertThat(lines).isNotEmpty();
        assertThat(lines)
                .allSatisfy(l -> assertThat(l.has("ts") && l.has("level") && l.has("logger") && l.has("msg"))
                        .as(l.toString())
                        .isTrue());
        assertThat(lines)
                .as("a session line carries the device and session from the MDC")
                .anySatisfy(l -> {
                    assertThat(l.path("deviceId").asString()).isEqualTo(DEV);
                    assertThat(l.path("sessionId").asString()).isEqualTo("4D");
                });
        assertThat(lines)
                .anySatisfy(l -> assertThat(l.path("deviceId").asString()).isEqualTo(BOOT_DEV));

        List<String> secrets = new ArrayList<>(List.of(
                server.apiToken().value(),
                DEVICE_PASSWORD,
                SERVER_PASSWORD,
                "a-wrong-guess",
                new String(acc.client().password().bytes(), StandardCharsets.UTF_8),
                new String(acc.server().password().bytes(), StandardCharsets.UTF_8)));
        byte[] sealKey = Files.readAllBytes(dir.resolve("data").resolve(SecretSealer.KEY_FILE));
        secrets.add(HexFormat.of().formatHex(sealKey));
        secrets.add(Base64.getEncoder().encodeToString(sealKey));
        String caKey = Files.readString(dir.resolve("data/pki").resolve("ca-key.pem"));
        secrets.add(
                caKey.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow());
        for (String s : secrets) {
            assertThat(s).hasSizeGreaterThan(8);
            assertThat(text).as("log must not contain a secret").doesNotContain(s);
        }
    }
}
