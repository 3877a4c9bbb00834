package io.trustdm.it.obex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.client.DeviceAgent;
import io.trustdm.client.bootstrap.ObexBootstrapSource;
import io.trustdm.client.security.ClientAccount;
import io.trustdm.client.security.NonceStore;
import io.trustdm.client.security.PolicyClientAuthenticator;
import io.trustdm.client.session.CommandProcessor;
import io.trustdm.client.session.ManagementSession;
import io.trustdm.client.session.SessionConfig;
import io.trustdm.client.session.SessionRunner;
import io.trustdm.client.session.UserInteraction;
import io.trustdm.client.transport.DmExchange;
import io.trustdm.client.transport.DmReply;
import io.trustdm.client.transport.DmTransport;
import io.trustdm.client.transport.DmTransportException;
import io.trustdm.client.transport.ObexDmTransport;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.pki.DevelopmentPki;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.security.transport.ChannelKind;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.auth.PolicyAuthenticator;
import io.trustdm.server.bootstrap.BootstrapProfile;
import io.trustdm.server.bootstrap.BootstrapService;
import io.trustdm.server.bootstrap.BootstrapTemplate;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.http.DmHttpRequest;
import io.trustdm.server.http.DmHttpResponse;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.obex.ObexDmServer;
import io.trustdm.server.session.ServerSessionEngine;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Full DM sessions between our device and our server over the OBEX binding: OBEX over TLS with mutual TLS from the
 * development PKI (a Secure Transport, so neither HMAC nor a challenge round is needed), and OBEX over plain TCP,
 * where DM Security §5.3 makes the x-syncml-hmac mandatory on every message in both directions.
 */
class ObexSessionIT {
    private static final String DEV = "IMEI:353918050000042";
    private static final String SERVER_ID = "dm.obex.test";

    /** One development PKI per class: generating its keys is the slow part of these tests. */
    @TempDir
    static Path dataDir;

    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final List<DmHttpRequest> requests = new CopyOnWriteArrayList<>();
    private final List<DmHttpResponse> responses = new CopyOnWriteArrayList<>();
    private DevelopmentPki pki;
    private IssuedCertificate deviceCert;
    private ServerSessionEngine engine;
    private BootstrapService bootstrap;
    private ObexDmServer tlsServer;
    private ObexDmServer tcpServer;

    @BeforeEach
    void start() throws Exception {
        int tlsPort;
        try (ServerSocket s = new ServerSocket(0)) {
            tlsPort = s.getLocalPort();
        }
        pki = DevelopmentPki.loadOrCreate(dataDir, List.of("localhost", "127.0.0.1"));
        deviceCert = pki.ca().issueDevice(DEV, Duration.ofDays(1));
        bootstrap = new BootstrapService(
                new BootstrapTemplate(
                        SERVER_ID, "TrustDM OBEX", URI.create("obexs://localhost:" + tlsPort), AuthScheme.MD5),
                registry,
                new BootstrapTransportPolicy(registry),
                new SecureRandom());
        engine = new ServerSessionEngine(
                SyncMlCodec.defaults(),
                "obexs://localhost:" + tlsPort,
                registry,
                registry,
                (d, s, first) -> new PolicyAuthenticator(
                        registry.account(d).orElseThrow(), registry, new MessageSecurityPolicy(registry)),
                Duration.ofMinutes(5));
        tlsServer = ObexDmServer.builder()
                .port(tlsPort)
                .tls(TlsContexts.create(pki.server(), List.of(pki.ca().certificate())), ClientAuth.WANT)
                .handler(this::recorded)
                .bootstrap(bootstrap)
                .build()
                .start();
        tcpServer = ObexDmServer.builder()
                .plainTcp()
                .handler(this::recorded)
                .bootstrap(bootstrap)
                .build()
                .start();
    }

    private DmHttpResponse recorded(DmHttpRequest req) {
        requests.add(req);
        DmHttpResponse r = engine.handle(req);
        responses.add(r);
        return r;
    }

    @AfterEach
    void stop() throws Exception {
        tlsServer.close();
        tcpServer.close();
    }

    private DeviceAgent agent(IssuedCertificate cert, Encoding enc) {
        DeviceAgent.Builder b = DeviceAgent.builder(DEV)
                .manufacturer("Acme")
                .model("Sensor-OBEX")
                .trustAnchors(List.of(pki.ca().certificate()))
                .encoding(enc);
        if (cert != null) {
            b.certificate(cert);
        }
        return b.build();
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void device_bootstraps_over_obex_tls_then_runs_a_full_session_over_obex_tls_with_mutual_tls(Encoding enc)
            throws Exception {
        bootstrap.prepare(DEV, BootstrapProfile.PLAIN, null);
        String job = registry.enqueue(
                DEV,
                List.of(
                        new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man"))),
                        new Replace(
                                "0",
                                false,
                                null,
                                null,
                                List.of(Item.targetWithData("./DevInfo/Mod", null, "Sensor-OBEX")))));
        try (DeviceAgent device = agent(deviceCert, enc)) {
            device.bootstrap(
                    new ObexBootstrapSource(
                            URI.create("obexs://localhost:" + tlsServer.port()),
                            deviceCert,
                            List.of(pki.ca().certificate())),
                    m -> Optional.empty());
            assertThat(device.account())
                    .hasValueSatisfying(
                            a -> assertThat(a.serverAddress().getScheme()).isEqualTo("obexs"));

            DeviceAgent.SessionReport report = device.runSession();

            assertThat(report.abortedByServer()).isFalse();
        }
        assertThat(registry.completed(job)).hasValueSatisfying(j -> {
            assertThat(j.results().get(0).status()).isEqualTo(200);
            assertThat(j.results().get(0).results())
                    .extracting(i -> i.data().asText())
                    .containsExactly("Acme");
        });
        assertThat(requests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.channel()).isEqualTo(ChannelKind.OBEX_TLS);
            assertThat(r.peerCertificates()).as("mutual TLS").isNotEmpty();
            assertThat(r.hmacHeader()).as("a Secure Transport needs no HMAC").isNull();
            assertThat(r.encoding()).isEqualTo(enc);
        });
        assertThat(tcpServer.exchanges()).isZero();
        assertThat(registry.auditEvents())
                .anySatisfy(
                        e -> assertThat(e.channel()).contains("OBEX over TLS").contains("mutual TLS"));
    }

    // ---- OBEX over plain TCP: HMAC on every message -------------------------------------------------------------

    private final Credentials deviceCreds = Credentials.of("device-obex", "device-secret-0123456789".toCharArray());
    private final Credentials serverCreds = Credentials.of(SERVER_ID, "per-device-server-secret-42".toCharArray());

    private final CommandProcessor processor = (c, ctx) -> {
        List<Command> out = new ArrayList<>();
        out.add(Status.of("0", ctx.msgId(), c.cmdId(), c.name(), 200));
        if (c instanceof Get g) {
            out.add(new Results(
                    "0",
                    ctx.msgId(),
                    c.cmdId(),
                    null,
                    null,
                    null,
                    List.of(Item.sourceWithData(g.items().get(0).target().locUri(), null, "Acme"))));
        }
        return out;
    };

    private SessionRunner.Outcome runOverTcp(NonceStore nonces, UnaryOperator<byte[]> tamper, List<DmReply> replies)
            throws Exception {
        URI uri = tcpServer.uri();
        try (ObexDmTransport obex = ObexDmTransport.builder().allowPlainTcp().build()) {
            DmTransport transport = ex -> {
                DmReply r = obex.exchange(
                        new DmExchange(ex.target(), tamper.apply(ex.body()), ex.encoding(), ex.hmacHeader()));
                replies.add(r);
                return r;
            };
            PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                    new ClientAccount(
                            SERVER_ID, AccountSecurity.of(SERVER_ID, AuthScheme.HMAC, false), deviceCreds, serverCreds),
                    nonces,
                    new MessageSecurityPolicy(e -> {}),
                    uri);
            ManagementSession s = new ManagementSession(
                    new SessionConfig(
                            DEV, uri.toString(), SERVER_ID, deviceCreds.username(), Encoding.WBXML, 16_384, 100_000),
                    processor,
                    auth,
                    UserInteraction.NONE,
                    SyncMlCodec.defaults());
            SyncMl p1 = s.start(1201, "2C", List.of(Item.sourceWithData("./DevInfo/DevId", null, DEV)), List.of());
            SessionRunner.Outcome o = new SessionRunner(transport, SyncMlCodec.defaults(), 20).run(s, p1, auth, auth);
            assertThat(auth.transport().kind()).isEqualTo(ChannelKind.OBEX_TCP);
            assertThat(auth.transport().providesAuthenticationAndIntegrity()).isFalse();
            return o;
        }
    }

    private void registerHmacAccount(Nonce cn, Nonce sn) {
        registry.register(
                new DeviceAccount(
                        DEV,
                        AccountSecurity.of(DEV, AuthScheme.HMAC, false),
                        false,
                        deviceCreds.username(),
                        deviceCreds.digestKey(),
                        serverCreds.username(),
                        serverCreds.digestKey()),
                cn,
                sn);
    }

    @Test
    void transport_neutral_integrity_MUST_be_used_on_every_message_over_obex_tcp() throws Exception {
        Nonce cn = Nonce.random();
        Nonce sn = Nonce.random();
        registerHmacAccount(cn, sn);
        String job =
                registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        List<DmReply> replies = new ArrayList<>();

        runOverTcp(NonceStore.inMemory(cn, sn), b -> b, replies);

        assertThat(registry.completed(job))
                .hasValueSatisfying(j -> assertThat(j.results().get(0).status()).isEqualTo(200));
        assertThat(requests).hasSizeGreaterThanOrEqualTo(2).allSatisfy(r -> {
            assertThat(r.channel()).isEqualTo(ChannelKind.OBEX_TCP);
            assertThat(r.isTls()).isFalse();
            assertThat(r.hmacHeader())
                    .as("every device message carries x-syncml-hmac")
                    .isNotNull();
        });
        assertThat(responses)
                .allSatisfy(r -> assertThat(r.hmacHeader())
                        .as("every server message carries x-syncml-hmac")
                        .isNotNull());
        assertThat(replies).allSatisfy(r -> {
            assertThat(r.channel()).isEqualTo(ChannelKind.OBEX_TCP);
            assertThat(r.hmacHeader())
                    .as("the HMAC came back through the OBEX HTTP header")
                    .isNotNull();
        });
        assertThat(tlsServer.exchanges()).isZero();
    }

    @Test
    void a_message_modified_on_the_obex_tcp_link_is_rejected_and_nothing_is_executed() throws Exception {
        Nonce cn = Nonce.random();
        Nonce sn = Nonce.random();
        registerHmacAccount(cn, sn);
        String job =
                registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        assertThatThrownBy(() -> runOverTcp(
                        NonceStore.inMemory(cn, sn),
                        b -> {
                            byte[] copy = b.clone();
                            copy[copy.length - 3] ^= 0x01;
                            return copy;
                        },
                        new ArrayList<>()))
                .isInstanceOfAny(
                        io.trustdm.client.session.SessionException.class,
                        io.trustdm.protocol.codec.SyncMlFormatException.class,
                        DmTransportException.class);
        assertThat(registry.completed(job)).isEmpty();
        assertThat(registry.queuedCount(DEV)).isEqualTo(1);
    }

    @Test
    void plain_obex_is_refused_by_the_device_unless_explicitly_allowed() {
        ObexDmTransport strict = ObexDmTransport.builder()
                .trustAnchors(List.of(pki.ca().certificate()))
                .build();
        assertThatThrownBy(() -> strict.exchange(new DmExchange(tcpServer.uri(), new byte[] {1}, Encoding.WBXML, null)))
                .isInstanceOf(DmTransportException.class)
                .hasMessageContaining("refusing OBEX over plain TCP");
        assertThat(tcpServer.exchanges()).isZero();
    }

    @Test
    void obex_tls_with_a_server_certificate_from_another_ca_fails_before_any_dm_byte() throws Exception {
        var otherCa = io.trustdm.security.pki.CertificateAuthority.generate("other", Duration.ofDays(1));
        ObexDmTransport t = ObexDmTransport.builder()
                .trustAnchors(List.of(otherCa.certificate()))
                .clientCertificate(deviceCert)
                .build();
        assertThatThrownBy(() -> t.exchange(new DmExchange(
                        URI.create("obexs://localhost:" + tlsServer.port()), new byte[] {1}, Encoding.WBXML, null)))
                .isInstanceOf(DmTransportException.class);
        assertThat(tlsServer.exchanges()).isZero();
    }
}
