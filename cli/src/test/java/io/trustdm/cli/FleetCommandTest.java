package io.trustdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Option mistakes end {@code trustdm fleet} with one clear line and exit code 2, before anything is sent. */
class FleetCommandTest {
    @TempDir
    Path dir;

    private record Result(int code, String err) {}

    private static Result run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = TrustDm.run(args);
        } finally {
            System.setErr(old);
        }
        return new Result(code, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void needs_a_duration_or_a_session_count() {
        Result r = run("fleet", "--server", "https://localhost:1/dm", "--devices", "5", "--trust", "x.pem");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("trustdm fleet: give --duration D or --sessions K (or both)" + System.lineSeparator());
    }

    @Test
    void refuses_plain_http_and_bad_durations() {
        assertThat(run("fleet", "--server", "http://localhost:1/dm", "--devices", "5", "--duration", "5s")
                        .err())
                .contains("--server must be an https:// URL");
        Result r = run("fleet", "--server", "https://localhost:1/dm", "--devices", "5", "--duration", "5");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--duration needs a unit");
    }

    @Test
    void cert_auth_needs_the_server_data_directory_for_the_ca_key() throws Exception {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, "");
        Result r = run(
                "fleet",
                "--server",
                "https://localhost:1/dm",
                "--devices",
                "5",
                "--sessions",
                "1",
                "--auth",
                "cert",
                "--trust",
                ca.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--auth cert").contains("--data");
    }

    @Test
    void new_devices_need_a_token_and_devices_or_import_but_not_both() throws Exception {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, "");
        assertThat(run(
                                "fleet",
                                "--server",
                                "https://localhost:1/dm",
                                "--devices",
                                "5",
                                "--sessions",
                                "1",
                                "--trust",
                                ca.toString())
                        .err())
                .contains("give --data SERVER_DATA_DIR or --token T");
        assertThat(run("fleet", "--server", "https://localhost:1/dm", "--sessions", "1", "--trust", ca.toString())
                        .err())
                .contains("give either --devices N or --import FILE");
    }
}
