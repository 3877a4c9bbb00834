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
import io.trustdm.client.transport.DmReply;
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
import io.trustdm.security.policy.Verdict;
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
import java.util.concurrent.atomic.AtomicInteger;
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
        return runDevice(
                required,
                creds,
                nonces,
                ex -> new DmExchange(ex.target(), tamper.apply(ex.body()), ex.encoding(), ex.hmacHeader()),
                r -> r);
    }

    /** Commands the Device executed (its CommandProcessor ran). */
    private final AtomicInteger deviceExecuted = new AtomicInteger();

    /** Every message the Device sent, as it went on the wire, and every reply it was given. */
    private final List<DmExchange> sent = new CopyOnWriteArrayList<>();

    private final List<DmReply> received = new CopyOnWriteArrayList<>();

    /**
     * Runs one session of the Device; {@code onTheWayOut} may rewrite each message after the Device signed it (device
     * to server), {@code onTheWayIn} each reply before the Device sees it (server to device): the attacker's place.
     */
    private SessionRunner.Outcome runDevice(
            AuthScheme required,
            Credentials creds,
            NonceStore nonces,
            java.util.function.UnaryOperator<DmExchange> onTheWayOut,
            java.util.function.UnaryOperator<DmReply> onTheWayIn)
            throws Exception {
        URI uri = URI.create((server.isTls() ? "https://localhost:" : "http://127.0.0.1:") + server.port() + "/dm");
        HttpDmTransport.Builder tb = HttpDmTransport.builder();
        if (server.isTls()) {
            tb.trustAnchors(List.of(ca.certificate()));
        } else {
            tb.allowPlainHttp();
        }
        HttpDmTransport http = tb.build();
        DmTransport transport = ex -> {
            DmExchange out = onTheWayOut.apply(ex);
            sent.add(out);
            DmReply reply = http.exchange(out);
            received.add(reply);
            return onTheWayIn.apply(reply);
        };
        PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                new ClientAccount(SERVER_ID, AccountSecurity.of(SERVER_ID, required, false), creds, serverCreds),
                nonces,
                new MessageSecurityPolicy(e -> {}),
                uri);
        CommandProcessor counting = (c, ctx) -> {
            deviceExecuted.incrementAndGet();
            return processor.execute(c, ctx);
        };
        ManagementSession s = new ManagementSession(
                new SessionConfig(DEV, uri.toString(), SERVER_ID, creds.username(), Encoding.WBXML, 16_384, 100_000),
                counting,
                auth,
                UserInteraction.NONE,
                SyncMlCodec.defaults());
        SyncMl p1 = s.start(1201, "2B", List.of(Item.sourceWithData("./DevInfo/DevId", null, DEV)), List.of());
        return new SessionRunner(transport, SyncMlCodec.defaults(), 20).run(s, p1, auth, auth);
    }

    private String queueGet() {
        return registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
    }

    private static DmExchange withoutHmac(DmExchange ex) {
        return new DmExchange(ex.target(), ex.body(), ex.encoding(), null);
    }

    private static DmReply withoutHmac(DmReply r) {
        return new DmReply(r.body(), r.encoding(), null, r.tlsSession(), r.serverCertificates(), r.channel());
    }

    private static DmReply withOneBitFlipped(DmReply r) {
        byte[] b = r.body().clone();
        b[b.length - 3] ^= 0x01;
        return new DmReply(b, r.encoding(), r.hmacHeader(), r.tlsSession(), r.serverCertificates(), r.channel());
    }

    @Test
    void device_to_server_message_without_hmac_MUST_be_rejected_when_transport_lacks_integrity() throws Exception {
        Nonce cn = Nonce.random();
        Nonce sn = Nonce.random();
        startServer(false, AuthScheme.HMAC, cn, sn);
        String job = queueGet();

        assertThatThrownBy(() -> runDevice(
                        AuthScheme.HMAC,
                        deviceCreds,
                        NonceStore.inMemory(cn, sn),
                        MessageSecurityIT::withoutHmac,
                        r -> r))
                .isInstanceOfAny(SessionException.class, io.trustdm.client.transport.DmTransportException.class);

        assertThat(registry.completed(job)).isEmpty();
        assertThat(deviceExecuted).as("the server sent no management command").hasValue(0);
        assertThat(registry.auditEvents()).anySatisfy(e -> {
            assertThat(e.rules()).contains("CR-8");
            assertThat(e.verdict()).isNotEqualTo(Verdict.ACCEPT);
        });
    }

    @Test
    void server_to_device_message_without_hmac_MUST_be_rejected_when_transport_lacks_integrity() throws Exception {
        Nonce cn = Nonce.random();
        Nonce sn = Nonce.random();
        startServer(false, AuthScheme.HMAC, cn, sn);
        String job = queueGet();

        try {
            runDevice(
                    AuthScheme.HMAC,
                    deviceCreds,
                    NonceStore.inMemory(cn, sn),
                    ex -> ex,
                    MessageSecurityIT::withoutHmac);
        } catch (SessionException e) {
            // ending the session is as good as answering with a challenge: either way nothing was executed
        }

        assertThat(received).as("the server did send its command").isNotEmpty();
        assertThat(deviceExecuted)
                .as("but the Device executed nothing unauthenticated")
                .hasValue(0);
        assertThat(sent).hasSizeGreaterThanOrEqualTo(2);
        SyncMl answer =
                SyncMlCodec.defaults().decode(sent.get(1).body(), sent.get(1).encoding());
        assertThat(answer.body().commands())
                .as("the Device answers the server's SyncHdr with 401/407 and a challenge, and sends no Results")
                .anySatisfy(c -> {
                    assertThat(c).isInstanceOf(Status.class);
                    Status st = (Status) c;
                    assertThat(st.cmdRef()).isEqualTo("0");
                    assertThat(st.data()).isIn("401", "407");
                    assertThat(st.chal()).isNotNull();
                })
                .noneMatch(c -> c instanceof Results);
        assertNoSuccessfulResult(job);
    }

    /** The job was never executed by the Device: not completed, or completed without a 200. */
    private void assertNoSuccessfulResult(String job) {
        registry.completed(job)
                .ifPresent(j -> assertThat(j.results())
                        .noneSatisfy(r -> assertThat(r.status()).isEqualTo(200)));
    }

    @Test
    void server_to_device_message_with_one_bit_flipped_MUST_be_rejected() throws Exception {
        Nonce cn = Nonce.random();
        Nonce sn = Nonce.random();
        startServer(false, AuthScheme.HMAC, cn, sn);
        String job = queueGet();

        assertThatThrownBy(() -> runDevice(
                        AuthScheme.HMAC,
                        deviceCreds,
                        NonceStore.inMemory(cn, sn),
                        ex -> ex,
                        MessageSecurityIT::withOneBitFlipped))
                .isInstanceOfAny(SessionException.class, io.trustdm.protocol.codec.SyncMlFormatException.class);

        assertThat(deviceExecuted).hasValue(0);
        assertNoSuccessfulResult(job);
    }

    @Test
    void device_to_server_replay_with_an_old_nonce_MUST_be_rejected() throws Exception {
        Nonce cn = Nonce.random();
        Nonce sn = Nonce.random();
        startServer(false, AuthScheme.HMAC, cn, sn);
        String first = queueGet();
        runDevice(AuthScheme.HMAC, deviceCreds, NonceStore.inMemory(cn, sn), ex -> ex, r -> r);
        assertThat(registry.completed(first)).isPresent();
        DmExchange recorded = sent.get(0); // Package 1, signed with the nonce cn, which is used up now

        String second = queueGet();
        DmReply reply;
        try (HttpDmTransport http = HttpDmTransport.builder().allowPlainHttp().build()) {
            reply = http.exchange(recorded);
        }

        SyncMl answer = SyncMlCodec.defaults().decode(reply.body(), reply.encoding());
        assertThat(answer.body().commands())
                .filteredOn(c -> c instanceof Status st && st.cmdRef().equals("0"))
                .singleElement()
                .satisfies(c -> assertThat(((Status) c).data()).isIn("401", "407"));
        assertThat(answer.body().commands()).noneMatch(c -> c instanceof Get);
        assertThat(registry.completed(second)).isEmpty();
        assertThat(registry.queuedCount(DEV)).isEqualTo(1);
    }

    @Test
    void server_to_device_replay_with_an_old_nonce_MUST_be_rejected() throws Exception {
        Nonce cn = Nonce.random();
        Nonce sn = Nonce.random();
        startServer(false, AuthScheme.HMAC, cn, sn);
        NonceStore deviceNonces = NonceStore.inMemory(cn, sn);
        queueGet();
        runDevice(AuthScheme.HMAC, deviceCreds, deviceNonces, ex -> ex, r -> r);
        int executedInFirstSession = deviceExecuted.get();
        assertThat(executedInFirstSession).isPositive();
        DmReply recorded = received.get(0); // the server's Package 2, with its Get, signed with the old nonce

        String second = queueGet();
        assertThatThrownBy(() -> runDevice(AuthScheme.HMAC, deviceCreds, deviceNonces, ex -> ex, r -> recorded))
                .isInstanceOf(SessionException.class);

        assertThat(deviceExecuted).as("the replayed Get was not executed again").hasValue(executedInFirstSession);
        assertNoSuccessfulResult(second);
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
