package io.trustdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The worked example of shared/spec/security.md §4.7 through the command line. */
class NotifyCommandTest {
    private static final String[] CREDS = {
        "--server-id",
        "com.example.dms",
        "--server-password",
        "serverSecret",
        "--nonce-hex",
        "a1b2c3d4e5f60718293a4b5c6d7e8f90"
    };
    private static final String WORKED =
            "5161760f6a1b8d60fa3a043bbe96e85e02e800000000ab0f636f6d2e6578616d706c652e646d73";

    @TempDir
    Path dir;

    @RegisterExtension
    final Console console = new Console();

    private int run(String... args) {
        return TrustDm.run(args);
    }

    private static String[] with(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(b, 0, all, 0, 2);
        System.arraycopy(a, 0, all, 2, a.length);
        System.arraycopy(b, 2, all, 2 + a.length, b.length - 2);
        return all;
    }

    @Test
    void create_writes_the_worked_example_byte_for_byte() {
        int code = run(with(CREDS, "notify", "create", "--session-id", "AB", "--ui-mode", "informative", "--hex"));
        assertThat(code).isZero();
        assertThat(console.out().strip()).isEqualTo(WORKED);
    }

    @Test
    void verify_accepts_the_worked_example_and_exits_0() throws Exception {
        Path f = dir.resolve("p0.hex");
        Files.writeString(f, WORKED);
        assertThat(run(with(CREDS, "notify", "verify", f.toString()))).isZero();
        assertThat(console.out()).contains("session AB from com.example.dms");
    }

    @Test
    void verify_with_a_wrong_nonce_exits_non_zero_with_one_line() throws Exception {
        Path f = dir.resolve("p0.hex");
        Files.writeString(f, WORKED);
        String[] wrongNonce = CREDS.clone();
        wrongNonce[5] = "00000000";
        assertThat(run(with(wrongNonce, "notify", "verify", f.toString()))).isEqualTo(2);
        assertThat(console.err().lines()).hasSize(1);
        assertThat(console.err()).contains("digest does not verify");
    }

    @Test
    void verify_of_a_truncated_file_names_the_problem() throws Exception {
        Path f = dir.resolve("p0.hex");
        Files.writeString(f, WORKED.substring(0, 40));
        assertThat(run(with(CREDS, "notify", "verify", f.toString()))).isEqualTo(2);
        assertThat(console.err()).contains("shorter than the 24 minimum");
    }

    @Test
    void inspect_prints_the_fields() throws Exception {
        Path f = dir.resolve("p0.hex");
        Files.writeString(f, WORKED);
        assertThat(run("notify", "inspect", f.toString())).isZero();
        assertThat(console.out())
                .contains("session-id  AB")
                .contains("ui-mode     informative")
                .contains("server-id   com.example.dms");
    }
}
