package io.trustdm.it.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.client.bootstrap.BootstrapDelivery;
import io.trustdm.client.bootstrap.BootstrapProcessor;
import io.trustdm.client.bootstrap.BootstrapRefusedException;
import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.bootstrap.HttpsBootstrapSource;
import io.trustdm.client.security.ClientAccount;
import io.trustdm.client.security.NonceStore;
import io.trustdm.client.security.PolicyClientAuthenticator;
import io.trustdm.client.session.CommandProcessor;
import io.trustdm.client.session.ManagementSession;
import io.trustdm.client.session.SessionConfig;
import io.trustdm.client.session.SessionRunner;
import io.trustdm.client.session.UserInteraction;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Status;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.bootstrap.BootstrapKey;
import io.trustdm.security.bootstrap.SecurityMethod;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.security.transport.TransportSecurity;
import io.trustdm.server.auth.PolicyAuthenticator;
import io.trustdm.server.bootstrap.BootstrapHttpHandler;
import io.trustdm.server.bootstrap.BootstrapPackage;
import io.trustdm.server.bootstrap.BootstrapProfile;
import io.trustdm.server.bootstrap.BootstrapService;
import io.trustdm.server.bootstrap.BootstrapTemplate;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.http.DmHttpServer;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.session.ServerSessionEngine;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Device fetches its bootstrap over mutual TLS, applies it, and runs its first session with the new account. */
class SecureBootstrapIT {
    private static final String DEV = "IMEI:353918050000017";

    private final InMemoryRegistry registry = new InMemoryRegistry();
    private CertificateAuthority ca;
    private IssuedCertificate deviceCert;
    private DmHttpServer server;
    private BootstrapService bootstrap;
    private final Map<String, String> tree = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ca = CertificateAuthority.generate("IT CA", Duration.ofDays(1));
        deviceCert = ca.issueDevice(DEV, Duration.ofDays(1));
        IssuedCertificate srv = ca.issueServer("srv", List.of("localhost"), Duration.ofDays(1));
        bootstrap = new BootstrapService(
                new BootstrapTemplate(
                        "dm.trustdm.test",
                        "TrustDM test",
                        URI.create("https://localhost:" + port + "/dm"),
                        AuthScheme.MD5),
                registry,
                new BootstrapTransportPolicy(registry),
                new SecureRandom());
        ServerSessionEngine engine = new ServerSessionEngine(
                SyncMlCodec.defaults(),
                "https://localhost:" + port + "/dm",
                registry,
                registry,
                (d, s, first) -> new PolicyAuthenticator(
                        registry.account(d).orElseThrow(), registry, new MessageSecurityPolicy(registry)),
                Duration.ofMinutes(5));
        server = DmHttpServer.builder()
                .port(port)
                .tls(TlsContexts.create(srv, List.of(ca.certificate())), ClientAuth.WANT)
                .handler(engine)
                .mount("/bootstrap", new BootstrapHttpHandler(bootstrap))
                .build()
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private final CommandProcessor processor = (c, ctx) -> {
        List<Command> out = new ArrayList<>();
        if (c instanceof Replace r) {
            r.items().forEach(i -> tree.put(i.target().locUri(), i.data().asText()));
        }
        out.add(Status.of("0", ctx.msgId(), c.cmdId(), c.name(), 200));
        return out;
    };

    private BootstrappedAccount fetchAndApply() throws Exception {
        HttpsBootstrapSource source = new HttpsBootstrapSource(
                URI.create("https://localhost:" + server.port() + "/bootstrap"), deviceCert, List.of(ca.certificate()));
        BootstrapProcessor processor =
                new BootstrapProcessor(new BootstrapTransportPolicy(e -> {}), m -> Optional.empty());
        return processor.process(source.fetch());
    }

    @ParameterizedTest
    @EnumSource(BootstrapProfile.class)
    void device_bootstraps_over_mutual_tls_then_its_first_session_uses_the_new_account(BootstrapProfile profile)
            throws Exception {
        bootstrap.prepare(DEV, profile, null);
        String job = registry.enqueue(
                DEV,
                List.of(new Replace("0", false, null, null, List.of(Item.targetWithData("./Ext/Mode", null, "eco")))));

        BootstrappedAccount acc = fetchAndApply();
        assertThat(acc.serverId()).isEqualTo("dm.trustdm.test");
        assertThat(acc.clientScheme()).isEqualTo(AuthScheme.MD5);

        URI dm = acc.serverAddress();
        PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                new ClientAccount(
                        acc.serverId(),
                        AccountSecurity.of(acc.serverId(), acc.clientScheme(), true),
                        acc.client(),
                        acc.server()),
                NonceStore.inMemory(acc.clientNonce(), acc.serverNonce()),
                new MessageSecurityPolicy(e -> {}),
                dm);
        try (HttpDmTransport t = HttpDmTransport.builder()
                .trustAnchors(List.of(ca.certificate()))
                .build()) {
            ManagementSession s = new ManagementSession(
                    new SessionConfig(
                            DEV,
                            dm.toString(),
                            acc.serverId(),
                            acc.client().username(),
                            Encoding.WBXML,
                            16_384,
                            100_000),
                    processor,
                    auth,
                    UserInteraction.NONE,
                    SyncMlCodec.defaults());
            var p1 = s.start(1201, "1", List.of(Item.sourceWithData("./DevInfo/DevId", null, DEV)), List.of());
            SessionRunner.Outcome o = new SessionRunner(t, SyncMlCodec.defaults(), 20).run(s, p1, auth, auth);
            assertThat(o.messagesSent())
                    .as("no challenge round trip: the bootstrap gave the nonces")
                    .isEqualTo(2);
        }
        assertThat(registry.completed(job))
                .hasValueSatisfying(j -> assertThat(j.results().get(0).status()).isEqualTo(200));
        assertThat(tree).containsEntry("./Ext/Mode", "eco");
    }

    @Test
    void bootstrap_endpoint_refuses_a_device_without_its_certificate() {
        bootstrap.prepare(DEV, BootstrapProfile.PLAIN, null);
        HttpsBootstrapSource anonymous = new HttpsBootstrapSource(
                URI.create("https://localhost:" + server.port() + "/bootstrap"), null, List.of(ca.certificate()));
        assertThatThrownBy(anonymous::fetch).hasMessageContaining("403");
    }

    @Test
    void device_refuses_a_bootstrap_pushed_over_sms_even_with_a_valid_sec_mac() {
        BootstrapKey pin = BootstrapKey.userpin(Secret.ofUtf8("2468"));
        BootstrapPackage p = bootstrap.prepare(DEV, BootstrapProfile.PLAIN, pin);
        BootstrapProcessor processor = new BootstrapProcessor(
                new BootstrapTransportPolicy(e -> {}),
                m -> m == SecurityMethod.USERPIN ? Optional.of(pin) : Optional.empty());
        BootstrapDelivery viaSms =
                new BootstrapDelivery(p.body(), p.contentType(), TransportSecurity.wapPushSms(), "SMS from +491234");
        assertThatThrownBy(() -> processor.process(viaSms))
                .isInstanceOf(BootstrapRefusedException.class)
                .hasMessageContaining("does not replace a secure transport");
    }
}
