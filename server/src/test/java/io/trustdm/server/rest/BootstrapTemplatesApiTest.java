package io.trustdm.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.server.DmServer;
import io.trustdm.server.config.BootstrapGroupsFile;
import io.trustdm.server.memory.InMemoryRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /bootstrap/templates} over real HTTPS on loopback: the default and the configured groups, read-only. */
class BootstrapTemplatesApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path data;

    private static DmServer server;
    private static HttpClient http;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        server = DmServer.builder()
                .dataDir(data)
                .host("127.0.0.1")
                .port(0)
                .serverId("trustdm.test")
                .deviceAuth(AuthScheme.MD5)
                .bootstrapGroups(BootstrapGroupsFile.parse("test", """
                        group.lab.device-auth = basic
                        group.fleet.server-id = fleet.example.com
                        group.fleet.server-name = Fleet DM
                        group.fleet.address = https://fleet.example.com/dm
                        group.fleet.device-auth = hmac
                        group.fleet.server-auth = none
                        group.fleet.members = IMEI:2, IMEI:1
                        """))
                .start(new InMemoryRegistry());
        token = server.apiToken().value();
        var ctx = TlsContexts.create(null, List.of(server.ca().certificate()));
        http = HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(TlsContexts.clientParameters(ctx))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpResponse<String> call(String method, String path, String body, boolean withToken)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.apiUri() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (withToken) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_list_shows_the_default_first_then_the_groups_by_name_with_their_members() throws Exception {
        HttpResponse<String> r = call("GET", "/bootstrap/templates", null, true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode list = JSON.readTree(r.body());
        assertThat(list).hasSize(3);
        JsonNode d = list.get(0);
        assertThat(d.get("name").asString()).isEqualTo("default");
        assertThat(d.get("kind").asString()).isEqualTo("default");
        assertThat(d.get("serverId").asString()).isEqualTo("trustdm.test");
        assertThat(d.get("address").asString()).isEqualTo(server.dmUri().toString());
        assertThat(d.get("deviceAuth").asString()).isEqualTo("md5");
        assertThat(d.get("serverAuth").asString()).isEqualTo("md5");
        assertThat(d.get("members")).isEmpty();
        JsonNode fleet = list.get(1);
        assertThat(fleet.get("name").asString()).isEqualTo("fleet");
        assertThat(fleet.get("kind").asString()).isEqualTo("group");
        assertThat(fleet.get("serverId").asString()).isEqualTo("fleet.example.com");
        assertThat(fleet.get("serverName").asString()).isEqualTo("Fleet DM");
        assertThat(fleet.get("address").asString()).isEqualTo("https://fleet.example.com/dm");
        assertThat(fleet.get("deviceAuth").asString()).isEqualTo("hmac");
        assertThat(fleet.get("serverAuth").asString()).isEqualTo("none");
        assertThat(fleet.get("members").values().stream().map(JsonNode::asString))
                .containsExactly("IMEI:1", "IMEI:2");
        JsonNode lab = list.get(2);
        assertThat(lab.get("name").asString()).isEqualTo("lab");
        assertThat(lab.get("serverId").asString())
                .as("a field the group leaves out is the default's")
                .isEqualTo("trustdm.test");
        assertThat(lab.get("address").asString()).isEqualTo(server.dmUri().toString());
        assertThat(lab.get("deviceAuth").asString()).isEqualTo("basic");
        assertThat(lab.get("serverAuth").asString()).isEqualTo("md5");
    }

    @Test
    void one_group_or_the_default_is_shown_and_an_unknown_one_is_404() throws Exception {
        HttpResponse<String> fleet = call("GET", "/bootstrap/templates/fleet", null, true);
        assertThat(fleet.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(fleet.body()).get("serverId").asString()).isEqualTo("fleet.example.com");
        HttpResponse<String> d = call("GET", "/bootstrap/templates/default", null, true);
        assertThat(d.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(d.body()).get("kind").asString()).isEqualTo("default");
        HttpResponse<String> none = call("GET", "/bootstrap/templates/nope", null, true);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
        assertThat(JSON.readTree(none.body()).get("detail").asString()).contains("nope");
    }

    @Test
    void templates_are_read_only_and_need_the_token() throws Exception {
        HttpResponse<String> put = call("PUT", "/bootstrap/templates/fleet", "{\"deviceAuth\":\"md5\"}", true);
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET");
        HttpResponse<String> delete = call("DELETE", "/bootstrap/templates/fleet", null, true);
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(call("POST", "/bootstrap/templates", "{}", true).statusCode())
                .isEqualTo(405);
        assertThat(call("GET", "/bootstrap/templates", null, false).statusCode())
                .isEqualTo(401);
        assertThat(call("GET", "/bootstrap/templates/fleet", null, true).statusCode())
                .as("unchanged")
                .isEqualTo(200);
    }

    @Test
    void a_bootstrap_for_a_member_or_a_named_group_uses_that_group_and_an_unknown_group_is_400() throws Exception {
        HttpResponse<String> member = call("POST", "/devices/IMEI:1/bootstrap", null, true);
        assertThat(member.statusCode()).as(member.body()).isEqualTo(201);
        assertThat(server.bootstrap().templates().resolve("IMEI:1").serverId()).isEqualTo("fleet.example.com");
        HttpResponse<String> named = call("POST", "/devices/IMEI:7/bootstrap", "{\"template\":\"lab\"}", true);
        assertThat(named.statusCode()).as(named.body()).isEqualTo(201);
        assertThat(server.registry().account("IMEI:7"))
                .hasValueSatisfying(
                        a -> assertThat(a.security().requiredScheme()).isEqualTo(AuthScheme.BASIC));
        assertThat(call("POST", "/devices/IMEI:8/bootstrap", "{\"template\":\"nope\"}", true)
                        .statusCode())
                .isEqualTo(400);
    }
}
