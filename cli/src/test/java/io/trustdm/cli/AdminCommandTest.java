package io.trustdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trustdm admin} mistakes that need no server: each is one line on stderr and exit code 2, and argument
 * mistakes are reported before any connection is attempted (the data directory here has no server.url).
 */
class AdminCommandTest {
    @RegisterExtension
    final Console console = new Console();

    @TempDir
    Path empty;

    private int admin(String... args) {
        String[] a = new String[args.length + 3];
        a[0] = "admin";
        a[1] = "--data";
        a[2] = empty.toString();
        System.arraycopy(args, 0, a, 3, args.length);
        return TrustDm.run(a);
    }

    @Test
    void a_relative_job_path_is_a_usage_error_before_connecting() {
        assertThat(admin("jobs", "add", "--dev-id", "IMEI:1", "--get", "DevInfo/Man"))
                .isEqualTo(2);
        assertThat(console.err())
                .isEqualTo("trustdm admin: --get: the path must be absolute, starting with ./ (got DevInfo/Man)\n");
    }

    @Test
    void missing_credentials_and_bad_modes_are_usage_errors_before_connecting() {
        assertThat(admin("devices", "add", "--dev-id", "IMEI:1", "--username", "u"))
                .isEqualTo(2);
        assertThat(admin("devices", "wake", "IMEI:1", "--ui-mode", "loud")).isEqualTo(2);
        assertThat(admin("jobs", "wait", "7", "--timeout", "soon")).isEqualTo(2);
        assertThat(admin("devices", "import", empty.resolve("none.csv").toString()))
                .isEqualTo(2);
        assertThat(console.err().lines())
                .containsExactly(
                        "trustdm admin: md5 needs a username and a password (or use auth cert)",
                        "trustdm admin: --ui-mode must be background, informative, user-interaction or not-specified",
                        "trustdm admin: --timeout must look like 30s, 5m, 1h, 250ms or PT1M, not soon",
                        "trustdm admin: no such file " + empty.resolve("none.csv"));
    }

    @Test
    void a_password_option_without_a_value_is_read_from_standard_input_and_not_echoed() {
        java.io.InputStream old = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(
                    "typed-secret-1234\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            int code = admin("devices", "add", "--dev-id", "IMEI:1", "--username", "u", "--password");
            // the password was read (no "needs a username and a password"); it then stops at the missing server
            assertThat(code).isEqualTo(2);
            assertThat(console.err()).contains("server.url").doesNotContain("needs a username and a password");
            assertThat(console.out() + console.err()).doesNotContain("typed-secret-1234");
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void a_data_directory_without_a_server_names_what_to_do() {
        assertThat(admin("devices", "list")).isEqualTo(2);
        assertThat(console.err())
                .startsWith("trustdm admin: no " + empty.resolve("server.url"))
                .contains("./trustdm server --data");
    }

    @Test
    void a_missing_ca_file_is_a_usage_error_and_no_subcommand_shows_the_choices() {
        int code = TrustDm.run(
                "admin",
                "--url",
                "https://localhost:1",
                "--token",
                "t".repeat(43),
                "--trust",
                empty.resolve("ca.pem").toString(),
                "devices",
                "list");
        assertThat(code).isEqualTo(2);
        assertThat(console.err()).isEqualTo("trustdm admin: no CA file " + empty.resolve("ca.pem") + "\n");

        assertThat(TrustDm.run("admin")).isEqualTo(2);
        assertThat(console.err()).contains("name a subcommand: devices, jobs, templates, alerts or audit");
    }
}
