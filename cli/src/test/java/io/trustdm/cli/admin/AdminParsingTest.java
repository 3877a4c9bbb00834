package io.trustdm.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local halves of the admin commands: CSV rows, URLs, problem documents, durations, device bodies. */
class AdminParsingTest {
    @TempDir
    Path dir;

    @Test
    void csv_rows_carry_their_line_numbers_skip_blank_lines_and_honour_quotes() {
        List<DeviceImport.Row> rows = DeviceImport.parse(
                "devId,auth,username,password,serverPassword\r\n"
                        + "IMEI:1,md5,u1,\"p,1\",sp1\n"
                        + "\n"
                        + "IMEI:2,cert,,,\n"
                        + "IMEI:3,basic,u3,\"say \"\"hi\"\"\"\n",
                "f.csv");
        assertThat(rows).extracting(DeviceImport.Row::line).containsExactly(2, 4, 5);
        assertThat(rows.get(0).fields()).containsEntry("password", "p,1").containsEntry("serverPassword", "sp1");
        assertThat(rows.get(1).fields()).containsEntry("auth", "cert").containsEntry("username", "");
        assertThat(rows.get(2).fields()).containsEntry("password", "say \"hi\"").containsEntry("serverPassword", "");
        assertThat(rows).allSatisfy(r -> assertThat(r.problem()).isNull());
    }

    @Test
    void csv_columns_may_come_in_any_order_and_server_password_may_be_left_out() {
        List<DeviceImport.Row> rows = DeviceImport.parse("password,username,auth,devId\npw,u,hmac,IMEI:9\n", "f");
        assertThat(rows.get(0).fields())
                .containsEntry("devId", "IMEI:9")
                .containsEntry("auth", "hmac")
                .doesNotContainKey("serverPassword");
    }

    @Test
    void a_bad_row_is_marked_but_a_bad_header_or_empty_file_refuses_the_file() {
        List<DeviceImport.Row> rows =
                DeviceImport.parse("devId,auth,username,password\nIMEI:1,md5,u,p,extra\nIMEI:2,md5,\"u,p\n", "f");
        assertThat(rows.get(0).problem()).contains("5 cells").contains("4 columns");
        assertThat(rows.get(1).problem()).contains("not closed");
        assertThatThrownBy(() -> DeviceImport.parse("devid,auth,username,password\n", "f"))
                .hasMessageContaining("missing devId")
                .hasMessageContaining("case-sensitive");
        assertThatThrownBy(() -> DeviceImport.parse("devId,auth,username,password,colour\n", "f"))
                .hasMessageContaining("unknown column colour");
        assertThatThrownBy(() -> DeviceImport.parse("\n\n", "f")).hasMessageContaining("is empty");
    }

    @Test
    void a_file_that_is_not_utf8_is_a_usage_error() throws Exception {
        Path f = dir.resolve("latin1.csv");
        Files.write(f, new byte[] {'d', 'e', 'v', (byte) 0xE9, '\n'});
        AdminFailure e = org.junit.jupiter.api.Assertions.assertThrows(AdminFailure.class, () -> DeviceImport.read(f));
        assertThat(e.exitCode()).isEqualTo(AdminFailure.USAGE);
        assertThat(e.getMessage()).contains("not UTF-8");
    }

    @Test
    void the_api_base_is_derived_from_a_server_url_and_http_is_refused() {
        assertThat(ApiClient.apiBase("https://localhost:8443").toString()).isEqualTo("https://localhost:8443/api/v1");
        assertThat(ApiClient.apiBase("https://localhost:8443/").toString()).isEqualTo("https://localhost:8443/api/v1");
        assertThat(ApiClient.apiBase("https://localhost:8443/api/v1/").toString())
                .isEqualTo("https://localhost:8443/api/v1");
        assertThatThrownBy(() -> ApiClient.apiBase("http://localhost:8443"))
                .isInstanceOf(AdminFailure.class)
                .hasMessageContaining("HTTPS only");
        assertThatThrownBy(() -> ApiClient.apiBase("https://u:p@localhost:8443"))
                .hasMessageContaining("user info");
        assertThatThrownBy(() -> ApiClient.apiBase("localhost:8443")).isInstanceOf(AdminFailure.class);
    }

    @Test
    void problem_documents_become_their_detail_on_one_line() {
        assertThat(ApiClient.problemDetail(
                        "{\"type\":\"t\",\"title\":\"No such resource\",\"status\":404,\"detail\":\"no device X\"}"))
                .isEqualTo("no device X");
        assertThat(ApiClient.problemDetail("{\"title\":\"Internal server error\",\"status\":500}"))
                .isEqualTo("Internal server error");
        assertThat(ApiClient.problemDetail("<html>\nBad Gateway\n</html>")).isEqualTo("<html>");
        assertThat(ApiClient.problemDetail("")).isEqualTo("(no detail)");
        assertThat(AdminFailure.refused(404, "no device X").getMessage()).isEqualTo("error: 404 no device X");
    }

    @Test
    void device_supplied_text_cannot_carry_terminal_control_characters() throws Exception {
        var node = ApiClient.JSON.readTree("{\"value\":\"a\\u001b[2Jb\\u009b31mc\\nd\\u007fe\"}");
        assertThat(Json.text(node, "value")).isEqualTo("a\uFFFD[2Jb\uFFFD31mc\uFFFDd\uFFFDe");
        assertThat(Json.text(node, "absent")).isNull();
        assertThat(ApiClient.problemDetail("{\"detail\":\"x\\u001by\"}")).isEqualTo("x\uFFFDy");
    }

    @Test
    void a_rate_limited_wake_says_when_to_retry() {
        AdminFailure f =
                AdminFailure.refused(429, "device IMEI:1 may not be woken for another PT25S (retry after 25 s)");
        AdminFailure r = DevicesCommand.rateLimited(f, "IMEI:1", java.time.Instant.parse("2026-01-31T12:00:00.250Z"));
        assertThat(r.getMessage())
                .isEqualTo(
                        "error: 429 device IMEI:1 was woken too recently: retry after 25 s (at 2026-01-31T12:00:25Z)");
        assertThat(r.exitCode()).isEqualTo(AdminFailure.REMOTE);
        AdminFailure other = AdminFailure.refused(429, "slow down");
        assertThat(DevicesCommand.rateLimited(other, "IMEI:1", java.time.Instant.EPOCH))
                .isSameAs(other);
    }

    @Test
    void path_segments_and_query_values_are_percent_encoded() {
        assertThat(ApiClient.encode("IMEI:35/6 x")).isEqualTo("IMEI:35%2F6%20x");
        assertThat(ApiClient.queryString(new java.util.LinkedHashMap<>(Map.of("path", "./DevInfo"))))
                .isEqualTo("?path=.%2FDevInfo");
        java.util.Map<String, String> q = new java.util.LinkedHashMap<>();
        q.put("a", null);
        q.put("b", "1&2");
        assertThat(ApiClient.queryString(q)).isEqualTo("?b=1%262");
    }

    @Test
    void durations_accept_units_and_iso_and_refuse_the_rest() {
        assertThat(JobsCommand.duration("--timeout", "60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(JobsCommand.duration("--timeout", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(JobsCommand.duration("--timeout", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(JobsCommand.duration("--timeout", "PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> JobsCommand.duration("--timeout", "soon")).hasMessageContaining("--timeout");
        assertThatThrownBy(() -> JobsCommand.duration("--timeout", "-5s")).hasMessageContaining("negative");
    }

    @Test
    void device_bodies_follow_the_auth_kind_and_never_invent_credentials() {
        Map<String, Object> md5 = DeviceRequest.body("IMEI:1", "MD5", "u", "p", "srv", "sp");
        assertThat(md5)
                .containsEntry("authScheme", "MD5")
                .containsEntry("username", "u")
                .containsEntry("serverUsername", "srv")
                .containsEntry("certificateRequired", false);
        Map<String, Object> cert = DeviceRequest.body("IMEI:2", "cert", null, null, "srv", null);
        assertThat(cert)
                .containsEntry("certificateRequired", true)
                .doesNotContainKeys("username", "password", "serverUsername", "serverPassword");
        assertThatThrownBy(() -> DeviceRequest.body("IMEI:3", "hmac", "u", null, "srv", null))
                .hasMessageContaining("needs a username and a password");
        assertThatThrownBy(() -> DeviceRequest.body("IMEI:4", "digest", "u", "p", "srv", null))
                .hasMessageContaining("basic, md5, hmac or cert");
        assertThatThrownBy(() -> DeviceRequest.body("IMEI 5", "md5", "u", "p", "srv", null))
                .hasMessageContaining("printable ASCII");
    }

    @Test
    void server_auth_is_chosen_independently_of_the_device_auth_and_needs_a_server_password() {
        assertThat(DeviceRequest.body("IMEI:6", "basic", "u", "p", "srv", "sp", "HMAC"))
                .containsEntry("authScheme", "BASIC")
                .containsEntry("serverAuth", "hmac");
        assertThat(DeviceRequest.body("IMEI:7", "hmac", "u", "p", "srv", "sp", "md5"))
                .containsEntry("authScheme", "HMAC")
                .containsEntry("serverAuth", "md5");
        assertThat(DeviceRequest.body("IMEI:8", "md5", "u", "p", "srv", "sp")).doesNotContainKey("serverAuth");
        assertThatThrownBy(() -> DeviceRequest.body("IMEI:9", "md5", "u", "p", "srv", null, "md5"))
                .hasMessageContaining("needs serverUsername and serverPassword");
        assertThatThrownBy(() -> DeviceRequest.body("IMEI:10", "md5", "u", "p", "srv", "sp", "sha1"))
                .hasMessageContaining("serverAuth must be md5, hmac or none");
    }
}
