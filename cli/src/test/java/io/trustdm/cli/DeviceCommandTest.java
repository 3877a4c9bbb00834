package io.trustdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Meta;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.DmServer;
import io.trustdm.tree.store.TreeStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code trustdm device} against a real DM server started in-process, over HTTPS with the development CA. */
class DeviceCommandTest {
    private static final AtomicInteger DEVICES = new AtomicInteger();

    @RegisterExtension
    final Console console = new Console();

    @TempDir
    static Path serverDir;

    @TempDir
    Path dir;

    /** One server for the class (its development CA is generated once); each test is its own device. */
    private static DmServer server;

    private String dev;
    private Path data;

    @BeforeAll
    static void startServer() throws Exception {
        server = DmServer.start(serverDir, "127.0.0.1", 0, "trustdm", AuthScheme.MD5);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void registerDevice() {
        dev = String.format("IMEI:35693803564%04d", DEVICES.incrementAndGet());
        // registered the way `trustdm server --register-device ...` does it
        ServerCommand.DeviceRegistration r = new ServerCommand.DeviceRegistration();
        r.deviceId = dev;
        r.username = "dev-9999";
        r.password = "client-pw";
        r.serverPassword = "server-pw";
        server.registry().register(r.account("trustdm", AuthScheme.MD5), null, null);
        data = dir.resolve("device");
    }

    private long sessionsOf(String deviceId) {
        return server.registry().sessions().stream()
                .filter(r -> r.deviceId().equals(deviceId))
                .count();
    }

    private String[] args(String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "device",
                "--server",
                server.dmUri().toString(),
                "--dev-id",
                dev,
                "--data",
                data.toString(),
                "--trust",
                serverDir.resolve("pki/ca.pem").toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private String[] withCredentials(String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "--username",
                "dev-9999",
                "--password",
                "client-pw",
                "--auth",
                "md5",
                "--server-password",
                "server-pw"));
        a.addAll(List.of(extra));
        return args(a.toArray(String[]::new));
    }

    @Test
    void one_session_prints_a_line_per_command_and_a_summary_and_the_tree_persists_across_runs() throws Exception {
        String first = server.registry()
                .enqueue(
                        dev,
                        List.of(
                                new Get("0", false, null, null, List.of(Item.target("./DevInfo/DevId"))),
                                new Add(
                                        "0",
                                        false,
                                        null,
                                        null,
                                        List.of(Item.targetWithData(
                                                "./Vendor/Mode", Meta.ofFormatAndType("chr", "text/plain"), "eco")))));
        assertThat(TrustDm.run(withCredentials())).as(console.err()).isZero();
        assertThat(console.out())
                .contains("device " + dev)
                .contains("  Get ./DevInfo/DevId -> 200")
                .contains("  Add ./Vendor/Mode -> 200")
                .containsPattern("session 1: 2 commands, \\d+ messages sent, 0 alerts delivered, completed");
        assertThat(server.registry()
                        .completed(first)
                        .orElseThrow()
                        .results()
                        .get(0)
                        .status())
                .isEqualTo(200);
        assertThat(data.resolve(TreeStore.SNAPSHOT)).exists();
        assertThat(new String(Files.readAllBytes(data.resolve(TreeStore.SNAPSHOT)), "ISO-8859-1"))
                .doesNotContain("client-pw")
                .doesNotContain("server-pw");

        // second run: no credentials on the command line, the stored account and tree are used
        String second = server.registry()
                .enqueue(dev, List.of(new Get("0", false, null, null, List.of(Item.target("./Vendor/Mode")))));
        assertThat(TrustDm.run(args("--wbxml"))).as(console.err()).isZero();
        assertThat(server.registry()
                        .completed(second)
                        .orElseThrow()
                        .results()
                        .get(0)
                        .results()
                        .get(0)
                        .data()
                        .asText())
                .isEqualTo("eco");
    }

    @Test
    void loop_runs_sessions_on_a_schedule() {
        assertThat(TrustDm.run(withCredentials("--loop", "--interval", "20ms", "--count", "3")))
                .as(console.err())
                .isZero();
        assertThat(console.out()).contains("session 1: 0 commands").contains("session 3: 0 commands");
        assertThat(sessionsOf(dev)).isEqualTo(3);
    }

    @Test
    void wrong_password_is_one_error_line_without_stack_trace_and_a_non_zero_exit() {
        int code = TrustDm.run(args(
                "--username", "dev-9999", "--password", "wrong", "--auth", "md5", "--server-password", "server-pw"));
        assertThat(code).isNotZero();
        List<String> lines = console.err().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("trustdm device: session failed:");
        assertThat(console.err()).doesNotContain("\tat ").doesNotContain("wrong");
    }

    @Test
    void plain_http_is_refused_without_allow_insecure_http() {
        String http = server.dmUri().toString().replace("https:", "http:");
        int code =
                TrustDm.run("device", "--server", http, "--dev-id", dev, "--data", data.toString(), "--auth", "hmac");
        assertThat(code).isEqualTo(TrustDm.EXIT_BAD_INPUT);
        assertThat(console.err()).contains("refusing plain http://").contains("--allow-insecure-http");
    }

    @Test
    void plain_http_requires_hmac_as_the_message_security_policy_says() {
        String http = server.dmUri().toString().replace("https:", "http:");
        for (String scheme : List.of("md5", "basic")) {
            int code = TrustDm.run(
                    "device",
                    "--server",
                    http,
                    "--dev-id",
                    dev,
                    "--data",
                    data.toString(),
                    "--allow-insecure-http",
                    "--auth",
                    scheme);
            assertThat(code).as(scheme).isEqualTo(TrustDm.EXIT_BAD_INPUT);
        }
        assertThat(console.err()).contains("--auth hmac").doesNotContain("\tat ");
        assertThat(data).doesNotExist(); // refused before anything was created
    }

    @Test
    void a_corrupt_data_directory_is_one_clear_error() throws Exception {
        assertThat(TrustDm.run(withCredentials())).isZero();
        Path snap = data.resolve(TreeStore.SNAPSHOT);
        byte[] b = Files.readAllBytes(snap);
        b[b.length / 2] ^= 1;
        Files.write(snap, b);
        assertThat(TrustDm.run(args())).isEqualTo(TrustDm.EXIT_BAD_INPUT);
        assertThat(console.err()).contains("device data unusable: snapshot checksum does not match");
        assertThat(console.err()).doesNotContain("\tat ");
    }

    @Test
    void a_new_directory_without_credentials_asks_for_them() {
        assertThat(TrustDm.run(args())).isEqualTo(TrustDm.EXIT_BAD_INPUT);
        assertThat(console.err()).contains("holds no DM account yet: give --username and --password");
    }

    @Test
    void durations_take_units() {
        assertThat(DeviceCommand.duration("250ms").toMillis()).isEqualTo(250);
        assertThat(DeviceCommand.duration("30s").toSeconds()).isEqualTo(30);
        assertThat(DeviceCommand.duration("5m").toMinutes()).isEqualTo(5);
        assertThat(DeviceCommand.duration("PT2H").toHours()).isEqualTo(2);
    }

    @Test
    void server_command_registers_devices_provisioned_with_credentials() {
        ServerCommand cmd = new ServerCommand();
        new picocli.CommandLine(cmd)
                .parseArgs(
                        "--register-device",
                        "IMEI:1",
                        "--device-username",
                        "u1",
                        "--device-password",
                        "p1",
                        "--register-device",
                        "IMEI:2",
                        "--device-username",
                        "u2",
                        "--device-password",
                        "p2",
                        "--device-server-password",
                        "sp2");
        assertThat(cmd.registrations).extracting(r -> r.deviceId).containsExactly("IMEI:1", "IMEI:2");
        var second = cmd.registrations.get(1).account("trustdm", AuthScheme.MD5);
        assertThat(second.clientName()).isEqualTo("u2");
        assertThat(second.serverName()).isEqualTo("trustdm");
        assertThat(second.serverKey()).isNotNull();
        assertThat(second.toString()).doesNotContain("p2").doesNotContain("sp2");
        assertThat(cmd.registrations.get(0).account("trustdm", AuthScheme.MD5).serverKey())
                .isNull();
    }

    @Test
    void a_device_certificate_in_pkcs12_is_used_for_mutual_tls() throws Exception {
        Path p12 = dir.resolve("device.p12");
        java.security.KeyStore ks =
                server.ca().issueDevice(dev, java.time.Duration.ofDays(1)).toKeyStore("device", "p12-pw".toCharArray());
        try (var out = Files.newOutputStream(p12)) {
            ks.store(out, "p12-pw".toCharArray());
        }
        assertThat(TrustDm.run(withCredentials("--cert", p12.toString(), "--cert-password", "p12-pw")))
                .as(console.err())
                .isZero();
        assertThat(sessionsOf(dev)).isEqualTo(1);
        assertThat(TrustDm.run(args("--cert", p12.toString(), "--cert-password", "wrong")))
                .isEqualTo(TrustDm.EXIT_BAD_INPUT);
        assertThat(console.err()).contains("device.p12").doesNotContain("\tat ");
    }
}
