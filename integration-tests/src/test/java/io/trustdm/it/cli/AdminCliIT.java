package io.trustdm.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.cli.TrustDm;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.DmServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code trustdm admin} driven in-process through picocli against a real DM server over HTTPS on loopback: the
 * connection comes from the server's data directory (server.url, api-token, pki/ca.pem) or from --url/--token/--trust,
 * and a real device agent ({@code trustdm device}) answers the job queued from the command line.
 */
class AdminCliIT {
    private static final String SERVER_ID = "trustdm.admin";
    private static final AtomicInteger DEVICES = new AtomicInteger();

    @TempDir
    static Path serverDir;

    @TempDir
    Path dir;

    private static DmServer server;

    @BeforeAll
    static void start() throws Exception {
        server = DmServer.start(serverDir, "127.0.0.1", 0, SERVER_ID, AuthScheme.MD5);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** What one run of the command printed, and its exit code. */
    record Run(int code, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private static synchronized Run trustdm(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = TrustDm.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code trustdm admin --data SERVER_DIR ARGS...}. */
    private static Run admin(String... args) {
        List<String> a = new ArrayList<>(List.of("admin", "--data", serverDir.toString()));
        a.addAll(List.of(args));
        return trustdm(a.toArray(String[]::new));
    }

    private static String newDevice() {
        return String.format("IMEI:49015420%07d", DEVICES.incrementAndGet());
    }

    @Test
    void the_server_writes_its_api_url_into_the_data_directory() throws Exception {
        assertThat(Files.readString(serverDir.resolve(DmServer.URL_FILE)).strip())
                .isEqualTo(server.apiUri().toString());
    }

    @Test
    void a_device_of_each_auth_kind_is_registered_listed_and_shown_without_secrets() {
        String basic = newDevice();
        String md5 = newDevice();
        String hmac = newDevice();
        String cert = newDevice();
        Run r = admin(
                "devices",
                "add",
                "--dev-id",
                basic,
                "--auth",
                "basic",
                "--username",
                "u-basic",
                "--password",
                "pw-basic-1111");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("registered " + basic + ": BASIC");
        r = admin(
                "devices",
                "add",
                "--dev-id",
                md5,
                "--username",
                "u-md5",
                "--password",
                "pw-md5-2222",
                "--server-password",
                "spw-md5-3333",
                "--server-id",
                SERVER_ID);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("MD5").contains("server " + SERVER_ID + " (secret set)");
        r = admin(
                "devices",
                "add",
                "--dev-id",
                hmac,
                "--auth",
                "HMAC",
                "--username",
                "u-hmac",
                "--password",
                "pw-hmac-4444");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("HMAC").contains("cannot be woken");
        r = admin("devices", "add", "--dev-id", cert, "--auth", "cert");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("TLS client certificate required");

        Run list = admin("devices", "list");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.outLines().get(0)).startsWith("DEVICE").contains("LAST SESSION");
        assertThat(list.out()).contains(basic, md5, hmac, cert);

        Run search = admin("devices", "list", "--search", md5.substring(md5.length() - 7));
        assertThat(search.out()).contains(md5).doesNotContain(basic).contains("1 device");

        Run show = admin("devices", "show", md5);
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.out())
                .contains("device " + md5)
                .contains("last session  none")
                .contains("MD5 as u-md5 (secret set)")
                .contains("tree values read: none yet")
                .doesNotContain("pw-md5-2222")
                .doesNotContain("spw-md5-3333");
        assertThat(admin("devices", "show", cert).out())
                .contains("auth          TLS client certificate required (CN = device identity), no DM password,"
                        + " server credentials not set (cannot be woken)");

        Run again = admin("devices", "add", "--dev-id", md5, "--username", "u", "--password", "p");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("trustdm admin: error: 409 device " + md5 + " is already registered");

        Run noPassword = admin("devices", "add", "--dev-id", newDevice(), "--auth", "md5", "--username", "u");
        assertThat(noPassword.code()).isEqualTo(2);
        assertThat(noPassword.err()).contains("md5 needs a username and a password");
    }

    @Test
    void a_job_queued_from_the_command_line_is_answered_by_a_real_device_session_and_shown_with_its_values()
            throws Exception {
        String dev = newDevice();
        assertThat(admin(
                                "devices",
                                "add",
                                "--dev-id",
                                dev,
                                "--username",
                                "dev-user",
                                "--password",
                                "dev-pw-5555",
                                "--server-password",
                                "srv-pw-6666",
                                "--server-id",
                                SERVER_ID)
                        .code())
                .isZero();

        Run add = admin(
                "jobs",
                "add",
                "--dev-id",
                dev,
                "--add",
                "./Vendor/Mode=eco=1",
                "--replace",
                "./Vendor/Mode=eco=2",
                "--get",
                "./Vendor/Mode",
                "--get",
                "./DevInfo/DevId");
        assertThat(add.code()).as(add.toString()).isZero();
        List<String> lines = add.outLines();
        String jobId = lines.get(lines.size() - 1);
        assertThat(jobId).matches("[0-9A-Za-z_-]+");
        assertThat(add.out())
                .contains("Add ./Vendor/Mode, Replace ./Vendor/Mode, Get ./Vendor/Mode, Get ./DevInfo/DevId");

        Run queued = admin("jobs", "show", jobId);
        assertThat(queued.out()).contains("job " + jobId + " for " + dev + ": QUEUED");
        Run notYet = admin("jobs", "wait", jobId, "--timeout", "300ms", "--interval", "100ms");
        assertThat(notYet.code()).isEqualTo(1);
        assertThat(notYet.err().strip()).isEqualTo("trustdm admin: job " + jobId + " is still QUEUED after 300ms");

        // a real device agent with a persistent tree runs one session and answers the job
        Run session = trustdm(
                "device",
                "--server",
                server.dmUri().toString(),
                "--dev-id",
                dev,
                "--data",
                dir.resolve("device").toString(),
                "--username",
                "dev-user",
                "--password",
                "dev-pw-5555",
                "--server-id",
                SERVER_ID,
                "--server-password",
                "srv-pw-6666",
                "--trust",
                serverDir.resolve("pki/ca.pem").toString());
        assertThat(session.code()).as(session.toString()).isZero();

        Run waited = admin("jobs", "wait", jobId, "--timeout", "10s");
        assertThat(waited.code()).as(waited.toString()).isZero();
        Run shown = admin("jobs", "show", jobId);
        assertThat(shown.out())
                .isEqualTo(waited.out())
                .contains("job " + jobId + " for " + dev + ": COMPLETED, every command succeeded")
                .contains("1 Add ./Vendor/Mode = eco=1 -> 200")
                .contains("2 Replace ./Vendor/Mode = eco=2 -> 200")
                .contains("3 Get ./Vendor/Mode -> 200")
                .contains("      ./Vendor/Mode = eco=2")
                .contains("      ./DevInfo/DevId = " + dev);

        Run asJson = admin("jobs", "show", jobId, "--json");
        assertThat(asJson.code()).as(asJson.toString()).isZero();
        JsonNode job = JsonMapper.builder().build().readTree(asJson.out());
        assertThat(job.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("outcomes").get(2).get("results").get(0).get("value").asString())
                .isEqualTo("eco=2");
        JsonNode listed = JsonMapper.builder()
                .build()
                .readTree(admin("devices", "list", "--json").out());
        assertThat(listed.findValuesAsString("deviceId")).contains(dev);

        Run device = admin("devices", "show", dev);
        assertThat(device.out())
                .contains("  DevInfo/DevId = " + dev + "\n  DevInfo/DmV = ")
                .containsPattern("last session  \\S+ COMPLETED \\(1 sessions\\)")
                .contains("  ./Vendor/Mode = eco=2")
                .doesNotContain("dev-pw-5555");

        Run jobs = admin("jobs", "list", "--dev-id", dev, "--state", "completed");
        assertThat(jobs.out()).contains(jobId).contains("COMPLETED").contains("ok");
        assertThat(admin("jobs", "list", "--dev-id", dev, "--state", "queued").out())
                .isEqualTo("no jobs\n");

        Run audit = admin("audit", "--dev-id", dev, "--verdict", "accept");
        assertThat(audit.code()).as(audit.toString()).isZero();
        assertThat(audit.out()).contains("ACCEPT");
        Run alerts = admin("alerts", "--dev-id", dev);
        assertThat(alerts.code()).isZero();
        assertThat(alerts.out()).isEqualTo("no alerts\n");

        Run deleted = admin("devices", "delete", dev);
        assertThat(deleted.out()).isEqualTo("deleted " + dev + "\n");
        Run gone = admin("devices", "show", dev);
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("trustdm admin: error: 404 no device " + dev + "\n");
    }

    @Test
    void wake_prints_the_wake_state_and_session_id_and_a_device_without_server_credentials_is_one_line() {
        String wakeable = newDevice();
        String mute = newDevice();
        admin(
                "devices",
                "add",
                "--dev-id",
                wakeable,
                "--username",
                "w",
                "--password",
                "w-pw-7777",
                "--server-password",
                "w-spw-8888",
                "--server-id",
                SERVER_ID);
        admin("devices", "add", "--dev-id", mute, "--username", "m", "--password", "m-pw-9999");

        Run wake = admin("devices", "wake", wakeable, "--ui-mode", "informative");
        assertThat(wake.code()).as(wake.toString()).isZero();
        assertThat(wake.out()).containsPattern("wake job \\S+ for " + wakeable + ": [A-Z_]+, SessionID [0-9A-F]{1,4},");

        // no push address is known in this test, so the first push fails at once and the device's spacing applies
        assertThat(wake.out()).contains(": FAILED,");
        String wakeId = wake.out().split(" ")[2];
        Run wakes = admin("devices", "wakes", wakeable);
        assertThat(wakes.code()).as(wakes.toString()).isZero();
        assertThat(wakes.out())
                .contains("WAKE")
                .contains(wakeId)
                .contains("FAILED")
                .contains("1 wake job");
        Run none = admin("devices", "wakes", mute);
        assertThat(none.out()).contains("no wake jobs for " + mute);
        Run again = admin("devices", "wake", wakeable);
        assertThat(again.code()).as(again.toString()).isEqualTo(1);
        assertThat(again.err().lines().toList())
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .matches("trustdm admin: error: 429 device " + wakeable
                                + " was woken too recently: retry after \\d+ s \\(at \\S+Z\\)"));

        Run refused = admin("devices", "wake", mute);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err().lines().toList())
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .startsWith("trustdm admin: error: 409 device " + mute + " has no server credentials"));

        Run badMode = admin("devices", "wake", wakeable, "--ui-mode", "loud");
        assertThat(badMode.code()).isEqualTo(2);
        assertThat(badMode.err()).contains("--ui-mode must be");
    }

    @Test
    void a_wrong_token_is_one_clear_401_line_and_the_token_is_not_echoed() {
        String wrong = "not-the-token-0123456789abcdefghijklmnop";
        Run r = trustdm(
                "admin",
                "devices",
                "list",
                "--url",
                server.apiUri().toString().replace("/api/v1", ""),
                "--token",
                wrong,
                "--trust",
                serverDir.resolve("pki/ca.pem").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("trustdm admin: error: 401 the bearer token is not valid\n");
        assertThat(r.out() + r.err()).doesNotContain(wrong);

        Run right = trustdm(
                "admin",
                "devices",
                "list",
                "--url",
                server.apiUri().toString(),
                "--token",
                server.apiToken().value(),
                "--trust",
                serverDir.resolve("pki/ca.pem").toString());
        assertThat(right.code()).as(right.toString()).isZero();
    }

    @Test
    void an_unreachable_server_or_an_untrusted_certificate_is_one_line_naming_the_url() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "https://localhost:" + port;
        Run refused = trustdm(
                "admin",
                "--url",
                url,
                "--token",
                "t".repeat(43),
                "--trust",
                serverDir.resolve("pki/ca.pem").toString(),
                "devices",
                "list");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err())
                .isEqualTo("trustdm admin: cannot connect to " + url + "/api/v1: connection refused (is the server"
                        + " running?)\n");

        // a CA the server does not chain to: verification fails, nothing is sent in the clear
        Path otherCa = dir.resolve("other");
        try (DmServer other = DmServer.start(otherCa, "127.0.0.1", 0, "other", AuthScheme.MD5)) {
            Run untrusted = trustdm(
                    "admin",
                    "--url",
                    server.apiUri().toString(),
                    "--token",
                    server.apiToken().value(),
                    "--trust",
                    otherCa.resolve("pki/ca.pem").toString(),
                    "devices",
                    "list");
            assertThat(untrusted.code()).isEqualTo(1);
            assertThat(untrusted.err().lines().toList())
                    .singleElement()
                    .satisfies(l -> assertThat(l).startsWith("trustdm admin: TLS with " + server.apiUri() + " failed"));
        }

        Run http = trustdm("admin", "--url", "http://localhost:" + port, "--token", "x".repeat(43), "devices", "list");
        assertThat(http.code()).isEqualTo(2);
        assertThat(http.err()).contains("HTTPS only");

        Run noData = trustdm("admin", "--data", dir.resolve("nothing").toString(), "devices", "list");
        assertThat(noData.code()).isEqualTo(2);
        assertThat(noData.err()).contains("server.url").contains("--url");
    }

    @Test
    void import_registers_the_good_rows_reports_each_bad_line_and_exits_non_zero() throws Exception {
        String a = newDevice();
        String b = newDevice();
        String c = newDevice();
        Path csv = dir.resolve("devices.csv");
        Files.writeString(
                csv,
                "devId,auth,username,password,serverPassword\n"
                        + a + ",md5,ua,pw-a-1111,spw-a-1111\n"
                        + b + ",md5,ub,\n" // line 3: no password
                        + c + ",cert,,,\n"
                        + a + ",basic,ua2,pw-a-2222,\n"); // line 5: already registered
        Run r = admin("devices", "import", csv.toString(), "--server-id", SERVER_ID);
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.outLines())
                .containsExactly(
                        "line 3 (" + b + "): md5 needs a username and a password (or use auth cert)",
                        "line 5 (" + a + "): error: 409 device " + a + " is already registered",
                        "imported 2 of 4 devices from " + csv + "; 2 failed");
        assertThat(r.out()).doesNotContain("\r").doesNotContain("pw-a-");

        Run list = admin("devices", "list");
        assertThat(list.out()).contains(a).contains(c).doesNotContain(b);
        assertThat(admin("devices", "show", a).out())
                .contains("MD5 as ua (secret set)")
                .contains("server " + SERVER_ID);
        assertThat(admin("devices", "show", c).out()).contains("TLS client certificate required");

        Path good = dir.resolve("good.csv");
        Files.writeString(good, "devId,auth,username,password\n" + newDevice() + ",hmac,h,pw-h-1111\n");
        Run ok = admin("devices", "import", good.toString());
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).isEqualTo("imported 1 of 1 devices from " + good + "\n");
    }
}
