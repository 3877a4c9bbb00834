package io.trustdm.server.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.provisioning.ProvisioningWbxmlDecoder;
import io.trustdm.protocol.provisioning.W7Application;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.bootstrap.BootstrapKey;
import io.trustdm.security.bootstrap.BootstrapMac;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.transport.TransportSecurity;
import io.trustdm.server.auth.ServerCredentialScheme;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.http.DmHttpServer;
import io.trustdm.server.memory.InMemoryRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class BootstrapServiceTest {
    private static final String DEV = "IMEI:490154203237518";
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final BootstrapTemplate template = new BootstrapTemplate(
            "dm.example.com", "Example DM", URI.create("https://dm.example.com/dm"), AuthScheme.MD5);
    private final BootstrapService service =
            new BootstrapService(template, registry, new BootstrapTransportPolicy(registry), new SecureRandom());

    private static Map<String, Item> items(SyncMl m) {
        return ((Add) m.body().commands().get(0))
                .items().stream().collect(Collectors.toMap(i -> i.target().locUri(), i -> i));
    }

    @Test
    void plain_profile_is_a_wbxml_dm_package_adding_the_dm_account() {
        BootstrapPackage p = service.prepare(DEV, BootstrapProfile.PLAIN, null);
        assertThat(p.contentType()).isEqualTo("application/vnd.syncml.dm+wbxml");
        Map<String, Item> items = items(WbxmlDecoder.decode(p.body()));
        assertThat(items.get("./DMAcc/dmexamplecom/AppID").data().asText()).isEqualTo("w7");
        assertThat(items.get("./DMAcc/dmexamplecom/ServerID").data().asText()).isEqualTo("dm.example.com");
        assertThat(items.get("./DMAcc/dmexamplecom/AppAddr/1/Addr").data().asText())
                .isEqualTo("https://dm.example.com/dm");
        assertThat(items.get("./DMAcc/dmexamplecom/AppAuth/1/AAuthLevel").data().asText())
                .isEqualTo("CLCRED");
        assertThat(items.get("./DMAcc/dmexamplecom/AppAuth/2/AAuthLevel").data().asText())
                .isEqualTo("SRVCRED");
        assertThat(items.get("./DMAcc/dmexamplecom/AppAuth/1/AAuthData").data())
                .isInstanceOfSatisfying(
                        ItemData.Opaque.class, o -> assertThat(o.length()).isEqualTo(16));
        assertThat(registry.account(DEV)).isPresent();
        assertThat(registry.clientNonce(DEV).bytes())
                .isEqualTo(((ItemData.Opaque) items.get("./DMAcc/dmexamplecom/AppAuth/1/AAuthData")
                                .data())
                        .bytes());
    }

    @Test
    void bootstrap_provisions_srvcred_with_the_templates_server_scheme_on_both_ends() {
        for (ServerCredentialScheme server : ServerCredentialScheme.values()) {
            InMemoryRegistry r = new InMemoryRegistry();
            BootstrapService s = new BootstrapService(
                    new BootstrapTemplate(
                            "dm.example.com",
                            "Example DM",
                            URI.create("https://dm.example.com/dm"),
                            AuthScheme.BASIC,
                            server),
                    r,
                    new BootstrapTransportPolicy(r),
                    new SecureRandom());
            Map<String, Item> items = items(WbxmlDecoder.decode(
                    s.prepare(DEV, BootstrapProfile.PLAIN, null).body()));
            assertThat(items.get("./DMAcc/dmexamplecom/AppAuth/1/AAuthType")
                            .data()
                            .asText())
                    .isEqualTo("BASIC");
            assertThat(items.get("./DMAcc/dmexamplecom/AppAuth/2/AAuthType")
                            .data()
                            .asText())
                    .as("the Device's SRVCRED")
                    .isEqualTo(server.authScheme().aauthType());
            assertThat(r.account(DEV).orElseThrow().serverScheme())
                    .as("the server's account")
                    .isEqualTo(server);
        }
    }

    @Test
    void a_template_relying_on_the_tls_server_certificate_MUST_NOT_have_a_plain_http_address() {
        assertThatThrownBy(() -> new BootstrapTemplate(
                        "dm.example.com",
                        "Example DM",
                        URI.create("http://dm.example.com/dm"),
                        AuthScheme.HMAC,
                        ServerCredentialScheme.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not https");
        assertThat(new BootstrapTemplate(
                                "dm.example.com",
                                "Example DM",
                                URI.create("https://dm.example.com/dm"),
                                AuthScheme.BASIC)
                        .serverScheme())
                .as("default: SRVCRED DIGEST, as the documents gave before")
                .isEqualTo(ServerCredentialScheme.MD5);
    }

    @Test
    void cp_profile_is_a_w7_provisioning_document() {
        BootstrapPackage p = service.prepare(DEV, BootstrapProfile.CP, null);
        W7Application w7 =
                W7Application.findAll(ProvisioningWbxmlDecoder.decode(p.body())).get(0);
        assertThat(w7.providerId()).isEqualTo("dm.example.com");
        assertThat(w7.credentials()).hasSize(2);
        assertThat(w7.init()).isTrue();
    }

    @Test
    void secrets_are_per_device_and_never_derived_from_the_imei() {
        service.prepare(DEV, BootstrapProfile.PLAIN, null);
        service.prepare("IMEI:490154203237519", BootstrapProfile.PLAIN, null);
        var a = registry.account(DEV).orElseThrow();
        var b = registry.account("IMEI:490154203237519").orElseThrow();
        assertThat(a.clientKey().matches(b.clientKey())).isFalse();
        assertThat(a.serverKey().matches(b.serverKey()))
                .as("server secret differs per device")
                .isFalse();
        var again = new BootstrapService(
                        template, new InMemoryRegistry(), new BootstrapTransportPolicy(e -> {}), new SecureRandom())
                .prepare(DEV, BootstrapProfile.PLAIN, null);
        assertThat(again.body())
                .as("same device, new bootstrap, new secrets")
                .isNotEqualTo(service.prepare(DEV, BootstrapProfile.PLAIN, null).body());
    }

    @Test
    void bootstrap_MUST_be_sent_via_secure_transport() {
        service.prepare(DEV, BootstrapProfile.PLAIN, null);
        assertThat(service.deliver(DEV, TransportSecurity.plainHttp()).bootstrap())
                .isEmpty();
        assertThat(service.deliver(DEV, TransportSecurity.wapPushSms()).bootstrap())
                .isEmpty();
        assertThat(service.deliver(DEV, TransportSecurity.wdpUdp()).bootstrap()).isEmpty();
        assertThat(service.deliver(DEV, TransportSecurity.httpsMutualTls()).bootstrap())
                .isPresent();
        assertThat(registry.auditEvents())
                .filteredOn(e -> e.verdict() == io.trustdm.security.policy.Verdict.REFUSE)
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.reason()).contains("not a secure transport"));
    }

    @Test
    void transport_neutral_sec_mac_MAY_be_added_but_never_makes_wap_push_acceptable() {
        BootstrapKey key = BootstrapKey.userpin(Secret.ofUtf8("1234"));
        BootstrapPackage p = service.prepare(DEV, BootstrapProfile.PLAIN, key);
        assertThat(p.contentType()).contains("SEC=USERPIN").contains("MAC=" + p.macHex());
        assertThat(BootstrapMac.verify(key, p.body(), p.macHex())).isTrue();
        assertThat(service.deliver(DEV, TransportSecurity.wapPushSms()).bootstrap())
                .isEmpty();
    }

    @Test
    void https_bootstrap_endpoint_serves_the_device_identified_by_its_client_certificate_only() throws Exception {
        service.prepare(DEV, BootstrapProfile.PLAIN, null);
        CertificateAuthority ca = CertificateAuthority.generate("ca", Duration.ofDays(1));
        IssuedCertificate srv = ca.issueServer("s", List.of("localhost"), Duration.ofDays(1));
        IssuedCertificate dev = ca.issueDevice(DEV, Duration.ofDays(1));
        IssuedCertificate stranger = ca.issueDevice("IMEI:000000000000001", Duration.ofDays(1));
        try (DmHttpServer server = DmHttpServer.builder()
                .tls(TlsContexts.create(srv, List.of(ca.certificate())), ClientAuth.WANT)
                .handler(r -> {
                    throw new IllegalStateException("not a DM test");
                })
                .mount("/bootstrap", new BootstrapHttpHandler(service))
                .build()
                .start()) {
            URI uri = URI.create("https://localhost:" + server.port() + "/bootstrap");
            HttpResponse<byte[]> ok = get(uri, dev, ca);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("content-type")).hasValue("application/vnd.syncml.dm+wbxml");
            assertThat(WbxmlDecoder.decode(ok.body()).header().target().locUri())
                    .isEqualTo(DEV);

            assertThat(get(uri, null, ca).statusCode())
                    .as("no client certificate")
                    .isEqualTo(403);
            assertThat(get(uri, stranger, ca).statusCode()).as("another device").isEqualTo(404);
        }
    }

    private static HttpResponse<byte[]> get(URI uri, IssuedCertificate id, CertificateAuthority ca) throws Exception {
        SSLContext ctx = TlsContexts.create(id, List.of(ca.certificate()));
        HttpClient c = HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(TlsContexts.clientParameters(ctx))
                .build();
        return c.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void prepare_uses_the_devices_group_template_and_never_shares_secrets_within_the_group() {
        BootstrapTemplate fleet = new BootstrapTemplate(
                "fleet.example.com", "Fleet DM", URI.create("https://fleet.example.com/dm"), AuthScheme.HMAC);
        InMemoryRegistry reg = new InMemoryRegistry();
        BootstrapService grouped = new BootstrapService(
                BootstrapTemplates.of(template)
                        .withGroup("fleet", fleet)
                        .withMember(DEV, "fleet")
                        .withMember("IMEI:490154203237519", "fleet"),
                reg,
                new BootstrapTransportPolicy(reg),
                io.trustdm.security.policy.SecurityAuditSink.discard(),
                new SecureRandom());

        Map<String, Item> a = items(WbxmlDecoder.decode(
                grouped.prepare(DEV, BootstrapProfile.PLAIN, null).body()));
        Map<String, Item> b =
                items(WbxmlDecoder.decode(grouped.prepare("IMEI:490154203237519", BootstrapProfile.PLAIN, null)
                        .body()));
        Map<String, Item> other =
                items(WbxmlDecoder.decode(grouped.prepare("IMEI:490154203237520", BootstrapProfile.PLAIN, null)
                        .body()));

        assertThat(a.get("./DMAcc/fleetexamplecom/AppAddr/1/Addr").data().asText())
                .as("the group's server address")
                .isEqualTo("https://fleet.example.com/dm");
        assertThat(a.get("./DMAcc/fleetexamplecom/AppAuth/1/AAuthType").data().asText())
                .as("the group's auth scheme")
                .isEqualTo("HMAC");
        assertThat(reg.account(DEV).orElseThrow().security().requiredScheme()).isEqualTo(AuthScheme.HMAC);
        assertThat(other.get("./DMAcc/dmexamplecom/AppAddr/1/Addr").data().asText())
                .as("a device outside the group gets the default")
                .isEqualTo("https://dm.example.com/dm");
        var ka = reg.account(DEV).orElseThrow();
        var kb = reg.account("IMEI:490154203237519").orElseThrow();
        assertThat(ka.clientKey().matches(kb.clientKey()))
                .as("two devices of one group never share the client secret")
                .isFalse();
        assertThat(ka.serverKey().matches(kb.serverKey())).isFalse();
        assertThat(a.get("./DMAcc/fleetexamplecom/AppAuth/1/AAuthSecret").data().asText())
                .isNotEqualTo(b.get("./DMAcc/fleetexamplecom/AppAuth/1/AAuthSecret")
                        .data()
                        .asText());
    }

    @Test
    void prepare_with_a_named_group_uses_that_template_and_refuses_an_unknown_one() {
        BootstrapTemplate lab = new BootstrapTemplate(
                "lab.example.com", "Lab", URI.create("https://lab.example.com/dm"), AuthScheme.MD5);
        InMemoryRegistry reg = new InMemoryRegistry();
        BootstrapService grouped = new BootstrapService(
                BootstrapTemplates.of(template).withGroup("lab", lab),
                reg,
                new BootstrapTransportPolicy(reg),
                io.trustdm.security.policy.SecurityAuditSink.discard(),
                new SecureRandom());

        Map<String, Item> a = items(WbxmlDecoder.decode(
                grouped.prepare(DEV, BootstrapProfile.PLAIN, null, "lab").body()));

        assertThat(a.get("./DMAcc/labexamplecom/ServerID").data().asText()).isEqualTo("lab.example.com");
        assertThatThrownBy(() -> grouped.prepare("IMEI:490154203237519", BootstrapProfile.PLAIN, null, "nope"))
                .isInstanceOf(BootstrapTemplates.UnknownTemplateGroupException.class);
        assertThat(reg.account("IMEI:490154203237519"))
                .as("nothing provisioned for a refused bootstrap")
                .isEmpty();
    }
}
