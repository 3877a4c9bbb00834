package io.trustdm.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.smartcard.BootstrapCardLayout;
import io.trustdm.protocol.smartcard.CardImage;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.server.DmServer;
import io.trustdm.server.ManagementRegistry;
import io.trustdm.server.api.RegistryManagementApi;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.session.ClaimedJob;
import io.trustdm.server.session.OperationResult;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API over real HTTPS on loopback, with the JDK HttpClient: every route and every error class. */
class RestApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path data;

    private static DmServer server;
    private static HttpClient http;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        server = DmServer.start(data, "127.0.0.1", 0, "trustdm.test", AuthScheme.MD5);
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

    record Res(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private static Res call(String method, String path, String body, String contentType, String bearer)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.apiUri() + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Res(r.statusCode(), r.headers().map(), r.body());
    }

    private static Res get(String path) throws Exception {
        return call("GET", path, null, null, token);
    }

    private static Res post(String path, String json) throws Exception {
        return call("POST", path, json, json == null ? null : "application/json", token);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String newDevice(String id) {
        return """
                {"deviceId":"%s","authScheme":"MD5","username":"dev","password":"s3cret-client",
                 "serverUsername":"srv","serverPassword":"s3cret-server"}""".formatted(id);
    }

    private static void assertProblem(Res r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asString()).startsWith("https://");
        assertThat(p.get("title").asString()).isNotBlank();
        assertThat(p.has("detail")).isTrue();
    }

    // ---- authentication

    @Test
    void health_answers_without_a_token() throws Exception {
        Res r = call("GET", "/health", null, null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void every_protected_route_answers_401_with_www_authenticate_bearer_without_a_token() throws Exception {
        RestApi api = standalone();
        for (String route : api.routes()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1)
                    .replace("{deviceId}", "IMEI:1")
                    .replace("{jobId}", "job-1")
                    .replace("{group}", "fleet")
                    .replace("{wakeId}", "wake-1");
            if (path.equals("/health") || path.equals("/openapi.json")) {
                continue;
            }
            Res r = call(method, path, method.equals("POST") ? "{}" : null, "application/json", null);
            assertProblem(r, 401);
            assertThat(r.header("WWW-Authenticate")).as(route).startsWith("Bearer");
        }
    }

    @Test
    void a_wrong_token_or_scheme_is_refused() throws Exception {
        assertProblem(call("GET", "/devices", null, null, token.substring(1) + "x"), 401);
        assertProblem(call("GET", "/devices", null, null, ""), 401);
        HttpRequest basic = HttpRequest.newBuilder(URI.create(server.apiUri() + "/devices"))
                .header("Authorization", "Basic " + token)
                .build();
        assertThat(http.send(basic, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void token_is_created_once_with_256_random_bits_in_an_owner_only_file() throws Exception {
        Path f = data.resolve(ApiToken.FILE);
        assertThat(f).exists();
        assertThat(Files.getPosixFilePermissions(f))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        ApiToken again = ApiToken.loadOrCreate(data, new SecureRandom());
        assertThat(again.isNew()).isFalse();
        assertThat(again.matches(token)).isTrue();
        assertThat(again.toString()).doesNotContain(token);
        Path other = data.resolve("other");
        ApiToken fresh = ApiToken.loadOrCreate(other, new SecureRandom());
        assertThat(fresh.isNew()).isTrue();
        assertThat(fresh.value()).isNotEqualTo(token);
    }

    // ---- OpenAPI

    @Test
    void openapi_document_lists_exactly_the_routes_the_router_serves() throws Exception {
        Res r = call("GET", "/openapi.json", null, null, null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.get("openapi").asString()).isEqualTo("3.1.0");
        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
            for (Iterator<String> it = p.getValue().propertyNames().iterator(); it.hasNext(); ) {
                String m = it.next();
                if (!m.equals("parameters")) {
                    documented.add(m.toUpperCase() + " " + p.getKey());
                }
            }
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(standalone().routes());
    }

    private static RestApi standalone() {
        return new RestApi(
                new RegistryManagementApi(new InMemoryRegistry(), new SecureRandom()),
                null,
                null,
                null,
                ApiToken.of("x".repeat(43)));
    }

    // ---- routing and body errors

    @Test
    void unknown_route_is_404_and_wrong_method_is_405_with_allow() throws Exception {
        assertProblem(get("/nothing-here"), 404);
        Res r = call("PUT", "/devices", "{}", "application/json", token);
        assertProblem(r, 405);
        assertThat(r.header("Allow")).contains("GET").contains("POST");
    }

    @Test
    void unknown_json_field_is_400() throws Exception {
        Res r = post(
                "/devices", "{\"deviceId\":\"IMEI:400\",\"username\":\"a\",\"password\":\"b\",\"colour\":\"red\"}");
        assertProblem(r, 400);
        assertThat(r.json().get("detail").asString()).contains("colour");
        assertThat(get("/devices/IMEI:400").status()).isEqualTo(404);
    }

    @Test
    void server_auth_is_chosen_per_device_independently_of_the_auth_scheme_and_validated() throws Exception {
        Res ok = post(
                "/devices",
                "{\"deviceId\":\"IMEI:410\",\"authScheme\":\"BASIC\",\"username\":\"a\",\"password\":\"b\","
                        + "\"serverUsername\":\"srv\",\"serverPassword\":\"sp\",\"serverAuth\":\"HMAC\"}");
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.json().get("auth").get("authScheme").asString()).isEqualTo("BASIC");
        assertThat(ok.json().get("auth").get("serverAuth").asString()).isEqualTo("hmac");
        Res bad = post(
                "/devices",
                "{\"deviceId\":\"IMEI:411\",\"username\":\"a\",\"password\":\"b\","
                        + "\"serverUsername\":\"srv\",\"serverPassword\":\"sp\",\"serverAuth\":\"sha1\"}");
        assertProblem(bad, 400);
        assertThat(bad.json().get("detail").asString()).contains("serverAuth");
        Res keyless = post(
                "/devices", "{\"deviceId\":\"IMEI:412\",\"username\":\"a\",\"password\":\"b\",\"serverAuth\":\"md5\"}");
        assertProblem(keyless, 400);
        assertThat(get("/devices/IMEI:412").status()).isEqualTo(404);
    }

    @Test
    void malformed_json_duplicate_keys_and_trailing_data_are_400() throws Exception {
        assertProblem(post("/devices", "{\"deviceId\":"), 400);
        assertProblem(post("/devices", "{\"deviceId\":\"a\",\"deviceId\":\"b\"}"), 400);
        assertProblem(post("/devices", newDevice("IMEI:401") + " {}"), 400);
        assertProblem(post("/devices", "[]"), 400);
        assertProblem(post("/devices", null), 400);
    }

    @Test
    void body_that_is_not_json_is_415() throws Exception {
        assertProblem(call("POST", "/devices", newDevice("IMEI:415"), "text/plain", token), 415);
        assertProblem(call("POST", "/devices", newDevice("IMEI:415"), "application/json; charset=latin1", token), 415);
    }

    @Test
    void body_over_the_limit_is_413() throws Exception {
        String big = "{\"deviceId\":\"" + "x".repeat(RestApi.MAX_BODY_BYTES) + "\"}";
        assertProblem(post("/devices", big), 413);
    }

    // ---- devices

    @Test
    void device_is_created_shown_listed_and_deleted_without_secrets_ever_returned() throws Exception {
        Res created = post("/devices", newDevice("IMEI:100000000000001"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("s3cret");
        JsonNode auth = created.json().get("auth");
        assertThat(auth.get("authScheme").asString()).isEqualTo("MD5");
        assertThat(auth.get("username").asString()).isEqualTo("dev");
        assertThat(auth.get("clientSecretSet").asBoolean()).isTrue();
        assertThat(auth.get("serverSecretSet").asBoolean()).isTrue();

        Res shown = get("/devices/" + enc("IMEI:100000000000001"));
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).doesNotContain("s3cret");
        assertThat(get("/devices?search=100000000000001").json().get("total").asInt())
                .isEqualTo(1);

        assertProblem(post("/devices", newDevice("IMEI:100000000000001")), 409);

        assertThat(call("DELETE", "/devices/IMEI:100000000000001", null, null, token)
                        .status())
                .isEqualTo(204);
        assertProblem(get("/devices/IMEI:100000000000001"), 404);
        assertProblem(call("DELETE", "/devices/IMEI:100000000000001", null, null, token), 404);
    }

    @Test
    void device_credentials_must_fit_the_scheme() throws Exception {
        assertProblem(
                post(
                        "/devices",
                        "{\"deviceId\":\"IMEI:2\",\"authScheme\":\"X509\",\"username\":\"a\",\"password\":\"b\"}"),
                400);
        assertProblem(post("/devices", "{\"deviceId\":\"IMEI:2\",\"username\":\"a\"}"), 400);
        assertProblem(post("/devices", "{\"deviceId\":\"IMEI:2\"}"), 400);
        Res certOnly = post("/devices", "{\"deviceId\":\"IMEI:cert-only\",\"certificateRequired\":true}");
        assertThat(certOnly.status()).as(certOnly.body()).isEqualTo(201);
        assertThat(certOnly.json().get("auth").get("clientSecretSet").asBoolean())
                .isFalse();
    }

    @Test
    void device_list_searches_and_pages() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(post("/devices", newDevice("PAGE:" + i)).status()).isEqualTo(201);
        }
        JsonNode page = get("/devices?search=page:&offset=1&limit=2").json();
        assertThat(page.get("total").asInt()).isEqualTo(5);
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("items").get(0).get("deviceId").asString()).isEqualTo("PAGE:1");
        assertProblem(get("/devices?limit=0"), 400);
        assertProblem(get("/devices?offset=abc"), 400);
    }

    // ---- jobs, results, tree

    @Test
    void job_is_queued_then_completed_with_per_command_status_and_results() throws Exception {
        String dev = "IMEI:job-1";
        post("/devices", newDevice(dev));
        Res created = post("/devices/" + dev + "/jobs", """
                {"operations":[
                  {"op":"Get","target":"./DevInfo/Mod"},
                  {"op":"Replace","target":"./Settings/Interval","data":"300","format":"int"},
                  {"op":"Sequence","operations":[{"op":"Exec","target":"./FUMO/1/Update","correlator":"c-7"}]},
                  {"op":"Atomic","operations":[{"op":"Add","target":"./Ext/a","data":"1"},{"op":"Delete","target":"./Ext/b"}]},
                  {"op":"Copy","target":"./Ext/c","source":"./Ext/a"}]}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String jobId = created.json().get("jobId").asString();
        assertThat(created.json().get("state").asString()).isEqualTo("QUEUED");
        assertThat(get("/jobs?state=queued&deviceId=" + dev).json()).hasSize(1);

        // the session engine's side of the JobQueue: claim, then report the Device's answers
        ManagementRegistry reg = server.registry();
        ClaimedJob claimed = reg.claim(dev, "s1").orElseThrow();
        assertThat(get("/jobs/" + jobId).json().get("state").asString()).isEqualTo("DELIVERING");
        reg.complete(
                claimed,
                List.of(
                        new OperationResult(
                                0,
                                "Get",
                                200,
                                List.of(new Item(
                                        null,
                                        io.trustdm.protocol.message.Source.of("./DevInfo/Mod"),
                                        Meta.ofFormatAndType("chr", "text/plain"),
                                        io.trustdm.protocol.message.ItemData.text("Sensor-9"),
                                        false))),
                        new OperationResult(1, "Replace", 200, List.of()),
                        new OperationResult(2, "Sequence", 200, List.of()),
                        new OperationResult(3, "Atomic", 507, List.of()),
                        new OperationResult(4, "Copy", -1, List.of())));
        JsonNode job = get("/jobs/" + jobId).json();
        assertThat(job.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("succeeded").asBoolean()).isFalse();
        assertThat(job.get("outcomes").get(0).get("results").get(0).get("value").asString())
                .isEqualTo("Sensor-9");
        assertThat(job.get("outcomes").get(3).get("status").asInt()).isEqualTo(507);
        assertThat(job.get("operations")
                        .get(2)
                        .get("operations")
                        .get(0)
                        .get("correlator")
                        .asString())
                .isEqualTo("c-7");
        assertThat(get("/jobs?state=COMPLETED").body()).contains(jobId);

        JsonNode root = get("/devices/" + dev + "/tree").json();
        assertThat(root.get("children").get(0).get("name").asString()).isEqualTo("DevInfo");
        assertThat(root.get("children").get(0).get("hasChildren").asBoolean()).isTrue();
        JsonNode devInfo =
                get("/devices/" + dev + "/tree?path=" + enc("./DevInfo")).json();
        assertThat(devInfo.get("children").get(0).get("path").asString()).isEqualTo("./DevInfo/Mod");
        assertThat(devInfo.get("children").get(0).get("value").asString()).isEqualTo("Sensor-9");
        assertProblem(get("/devices/" + dev + "/tree?path=" + enc("./Nowhere")), 404);
    }

    @Test
    void interior_node_read_by_a_get_lists_its_children_as_not_read_yet() throws Exception {
        String dev = "IMEI:tree-lazy";
        post("/devices", newDevice(dev));
        Res created = post("/devices/" + dev + "/jobs", "{\"operations\":[{\"op\":\"Get\",\"target\":\"./Ext\"}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        ManagementRegistry reg = server.registry();
        ClaimedJob claimed = reg.claim(dev, "s1").orElseThrow();
        // an interior node answers a Get with its child names, format node (TND §7.7.1)
        reg.complete(
                claimed,
                List.of(new OperationResult(
                        0,
                        "Get",
                        200,
                        List.of(new Item(
                                null,
                                io.trustdm.protocol.message.Source.of("./Ext"),
                                Meta.ofFormatAndType("node", null),
                                io.trustdm.protocol.message.ItemData.text("Alpha/Beta"),
                                false)))));
        JsonNode root = get("/devices/" + dev + "/tree").json();
        JsonNode ext = root.get("children").get(0).get("name").asString().equals("Ext")
                ? root.get("children").get(0)
                : root.get("children").get(1);
        assertThat(ext.get("path").asString()).isEqualTo("./Ext");
        assertThat(ext.get("hasChildren").asBoolean()).isTrue();
        assertThat(ext.get("read").asBoolean()).isTrue();
        JsonNode level = get("/devices/" + dev + "/tree?path=" + enc("./Ext")).json();
        assertThat(level.get("children")).hasSize(2);
        assertThat(level.get("children").get(0).get("path").asString()).isEqualTo("./Ext/Alpha");
        assertThat(level.get("children").get(0).get("read").asBoolean()).isFalse();
        assertThat(level.get("children").get(0).has("value")).isFalse();
        assertThat(level.get("children").get(1).get("name").asString()).isEqualTo("Beta");
    }

    @Test
    void atomic_must_not_hold_get_exec_or_atomic() throws Exception {
        String dev = "IMEI:atomic";
        post("/devices", newDevice(dev));
        for (String child : List.of(
                "{\"op\":\"Get\",\"target\":\"./A\"}",
                "{\"op\":\"Exec\",\"target\":\"./A\"}",
                "{\"op\":\"Atomic\",\"operations\":[{\"op\":\"Delete\",\"target\":\"./A\"}]}")) {
            Res r = post(
                    "/devices/" + dev + "/jobs",
                    "{\"operations\":[{\"op\":\"Atomic\",\"operations\":[" + child + "]}]}");
            assertProblem(r, 400);
        }
        assertThat(get("/jobs?deviceId=" + dev).json()).isEmpty();
    }

    @Test
    void invalid_jobs_are_400_and_jobs_for_unknown_devices_404() throws Exception {
        String dev = "IMEI:badjobs";
        post("/devices", newDevice(dev));
        assertProblem(post("/devices/" + dev + "/jobs", "{\"operations\":[]}"), 400);
        assertProblem(
                post("/devices/" + dev + "/jobs", "{\"operations\":[{\"op\":\"Format\",\"target\":\"./A\"}]}"), 400);
        assertProblem(
                post("/devices/" + dev + "/jobs", "{\"operations\":[{\"op\":\"Get\",\"target\":\"relative\"}]}"), 400);
        assertProblem(
                post("/devices/" + dev + "/jobs", "{\"operations\":[{\"op\":\"Replace\",\"target\":\"./A\"}]}"), 400);
        assertProblem(
                post("/devices/" + dev + "/jobs", "{\"operations\":[{\"op\":\"Get\",\"target\":\"./A\",\"x\":1}]}"),
                400);
        assertProblem(post("/devices/IMEI:nobody/jobs", "{\"operations\":[{\"op\":\"Get\",\"target\":\"./A\"}]}"), 404);
        assertProblem(get("/jobs/job-999999"), 404);
        assertProblem(get("/jobs?state=LOST"), 400);
    }

    // ---- alerts and audit

    @Test
    void generic_alert_is_listed_with_the_job_its_correlator_names() throws Exception {
        String dev = "IMEI:alerting";
        post("/devices", newDevice(dev));
        String jobId = post(
                        "/devices/" + dev + "/jobs",
                        "{\"operations\":[{\"op\":\"Exec\",\"target\":\"./FUMO/1/Update\",\"correlator\":\"fw-42\"}]}")
                .json()
                .get("jobId")
                .asString();
        server.registry()
                .alertReceived(
                        dev,
                        new Alert(
                                "3",
                                false,
                                null,
                                Integer.toString(AlertCode.GENERIC_ALERT),
                                "fw-42",
                                List.of(new Item(
                                        null,
                                        io.trustdm.protocol.message.Source.of("./FUMO/1"),
                                        Meta.ofFormatAndType("int", "org.openmobilealliance.dm.firmwareupdate.update"),
                                        io.trustdm.protocol.message.ItemData.text("200"),
                                        false))));
        JsonNode alerts = get("/alerts?deviceId=" + dev).json();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("code").asInt()).isEqualTo(1226);
        assertThat(alerts.get(0).get("jobId").asString()).isEqualTo(jobId);
        assertThat(alerts.get(0).get("items").get(0).get("value").asString()).isEqualTo("200");
    }

    @Test
    void refused_bootstrap_appears_in_the_audit_log_and_filters_apply() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        // a TLS client without a certificate asks for a bootstrap: no authenticated Device, so it is refused
        HttpResponse<String> refused =
                http.send(HttpRequest.newBuilder(server.bootstrapUri()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        JsonNode refusals = get("/audit?verdict=REFUSE&decisionPoint=bootstrap&since=" + enc(before.toString()))
                .json();
        assertThat(refusals).isNotEmpty();
        for (JsonNode e : refusals) {
            assertThat(e.get("verdict").asString()).isEqualTo("REFUSE");
            assertThat(e.get("decisionPoint").asString()).startsWith("bootstrap");
        }
        assertThat(get("/audit?until=" + enc(before.minusSeconds(3600).toString()))
                        .json())
                .isEmpty();
        assertProblem(get("/audit?verdict=MAYBE"), 400);
        assertProblem(get("/audit?since=yesterday"), 400);
        assertProblem(get("/audit?limit=0"), 400);
    }

    // ---- wake and bootstrap

    @Test
    void wake_of_unknown_device_is_404_and_a_refused_push_is_reported_in_the_wake_job() throws Exception {
        assertProblem(post("/devices/IMEI:ghost/wake", null), 404);
        String dev = "IMEI:nopush";
        post("/devices", newDevice(dev));
        // no push address registered: the bearer refuses, and the wake job says so (nothing is retried)
        Res r = post("/devices/" + dev + "/wake", "{\"uiMode\":\"BACKGROUND\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("state").asString()).isEqualTo("FAILED");
        assertThat(r.json().get("lastResult").asString()).contains("no WDP/UDP address");
        assertThat(r.json().get("sessionId").asString()).matches("[0-9A-F]{1,4}");
        String wakeId = r.json().get("wakeId").asString();

        // the operator polls what became of it: the Device's wake jobs, newest first, and the job itself
        Res history = get("/devices/" + dev + "/wake");
        assertThat(history.status()).as(history.body()).isEqualTo(200);
        assertThat(history.json().isArray()).isTrue();
        assertThat(history.json().get(0).get("wakeId").asString()).isEqualTo(wakeId);
        assertThat(history.json().get(0).get("state").asString()).isEqualTo("FAILED");
        Res one = get("/wakes/" + wakeId);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().get("deviceId").asString()).isEqualTo(dev);
        assertThat(one.json().get("lastResult").asString()).contains("no WDP/UDP address");
        assertProblem(get("/wakes/no-such-wake"), 404);
        assertProblem(get("/devices/IMEI:ghost/wake"), 404);
        String quiet = "IMEI:never-woken";
        post("/devices", newDevice(quiet));
        assertThat(get("/devices/" + quiet + "/wake").json().size()).isZero();

        String certOnly = "IMEI:no-srvcred";
        post("/devices", "{\"deviceId\":\"" + certOnly + "\",\"certificateRequired\":true}");
        assertProblem(post("/devices/" + certOnly + "/wake", null), 409);
        assertProblem(post("/devices/" + dev + "/wake", "{\"uiMode\":\"LOUD\"}"), 400);
    }

    @Test
    void bootstrap_with_an_unknown_template_group_is_a_400_and_nothing_is_prepared() throws Exception {
        Res r = post("/devices/IMEI:boot-9/bootstrap", "{\"template\":\"no-such-group\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(server.bootstrap().hasPending("IMEI:boot-9")).isFalse();
    }

    @Test
    void bootstrap_is_prepared_for_secure_delivery_and_never_returned() throws Exception {
        Res r = post("/devices/IMEI:boot-1/bootstrap", "{\"profile\":\"CP\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("profile").asString()).isEqualTo("CP");
        assertThat(r.json().get("fetchFrom").asString()).endsWith("/bootstrap");
        assertThat(r.json().has("smartcardImage")).isFalse();
        assertThat(server.bootstrap().hasPending("IMEI:boot-1")).isTrue();
        JsonNode dev = get("/devices/IMEI:boot-1").json();
        assertThat(dev.get("auth").get("clientSecretSet").asBoolean()).isTrue();
        assertProblem(post("/devices/IMEI:boot-2/bootstrap", "{\"profile\":\"SMS\"}"), 400);
    }

    @Test
    void smartcard_image_is_exported_as_an_attachment_and_every_export_is_audited() throws Exception {
        String dev = "IMEI:card-1";
        assertProblem(post("/devices/" + dev + "/bootstrap/card-image", null), 404);
        assertThat(post("/devices/" + dev + "/bootstrap", "{\"profile\":\"PLAIN\"}")
                        .status())
                .isEqualTo(201);
        Instant before = Instant.now().minusSeconds(1);
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(URI.create(server.apiUri() + "/devices/" + dev + "/bootstrap/card-image"))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(RestApi.CARD_IMAGE_MEDIA_TYPE);
        assertThat(r.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"IMEI_card-1.card-image\"");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        CardImage image = CardImage.decode(r.body());
        String contentType = new String(
                image.file(BootstrapCardLayout.FID_CONTENT_TYPE).orElseThrow().content(), StandardCharsets.US_ASCII);
        assertThat(contentType).isEqualTo("application/vnd.syncml.dm+wbxml");
        assertThat(image.file(BootstrapCardLayout.FID_BOOTSTRAP).orElseThrow().content())
                .isNotEmpty();

        JsonNode exports = get("/audit?decisionPoint=bootstrap.export&deviceId=" + enc(dev) + "&since="
                        + enc(before.toString()))
                .json();
        assertThat(exports).hasSize(1);
        assertThat(exports.get(0).get("verdict").asString()).isEqualTo("ACCEPT");
        assertThat(exports.get(0).get("channel").asString())
                .contains("admin API")
                .contains("127.0.0.1");
        // the audit names the export, never the secrets it carried
        assertThat(exports.get(0).toString()).doesNotContain("s3cret");

        assertThat(call("POST", "/devices/" + dev + "/bootstrap/card-image", null, null, null)
                        .status())
                .isEqualTo(401);
        assertProblem(post("/devices/" + dev + "/bootstrap/card-image", "{}"), 400);
        Res get = get("/devices/" + dev + "/bootstrap/card-image");
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST");
    }

    // ---- console

    @Test
    void console_is_served_with_a_self_only_content_security_policy() throws Exception {
        List<String> files = new ArrayList<>(List.of("", "index.html", "app.js", "api.js", "views.js", "dom.js"));
        files.add("console.css");
        for (String f : files) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(server.consoleUri() + f)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(f).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .startsWith("default-src 'self'");
            assertThat(r.body()).doesNotContain("http://").doesNotContain("https://");
        }
        HttpResponse<String> missing = http.send(
                HttpRequest.newBuilder(URI.create(server.consoleUri() + "../pki/ca.pem"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isIn(400, 404);
        HttpResponse<String> secret = http.send(
                HttpRequest.newBuilder(URI.create(server.consoleUri() + "api-token"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(secret.statusCode()).isEqualTo(404);
        assertThat(secret.body()).doesNotContain(token);
    }
}
