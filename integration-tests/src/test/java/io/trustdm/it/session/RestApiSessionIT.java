package io.trustdm.it.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.client.security.ClientAccount;
import io.trustdm.client.security.NonceStore;
import io.trustdm.client.security.PolicyClientAuthenticator;
import io.trustdm.client.session.CommandProcessor;
import io.trustdm.client.session.ManagementSession;
import io.trustdm.client.session.SessionConfig;
import io.trustdm.client.session.SessionException;
import io.trustdm.client.session.SessionRunner;
import io.trustdm.client.session.UserInteraction;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.server.DmServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A device registered through the REST API authenticates with exactly those credentials in a real MD5 session over
 * TLS; the job queued through the API is delivered and its result, the device's last session and the tree values
 * come back through the API. A wrong password gets no job, and the refusal is in the audit log.
 */
class RestApiSessionIT {
    private static final String DEV = "IMEI:490154203230001";
    private static final String SERVER_ID = "trustdm.rest";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path data;

    private DmServer server;
    private HttpClient http;

    private final Credentials deviceCreds = Credentials.of("device-rest", "device-secret-0123456789".toCharArray());
    private final Credentials serverCreds = Credentials.of(SERVER_ID, "server-secret-9876543210".toCharArray());

    @BeforeEach
    void start() throws Exception {
        server = DmServer.start(data, "127.0.0.1", 0, SERVER_ID, AuthScheme.MD5);
        var ctx = TlsContexts.create(null, List.of(server.ca().certificate()));
        http = HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(TlsContexts.clientParameters(ctx))
                .build();
        HttpResponse<String> created = api("POST", "/devices", """
                {"deviceId":"%s","authScheme":"MD5","username":"device-rest","password":"device-secret-0123456789",
                 "serverUsername":"trustdm.rest","serverPassword":"server-secret-9876543210"}""".formatted(DEV));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private HttpResponse<String> api(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.apiUri() + path))
                .header("Authorization", "Bearer " + server.apiToken().value())
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = api("GET", path, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private final CommandProcessor processor = (c, ctx) -> {
        List<Command> out = new ArrayList<>();
        if (c instanceof Get g) {
            out.add(Status.of("0", ctx.msgId(), c.cmdId(), "Get", 200));
            out.add(new Results(
                    "0",
                    ctx.msgId(),
                    c.cmdId(),
                    null,
                    null,
                    null,
                    List.of(Item.sourceWithData(g.items().get(0).target().locUri(), null, "Acme"))));
        } else {
            out.add(Status.of("0", ctx.msgId(), c.cmdId(), c.name(), 200));
        }
        return out;
    };

    private void runDevice(Credentials creds) throws Exception {
        URI uri = server.dmUri();
        try (HttpDmTransport t = HttpDmTransport.builder()
                .trustAnchors(List.of(server.ca().certificate()))
                .build()) {
            PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                    new ClientAccount(
                            SERVER_ID, AccountSecurity.of(SERVER_ID, AuthScheme.MD5, true), creds, serverCreds),
                    NonceStore.inMemory(null, null),
                    new MessageSecurityPolicy(e -> {}),
                    uri);
            ManagementSession s = new ManagementSession(
                    new SessionConfig(DEV, uri.toString(), SERVER_ID, creds.username(), Encoding.XML, 16_384, 100_000),
                    processor,
                    auth,
                    UserInteraction.NONE,
                    SyncMlCodec.defaults());
            SyncMl p1 = s.start(
                    1201,
                    "3C",
                    List.of(
                            Item.sourceWithData("./DevInfo/DevId", null, DEV),
                            Item.sourceWithData("./DevInfo/Mod", null, "Rest-1")),
                    List.of());
            new SessionRunner(t, SyncMlCodec.defaults(), 20).run(s, p1, auth, auth);
        }
    }

    @Test
    void device_registered_through_the_api_authenticates_and_its_job_result_comes_back_through_the_api()
            throws Exception {
        HttpResponse<String> job = api(
                "POST",
                "/devices/" + DEV + "/jobs",
                "{\"operations\":[{\"op\":\"Get\",\"target\":\"./DevInfo/Man\"}]}");
        assertThat(job.statusCode()).as(job.body()).isEqualTo(201);
        String jobId = JSON.readTree(job.body()).get("jobId").asString();

        runDevice(deviceCreds);

        JsonNode done = getJson("/jobs/" + jobId);
        assertThat(done.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(done.get("succeeded").asBoolean()).isTrue();
        assertThat(done.get("outcomes").get(0).get("status").asInt()).isEqualTo(200);
        assertThat(done.get("outcomes")
                        .get(0)
                        .get("results")
                        .get(0)
                        .get("value")
                        .asString())
                .isEqualTo("Acme");
        JsonNode device = getJson("/devices/" + DEV);
        assertThat(device.get("lastOutcome").asString()).isEqualTo("COMPLETED");
        assertThat(device.get("devInfo").get("Mod").asString()).isEqualTo("Rest-1");
        JsonNode devInfo =
                getJson("/devices/" + DEV + "/tree?path=" + URLEncoder.encode("./DevInfo", StandardCharsets.UTF_8));
        assertThat(devInfo.findValuesAsString("path")).contains("./DevInfo/Man", "./DevInfo/Mod");
    }

    @Test
    void wrong_password_gets_no_job_and_the_refusal_is_in_the_audit_log() throws Exception {
        HttpResponse<String> job = api(
                "POST",
                "/devices/" + DEV + "/jobs",
                "{\"operations\":[{\"op\":\"Get\",\"target\":\"./DevInfo/Man\"}]}");
        String jobId = JSON.readTree(job.body()).get("jobId").asString();

        Credentials wrong = Credentials.of("device-rest", "guess".toCharArray());
        assertThatThrownBy(() -> runDevice(wrong)).isInstanceOf(SessionException.class);

        assertThat(getJson("/jobs/" + jobId).get("state").asString()).isEqualTo("QUEUED");
        // nothing the device sent was accepted: no DevInfo stored
        assertThat(getJson("/devices/" + DEV).get("devInfo").isEmpty()).isTrue();
        JsonNode refused = getJson("/audit?deviceId=" + DEV + "&decisionPoint=message.inbound&verdict=CHALLENGE");
        assertThat(refused).isNotEmpty();
        assertThat(refused.findValuesAsString("reason"))
                .anySatisfy(r -> assertThat(r).contains("MD5 digest does not match"));
        assertThat(getJson("/audit?deviceId=" + DEV + "&verdict=ACCEPT&decisionPoint=message.inbound"))
                .isEmpty();
    }
}
