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

    @Test
    void card_image_writes_the_pkcs15_file_set_with_the_bootstrap_and_its_sec_mac() throws Exception {
        Path f = dir.resolve("card.img");
        assertThat(TrustDm.run(
                        "bootstrap",
                        "card-image",
                        "--device-id",
                        "IMEI:490154203237518",
                        "--server-id",
                        "dm.example.com",
                        "--server-url",
                        "https://dm.example.com/dm",
                        "--profile",
                        "cp",
                        "--sec",
                        "USERPIN",
                        "--pin",
                        "2468",
                        "-o",
                        f.toString()))
                .as(console.err())
                .isZero();
        assertThat(console.out())
                .contains("AID A000000063504B43532D3135")
                .contains("EF 5031  ODF")
                .contains("EF 5208  DM_Bootstrap");
        io.trustdm.protocol.smartcard.CardImage image =
                io.trustdm.protocol.smartcard.CardImage.decode(java.nio.file.Files.readAllBytes(f));
        byte[] doc = image.file(0x5208).orElseThrow().content();
        String ct = new String(image.file(0x5209).orElseThrow().content(), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(ct).startsWith("application/vnd.wap.connectivity-wbxml; SEC=USERPIN; MAC=");
        assertThat(io.trustdm.security.bootstrap.BootstrapMac.verify(
                        io.trustdm.security.bootstrap.BootstrapKey.userpin(io.trustdm.security.Secret.ofUtf8("2468")),
                        doc,
                        ct.substring(ct.indexOf("MAC=") + 4)))
                .isTrue();

        assertThat(TrustDm.run("bootstrap", "inspect", f.toString())).isZero();
        assertThat(console.out())
                .contains("Content-Type: application/vnd.wap.connectivity-wbxml")
                .contains("w7");
    }

    @Test
    void card_image_refuses_an_http_server_url() {
        assertThat(TrustDm.run(
                        "bootstrap",
                        "card-image",
                        "--device-id",
                        "IMEI:490154203237518",
                        "--server-id",
                        "dm.example.com",
                        "--server-url",
                        "http://dm.example.com/dm",
                        "-o",
                        dir.resolve("x.img").toString()))
                .isNotZero();
        assertThat(console.err()).contains("--server-url must be https");
    }
}
