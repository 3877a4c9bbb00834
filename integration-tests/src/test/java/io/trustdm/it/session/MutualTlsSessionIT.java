package io.trustdm.it.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.client.session.ClientAuthenticator;
import io.trustdm.client.session.CommandProcessor;
import io.trustdm.client.session.ManagementSession;
import io.trustdm.client.session.SessionConfig;
import io.trustdm.client.session.SessionRunner;
import io.trustdm.client.session.UserInteraction;
import io.trustdm.client.transport.DmTransportException;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemCommand;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Status;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.server.auth.ClientCertificateAuthenticator;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.http.DmHttpServer;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.session.ServerSessionEngine;
import io.trustdm.server.session.SessionOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A full Management Session (packages 1–4) between our client and our server over mutual TLS on loopback. */
class MutualTlsSessionIT {
    private static final String DEV = "IMEI:356938035643809";

    private CertificateAuthority ca;
    private IssuedCertificate deviceCert;
    private InMemoryRegistry registry;
    private DmHttpServer server;
    private final Map<String, String> tree = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        ca = CertificateAuthority.generate("IT CA", Duration.ofDays(1));
        IssuedCertificate serverCert = ca.issueServer("srv", List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
        deviceCert = ca.issueDevice(DEV, Duration.ofDays(1));
        registry = new InMemoryRegistry();
        registry.register(DEV);
        ServerSessionEngine engine = new ServerSessionEngine(
                SyncMlCodec.defaults(),
                "https://localhost/dm",
                registry,
                registry,
                (deviceId, sessionId, first) -> new ClientCertificateAuthenticator(deviceId),
                Duration.ofMinutes(5));
        server = DmHttpServer.builder()
                .tls(TlsContexts.create(serverCert, List.of(ca.certificate())), ClientAuth.NEED)
                .handler(engine)
                .build()
                .start();
        tree.put("./DevInfo/Man", "Acme");
        tree.put("./DevInfo/Mod", "Sensor-2");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private final CommandProcessor processor = (c, ctx) -> {
        List<Command> out = new ArrayList<>();
        if (c instanceof Get g) {
            List<Item> found = new ArrayList<>();
            for (Item i : g.items()) {
                String v = tree.get(i.target().locUri());
                if (v != null) {
                    found.add(Item.sourceWithData(i.target().locUri(), null, v));
                }
            }
            boolean all = found.size() == g.items().size();
            out.add(Status.of("0", ctx.msgId(), c.cmdId(), "Get", all ? 200 : 404));
            if (all) {
                out.add(new Results("0", ctx.msgId(), c.cmdId(), null, null, null, found));
            }
        } else if (c instanceof ItemCommand ic) {
            ic.items().forEach(i -> tree.put(i.target().locUri(), i.data().asText()));
            out.add(Status.of("0", ctx.msgId(), c.cmdId(), c.name(), 200));
        }
        return out;
    };

    private SessionRunner.Outcome runSession(IssuedCertificate clientCert, Encoding enc) throws Exception {
        HttpDmTransport.Builder tb = HttpDmTransport.builder().trustAnchors(List.of(ca.certificate()));
        if (clientCert != null) {
            tb.clientCertificate(clientCert);
        }
        try (HttpDmTransport t = tb.build()) {
            ManagementSession s = new ManagementSession(
                    new SessionConfig(
                            DEV,
                            "https://localhost:" + server.port() + "/dm",
                            "dm.example.com",
                            null,
                            enc,
                            16_384,
                            1_000_000),
                    processor,
                    ClientAuthenticator.transportOnly(),
                    UserInteraction.NONE,
                    SyncMlCodec.defaults());
            var p1 = s.start(
                    1201,
                    "1",
                    List.of(
                            Item.sourceWithData("./DevInfo/DevId", null, DEV),
                            Item.sourceWithData("./DevInfo/Man", null, "Acme")),
                    List.of());
            return new SessionRunner(t, SyncMlCodec.defaults(), 50).run(s, p1, SessionRunner.HmacSigner.NONE, r -> {});
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void queued_get_and_replace_are_delivered_and_their_results_stored(Encoding enc) throws Exception {
        String job = registry.enqueue(
                DEV,
                List.of(
                        new Get(
                                "0",
                                false,
                                null,
                                null,
                                List.of(Item.target("./DevInfo/Man"), Item.target("./DevInfo/Mod"))),
                        new Replace(
                                "0",
                                false,
                                null,
                                null,
                                List.of(Item.targetWithData("./Settings/Interval", null, "300")))));
        SessionRunner.Outcome o = runSession(deviceCert, enc);
        assertThat(o.messagesSent()).isEqualTo(2);
        var done = registry.completed(job).orElseThrow();
        assertThat(done.results().get(0).status()).isEqualTo(200);
        assertThat(done.results().get(0).results())
                .extracting(i -> i.data().asText())
                .containsExactly("Acme", "Sensor-2");
        assertThat(done.results().get(1).status()).isEqualTo(200);
        assertThat(tree).containsEntry("./Settings/Interval", "300");
        assertThat(registry.devInfo(DEV)).containsEntry("Man", "Acme");
        assertThat(registry.sessions())
                .singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(SessionOutcome.COMPLETED));
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void session_without_jobs_ends_after_package_2(Encoding enc) throws Exception {
        SessionRunner.Outcome o = runSession(deviceCert, enc);
        assertThat(o.messagesSent()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void device_without_client_certificate_never_gets_a_session(Encoding enc) {
        String job =
                registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        assertThatThrownBy(() -> runSession(null, enc)).isInstanceOf(DmTransportException.class);
        assertThat(registry.completed(job)).isEmpty();
        assertThat(registry.queuedCount(DEV)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void certificate_of_another_device_is_refused_and_the_job_stays_queued(Encoding enc) {
        IssuedCertificate other = ca.issueDevice("IMEI:000000000000000", Duration.ofDays(1));
        String job =
                registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        assertThatThrownBy(() -> runSession(other, enc)).hasMessageContaining("refused");
        assertThat(registry.completed(job)).isEmpty();
        assertThat(registry.queuedCount(DEV)).isEqualTo(1);
        assertThat(registry.sessions())
                .singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(SessionOutcome.AUTHENTICATION_FAILED));
    }
}
