package io.trustdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code trustdm server} resolves its settings through ServerConfig: layering, --print-config, one-line errors. */
class ServerCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cl = TrustDm.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        ServerCommand server = cl.getSubcommands().get("server").getCommand();
        server.environment = env;
        return cl.execute(args);
    }

    @Test
    void print_config_names_the_source_of_every_value_and_redacts_secrets() throws Exception {
        Path f = dir.resolve("server.properties");
        Files.writeString(f, "server.server-id = from-file\nstorage.password = db-secret-4711\n");
        int code = run(
                Map.of("TRUSTDM_SERVER_PORT", "9443", "TRUSTDM_TLS_KEYSTORE_PASSWORD", "p12-secret-0815"),
                "server",
                "--config",
                f.toString(),
                "--host",
                "0.0.0.0",
                "--print-config");
        String printed = out.toString();
        assertThat(code).as(err.toString()).isZero();
        assertThat(printed)
                .contains("set by: environment TRUSTDM_SERVER_PORT\nserver.port = 9443\n")
                .contains("set by: command line\nserver.host = 0.0.0.0\n")
                .contains("set by: config file\nserver.server-id = from-file\n")
                .contains("set by: default\ndm.device-auth = md5\n")
                .contains("storage.password = <redacted>")
                .contains("tls.keystore-password = <redacted>")
                .doesNotContain("db-secret-4711")
                .doesNotContain("p12-secret-0815");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void proxy_protocol_is_off_by_default_and_on_only_when_asked_for() {
        assertThat(run(Map.of(), "server", "--print-config")).isZero();
        assertThat(out.toString()).contains("set by: default\nserver.proxy-protocol = false\n");
        out.getBuffer().setLength(0);
        assertThat(run(Map.of(), "server", "--proxy-protocol", "--print-config"))
                .isZero();
        assertThat(out.toString()).contains("set by: command line\nserver.proxy-protocol = true\n");
    }

    @Test
    void the_older_db_password_variable_still_feeds_storage_password() {
        int code = run(Map.of("TRUSTDM_DB_PASSWORD", "legacy-secret-1"), "server", "--print-config");
        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("set by: environment TRUSTDM_STORAGE_PASSWORD\nstorage.password = <redacted>")
                .doesNotContain("legacy-secret-1");
    }

    @Test
    void a_bad_value_is_one_line_on_stderr_and_exit_code_2() {
        int code = run(Map.of(), "server", "--port", "70000", "--print-config");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines().toList())
                .singleElement()
                .asString()
                .startsWith("trustdm server: invalid configuration: server.port = '70000' (from command line)");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void an_unknown_key_in_the_file_is_refused_with_exit_code_2() throws Exception {
        Path f = dir.resolve("typo.properties");
        Files.writeString(f, "tls.client-auht = need\n");
        int code = run(Map.of(), "server", "--config", f.toString(), "--print-config");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines().toList())
                .singleElement()
                .asString()
                .contains("unknown key 'tls.client-auht'");
    }

    @Test
    void a_bootstrap_templates_file_is_checked_at_start_and_print_config_shows_its_groups() throws Exception {
        Path good = dir.resolve("groups.conf");
        Files.writeString(good, "group.fleet.device-auth = hmac\ngroup.fleet.members = IMEI:1, IMEI:2\n");
        assertThat(run(Map.of(), "server", "--bootstrap-templates", good.toString(), "--print-config"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("set by: command line\nbootstrap.templates = " + good + "\n#   group fleet: 2 members\n")
                .doesNotContain("IMEI:1");
        Path bad = dir.resolve("bad-groups.conf");
        Files.writeString(bad, "# groups\ngroup.fleet.device-auth = hmac\ngroup.fleet.device-auht = md5\n");
        Path f = dir.resolve("server.properties");
        Files.writeString(f, "bootstrap.templates = " + bad + "\n");
        int code = run(Map.of(), "server", "--config", f.toString(), "--print-config");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines().toList())
                .singleElement()
                .asString()
                .contains("bootstrap.templates: " + bad + " line 3: group.fleet.device-auht unknown field");
    }

    @Test
    void a_certificate_without_its_key_and_a_bad_environment_value_are_refused() {
        assertThat(run(Map.of(), "server", "--tls-cert", dir.resolve("c.pem").toString(), "--print-config"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("tls.private-key").contains("tls.certificate");
        assertThat(run(Map.of("TRUSTDM_LOG_FORMAT", "xml"), "server", "--print-config"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("log.format = 'xml' (from environment TRUSTDM_LOG_FORMAT)");
    }

    @Test
    void unreadable_operator_certificate_is_a_one_line_error_before_anything_listens() {
        int code = run(
                Map.of(),
                "server",
                "--data",
                dir.resolve("data").toString(),
                "--port",
                "0",
                "--tls-cert",
                dir.resolve("missing-cert.pem").toString(),
                "--tls-key",
                dir.resolve("missing-key.pem").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines().toList())
                .singleElement()
                .asString()
                .contains("cannot read")
                .contains("missing-cert.pem");
    }
}
