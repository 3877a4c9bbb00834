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
import io.trustdm.client.transport.DmExchange;
import io.trustdm.client.transport.DmTransport;
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
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.auth.PolicyAuthenticator;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.http.DmHttpRequest;
import io.trustdm.server.http.DmHttpResponse;
import io.trustdm.server.http.DmHttpServer;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.session.ServerSessionEngine;
import io.trustdm.server.session.SessionOutcome;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DM Security §5.3 as the change request words it, end to end between our client and our server: transport
 * security when the transport has it; x-syncml-hmac on every message in both directions when it has not.
 */
class MessageSecurityIT {
    private static final String DEV = "IMEI:490154203237518";
    private static final String SERVER_ID = "dm.example.com";

    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final MessageSecurityPolicy serverPolicy = new MessageSecurityPolicy(registry);
    private final List<DmHttpRequest> requests = new CopyOnWriteArrayList<>();
    private final List<DmHttpResponse> responses = new CopyOnWriteArrayList<>();
    private DmHttpServer server;
    private CertificateAuthority ca;

    private final Credentials deviceCreds = Credentials.of("device-42", "device-secret-0123456789".toCharArray());
    private final Credentials serverCreds = Credentials.of(SERVER_ID, "per-device-server-secret-42".toCharArray());

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
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

    private void startServer(boolean tls, AuthScheme required, Nonce clientNonce, Nonce serverNonce) throws Exception {
        registry.register(
                new DeviceAccount(
                        DEV,
                        AccountSecurity.of(DEV, required, false),
                        false,
                        deviceCreds.username(),
                        deviceCreds.digestKey(),
                        serverCreds.username(),
                        serverCreds.digestKey()),
                clientNonce,
                serverNonce);
        ServerSessionEngine engine = new ServerSessionEngine(
                SyncMlCodec.defaults(),
                "dm-server",
                registry,
                registry,
                (deviceId, sessionId, first) ->
                        new PolicyAuthenticator(registry.account(deviceId).orElseThrow(), registry, serverPolicy),
                Duration.ofMinutes(5));
        DmHttpServer.Builder b = DmHttpServer.builder().handler(req -> {
            requests.add(req);
            DmHttpResponse r = engine.handle(req);
            responses.add(r);
            return r;
        });
        if (tls) {
            ca = CertificateAuthority.generate("IT CA", Duration.ofDays(1));
            IssuedCertificate cert = ca.issueServer("srv", List.of("localhost"), Duration.ofDays(1));
            b.tls(TlsContexts.create(cert, List.of()), ClientAuth.NONE);
        } else {
            b.plainHttp();
        }
        server = b.build().start();
    }

    private SessionRunner.Outcome runDevice(
            AuthScheme required, Credentials creds, NonceStore nonces, java.util.function.UnaryOperator<byte[]> tamper)
            throws Exception {
        URI uri = URI.create((server.isTls() ? "https://localhost:" : "http://127.0.0.1:") + server.port() + "/dm");
        HttpDmTransport.Builder tb = HttpDmTransport.builder();
        if (server.isTls()) {
            tb.trustAnchors(List.of(ca.certificate()));
        } else {
            tb.allowPlainHttp();
        }
        HttpDmTransport http = tb.build();
        DmTransport transport = ex ->
                http.exchange(new DmExchange(ex.target(), tamper.apply(ex.body()), ex.encoding(), ex.hmacHeader()));
        PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                new ClientAccount(SERVER_ID, AccountSecurity.of(SERVER_ID, required, false), creds, serverCreds),
                nonces,
                new MessageSecurityPolicy(e -> {}),
                uri);
        ManagementSession s = new ManagementSession(
                new SessionConfig(DEV, uri.toString(), SERVER_ID, creds.username(), Encoding.WBXML, 16_384, 100_000),
                processor,
                auth,
                UserInteraction.NONE,
                SyncMlCodec.defaults());
        SyncMl p1 = s.start(1201, "2B", List.of(Item.sourceWithData("./DevInfo/DevId", null, DEV)), List.of());
        return new SessionRunner(transport, SyncMlCodec.defaults(), 20).run(s, p1, auth, auth);
    }

    @Test
    void transport_neutral_integrity_MUST_be_used_when_transport_lacks_authentication_and_integrity() throws Exception {
        Nonce cn = Nonce.random();
        Nonce sn = Nonce.random();
        startServer(false, AuthScheme.HMAC, cn, sn);
        String job =
                registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));

        runDevice(AuthScheme.HMAC, deviceCreds, NonceStore.inMemory(cn, sn), b -> b);

        assertThat(registry.completed(job))
                .hasValueSatisfying(j -> assertThat(j.results().get(0).status()).isEqualTo(200));
        assertThat(requests)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(r -> assertThat(r.hmacHeader())
                        .as("every device message carries x-syncml-hmac")
                        .isNotNull());
        assertThat(responses)
                .allSatisfy(r -> assertThat(r.hmacHeader())
                        .as("every server message carries x-syncml-hmac")
                        .isNotNull());
        assertThat(registry.clientNonce(DEV)).as("a new nonce every message").isNotEqualTo(cn);
    }

    @Test
    void a_message_modified_in_transit_is_rejected_and_nothing_is_delivered() throws Exception {
        Nonce cn = Nonce.random();
        Nonce sn = Nonce.random();
        startServer(false, AuthScheme.HMAC, cn, sn);
        String job =
                registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        // The attacker rewrites one byte of every message after the Device signed it.
        assertThatThrownBy(() -> runDevice(AuthScheme.HMAC, deviceCreds, NonceStore.inMemory(cn, sn), b -> {
                    byte[] copy = b.clone();
                    copy[copy.length - 3] ^= 0x01;
                    return copy;
                }))
                .isInstanceOfAny(
                        SessionException.class,
                        io.trustdm.protocol.codec.SyncMlFormatException.class,
                        io.trustdm.client.transport.DmTransportException.class);
        assertThat(registry.completed(job)).isEmpty();
        assertThat(registry.auditEvents()).isNotEmpty();
    }

    @Test
    void a_device_without_the_hmac_key_gets_no_management_over_plain_http() throws Exception {
        Nonce cn = Nonce.random();
        Nonce sn = Nonce.random();
        startServer(false, AuthScheme.HMAC, cn, sn);
        String job =
                registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        Credentials wrong = Credentials.of("device-42", "not-the-secret".toCharArray());
        assertThatThrownBy(() -> runDevice(AuthScheme.HMAC, wrong, NonceStore.inMemory(cn, sn), b -> b))
                .isInstanceOf(SessionException.class);
        assertThat(registry.completed(job)).isEmpty();
    }

    @Test
    void transport_authentication_and_integrity_MUST_be_used_when_available_md5_then_authenticates_the_device()
            throws Exception {
        startServer(true, AuthScheme.MD5, null, Nonce.random());
        String job =
                registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        // The Device holds no nonce yet: the server challenges (407) with one, the Device answers with MD5.
        runDevice(AuthScheme.MD5, deviceCreds, NonceStore.inMemory(null, null), b -> b);
        assertThat(registry.completed(job))
                .hasValueSatisfying(j -> assertThat(j.results().get(0).status()).isEqualTo(200));
        assertThat(requests).allSatisfy(r -> assertThat(r.isTls()).isTrue());
        assertThat(registry.sessions())
                .last()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(SessionOutcome.COMPLETED));
    }

    @Test
    void wrong_md5_password_never_gets_a_job() throws Exception {
        startServer(true, AuthScheme.MD5, null, Nonce.random());
        String job =
                registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        Credentials wrong = Credentials.of("device-42", "guess".toCharArray());
        assertThatThrownBy(() -> runDevice(AuthScheme.MD5, wrong, NonceStore.inMemory(null, null), b -> b))
                .isInstanceOf(SessionException.class);
        assertThat(registry.completed(job)).isEmpty();
        assertThat(registry.queuedCount(DEV)).isEqualTo(1);
    }
}
