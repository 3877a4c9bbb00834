package io.trustdm.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.cli.TrustDm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trustdm demo --exit}: the whole scenario, in-process, over real TLS and UDP on loopback. */
class DemoIT {
    @TempDir
    Path data;

    @Test
    void demo_runs_every_step_and_exits_0() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = TrustDm.run("demo", "--exit", "--devices", "3", "--data", data.toString());
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text)
                .contains("fetched its bootstrap from /bootstrap over mutual TLS (PLAIN profile")
                .contains("fetched its bootstrap from /bootstrap over mutual TLS (CP profile")
                .contains("Man=Exemplar")
                .contains("Name replaced")
                .contains("FUMO Exec accepted (202)")
                .contains("3 Generic Alerts (1226)")
                .contains("woken by a signed Package #0")
                .contains("answered with Alert 1200 in a server-initiated session")
                .contains("bootstrap refused to a client without a certificate")
                .contains("every step succeeded")
                .doesNotContain("failed at step")
                .containsPattern("Console: https://localhost:\\d+/console/#token=[A-Za-z0-9_-]{43}");
        assertThat(data.resolve("pki/ca.pem")).exists();
    }
}
