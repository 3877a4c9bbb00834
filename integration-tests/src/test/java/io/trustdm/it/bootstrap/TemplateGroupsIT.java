package io.trustdm.it.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.bootstrap.BootstrapProcessor;
import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.bootstrap.HttpsBootstrapSource;
import io.trustdm.client.session.SessionRunner;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Replace;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.server.DmServer;
import io.trustdm.server.config.ConfigKey;
import io.trustdm.server.config.ServerConfig;
import io.trustdm.server.memory.InMemoryRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bootstrap template groups end to end: the server is configured like {@code trustdm server --bootstrap-templates
 * FILE}; the operator prepares bootstraps over the REST API without naming a template; each Device fetches its
 * bootstrap over mutual TLS and gets its group's values (or the default's), and a fleet member then runs its first
 * Management Session with the HMAC account its group gave it.
 */
class TemplateGroupsIT {
    private static final String FLEET_DEV = "IMEI:490154203237518";
    private static final String PARTNER_DEV = "IMEI:490154203237526";
    private static final String OTHER_DEV = "IMEI:490154203237534";

    @TempDir
    Path dir;

    private DmServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void each_device_is_bootstrapped_from_its_group_and_a_fleet_member_then_manages_with_hmac() throws Exception {
        Path groups = dir.resolve("bootstrap-groups.conf");
        Files.writeString(groups, """
                # fleet: this server, but HMAC and its own display name
                group.fleet.server-name = Fleet DM
                group.fleet.device-auth = hmac
                group.fleet.members = %s

                # partner: another front end
                group.partner.server-id = dm.partner.example.com
                group.partner.server-name = Partner DM
                group.partner.address = https://dm.partner.example.com/dm
                group.partner.device-auth = basic
                group.partner.server-auth = none
                group.partner.members = %s
                """.formatted(FLEET_DEV, PARTNER_DEV));
        ServerConfig config = ServerConfig.load(
                Optional.empty(),
                Map.of("TRUSTDM_BOOTSTRAP_TEMPLATES", groups.toString()),
                Map.of(
                        ConfigKey.DATA_DIR, dir.resolve("data").toString(),
                        ConfigKey.PORT, "0",
                        ConfigKey.SERVER_ID, "trustdm.groups",
                        ConfigKey.DEVICE_AUTH, "md5"));
        InMemoryRegistry registry = new InMemoryRegistry();
        server = DmServer.builder().configure(config).start(registry);

        for (String dev : List.of(FLEET_DEV, PARTNER_DEV, OTHER_DEV)) {
            HttpResponse<String> r = post("/devices/" + dev + "/bootstrap", "{\"profile\":\"PLAIN\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }

        BootstrappedAccount fleet = fetch(FLEET_DEV);
        assertThat(fleet.serverId()).isEqualTo("trustdm.groups");
        assertThat(fleet.serverAddress()).isEqualTo(server.dmUri());
        assertThat(fleet.clientScheme()).isEqualTo(AuthScheme.HMAC);
        assertThat(fleet.serverScheme()).isEqualTo(AuthScheme.HMAC);
        assertThat(fleet.dmAccLeaves()).containsEntry("Name", "Fleet DM");

        BootstrappedAccount partner = fetch(PARTNER_DEV);
        assertThat(partner.serverId()).isEqualTo("dm.partner.example.com");
        assertThat(partner.serverAddress()).isEqualTo(URI.create("https://dm.partner.example.com/dm"));
        assertThat(partner.clientScheme()).isEqualTo(AuthScheme.BASIC);
        assertThat(partner.serverScheme()).isEqualTo(AuthScheme.TRANSPORT);
        assertThat(partner.dmAccLeaves()).containsEntry("Name", "Partner DM");

        BootstrappedAccount other = fetch(OTHER_DEV);
        assertThat(other.serverId()).as("not in a group: the default").isEqualTo("trustdm.groups");
        assertThat(other.clientScheme()).isEqualTo(AuthScheme.MD5);
        assertThat(other.dmAccLeaves()).containsEntry("Name", "TrustDM");

        // the server side agrees: the fleet member's account requires HMAC
        assertThat(registry.account(FLEET_DEV))
                .hasValueSatisfying(
                        a -> assertThat(a.security().requiredScheme()).isEqualTo(AuthScheme.HMAC));

        String job = registry.enqueue(
                FLEET_DEV,
                List.of(new Replace("0", false, null, null, List.of(Item.targetWithData("./Ext/Mode", null, "eco")))));
        Map<String, String> tree = new ConcurrentHashMap<>();
        SessionRunner.Outcome o = BootstrapServerFixture.firstSession(
                FLEET_DEV, fleet, server.ca().certificate(), tree);
        assertThat(o.abortedByServer()).isFalse();
        assertThat(tree).containsEntry("./Ext/Mode", "eco");
        assertThat(registry.completed(job))
                .hasValueSatisfying(j -> assertThat(j.results().get(0).status()).isEqualTo(200));
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        var ctx = TlsContexts.create(null, List.of(server.ca().certificate()));
        HttpClient http = HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(TlsContexts.clientParameters(ctx))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return http.send(
                HttpRequest.newBuilder(URI.create(server.apiUri() + path))
                        .header("Authorization", "Bearer " + server.apiToken().value())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private BootstrappedAccount fetch(String dev) throws Exception {
        var cert = server.ca().issueDevice(dev, Duration.ofDays(1));
        var source = new HttpsBootstrapSource(
                server.bootstrapUri(), cert, List.of(server.ca().certificate()));
        return new BootstrapProcessor(new BootstrapTransportPolicy(e -> {}), m -> Optional.empty())
                .process(source.fetch());
    }
}
