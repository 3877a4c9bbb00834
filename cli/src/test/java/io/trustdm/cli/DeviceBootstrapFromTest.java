package io.trustdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.DmServer;
import io.trustdm.server.bootstrap.BootstrapProfile;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code trustdm device --bootstrap-from}: the bootstrap is fetched over a Secure Transport and applied before the
 * first session (against a real {@link DmServer} and its HTTPS bootstrap endpoint with mutual TLS); an insecure source
 * is refused with one line naming the rule, exit code 2, before anything is fetched.
 */
class DeviceBootstrapFromTest {
    private static final AtomicInteger DEVICES = new AtomicInteger();
    private static final char[] P12_PASSWORD = "p12-pass".toCharArray();

    @RegisterExtension
    final Console console = new Console();

    @TempDir
    static Path serverDir;

    @TempDir
    Path dir;

    private static DmServer server;
    private String dev;

    @BeforeAll
    static void startServer() throws Exception {
        server = DmServer.start(serverDir, "127.0.0.1", 0, "trustdm", AuthScheme.MD5);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void device() {
        dev = String.format("IMEI:35693803565%04d", DEVICES.incrementAndGet());
    }

    private Path deviceCertificate() throws Exception {
        Path p12 = dir.resolve("device.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            server.ca()
                    .issueDevice(dev, Duration.ofDays(1))
                    .toKeyStore("device", P12_PASSWORD)
                    .store(out, P12_PASSWORD);
        }
        return p12;
    }

    @Test
    void bootstrap_MUST_arrive_over_secure_transport_https_with_mutual_tls_is_applied_before_the_first_session()
            throws Exception {
        server.bootstrap().prepare(dev, BootstrapProfile.PLAIN, null);
        Path data = dir.resolve("device");
        String[] args = {
            "device",
            "--dev-id",
            dev,
            "--data",
            data.toString(),
            "--bootstrap-from",
            server.bootstrapUri().toString(),
            "--cert",
            deviceCertificate().toString(),
            "--cert-password",
            new String(P12_PASSWORD),
            "--trust",
            serverDir.resolve("pki/ca.pem").toString()
        };

        assertThat(TrustDm.run(args)).as(console.err()).isZero();
        assertThat(console.out())
                .contains("bootstrap from " + server.bootstrapUri() + ": account trustdm at " + server.dmUri())
                .containsPattern("session 1: \\d+ commands, \\d+ messages sent, 0 alerts delivered, completed");
        assertThat(server.registry().sessions().stream()
                        .filter(r -> r.deviceId().equals(dev)))
                .hasSize(1);

        // second start: the account is in the data directory, nothing is fetched again
        assertThat(TrustDm.run(args)).as(console.err()).isZero();
        assertThat(console.out()).contains("already holds an account");
    }

    @Test
    void factory_file_is_trusted_by_construction_and_applied_before_the_first_session() throws Exception {
        Path file = dir.resolve("factory.wbxml");
        Files.write(
                file,
                server.bootstrap().prepare(dev, BootstrapProfile.PLAIN, null).body());

        int code = TrustDm.run(
                "device",
                "--dev-id",
                dev,
                "--data",
                dir.resolve("device").toString(),
                "--bootstrap-from",
                "file:" + file,
                "--trust",
                serverDir.resolve("pki/ca.pem").toString());

        assertThat(code).as(console.err()).isZero();
        assertThat(console.out())
                .contains("bootstrap from " + file + ": account trustdm at " + server.dmUri())
                .containsPattern("session 1: .* completed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:9/bootstrap",
                "obex://127.0.0.1:9",
                "wap://push",
                "sms:+4917012345",
                "udp://127.0.0.1:2948"
            })
    void insecure_bootstrap_source_is_refused_with_one_line_naming_rule_CR_1_and_exit_code_2(String source) {
        int code = TrustDm.run(
                "device", "--dev-id", dev, "--data", dir.resolve("d").toString(), "--bootstrap-from", source);

        assertThat(code).isEqualTo(2);
        assertThat(console.err().strip())
                .isEqualTo("trustdm device: " + DeviceCommand.insecureBootstrapSource(source))
                .contains("CR-1")
                .contains("MUST be sent via a secure transport")
                .doesNotContain("\n");
        assertThat(dir.resolve("d")).doesNotExist();
    }

    @Test
    void https_bootstrap_source_without_a_device_certificate_is_a_usage_error() {
        int code = TrustDm.run(
                "device",
                "--dev-id",
                dev,
                "--data",
                dir.resolve("d").toString(),
                "--bootstrap-from",
                server.bootstrapUri().toString());
        assertThat(code).isEqualTo(2);
        assertThat(console.err()).contains("needs --cert");
    }
}
