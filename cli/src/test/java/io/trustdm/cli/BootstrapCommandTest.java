package io.trustdm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BootstrapCommandTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final Console console = new Console();

    private String create(String profile, String... sec) {
        Path f = dir.resolve("b-" + profile + ".wbxml");
        String[] base = {
            "bootstrap",
            "create",
            "--device-id",
            "IMEI:490154203237518",
            "--server-id",
            "dm.example.com",
            "--server-url",
            "https://dm.example.com/dm",
            "--profile",
            profile,
            "-o",
            f.toString()
        };
        String[] args = new String[base.length + sec.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(sec, 0, args, base.length, sec.length);
        assertThat(TrustDm.run(args)).as(console.err()).isZero();
        return f.toString();
    }

    @Test
    void created_netwpin_mac_verifies_with_the_right_imsi_only() {
        String f = create("plain", "--sec", "NETWPIN", "--imsi", "262019876543210");
        String mac = console.out().replaceAll("(?s).*MAC=([0-9A-F]{40}).*", "$1");
        assertThat(mac).hasSize(40);
        assertThat(TrustDm.run("bootstrap", "verify", f, "--sec", "NETWPIN", "--imsi", "262019876543210", "--mac", mac))
                .isZero();
        assertThat(TrustDm.run("bootstrap", "verify", f, "--sec", "NETWPIN", "--imsi", "262019876543211", "--mac", mac))
                .isEqualTo(2);
        assertThat(console.err()).contains("MAC does not verify");
    }

    @Test
    void inspect_shows_the_dm_account_of_both_profiles() {
        String plain = create("plain");
        assertThat(TrustDm.run("bootstrap", "inspect", plain)).isZero();
        assertThat(console.out()).contains("./DMAcc/dmexamplecom/ServerID").contains("CLCRED");
        String cp = create("cp");
        assertThat(TrustDm.run("bootstrap", "inspect", cp)).isZero();
        assertThat(console.out()).contains("w7").contains("PROVIDER-ID");
    }

    @Test
    void a_plain_http_server_url_is_refused() {
        int code = TrustDm.run(
                "bootstrap",
                "create",
                "--device-id",
                "IMEI:1",
                "--server-id",
                "s",
                "--server-url",
                "http://s/dm",
                "-o",
                dir.resolve("x").toString());
        assertThat(code).isEqualTo(2);
        assertThat(console.err()).contains("must be https");
    }
}
