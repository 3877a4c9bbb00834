package io.trustdm.it.bootstrap;

import io.trustdm.client.bootstrap.BootstrappedAccount;
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
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.server.auth.PolicyAuthenticator;
import io.trustdm.server.bootstrap.BootstrapHttpHandler;
import io.trustdm.server.bootstrap.BootstrapService;
import io.trustdm.server.bootstrap.BootstrapTemplate;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.http.DmHttpServer;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.session.ServerSessionEngine;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real DM server on loopback HTTPS (development CA, TLS client certificates wanted), its bootstrap service and the
 * HTTPS bootstrap endpoint at {@code /bootstrap}; plus the Device side of a first management session with a
 * bootstrapped account.
 */
final class BootstrapServerFixture implements AutoCloseable {
    static final String SERVER_ID = "dm.trustdm.test";

    final InMemoryRegistry registry = new InMemoryRegistry();
    final CertificateAuthority ca;
    final DmHttpServer server;
    final BootstrapService bootstrap;

    BootstrapServerFixture() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ca = CertificateAuthority.generate("IT CA", Duration.ofDays(1));
        IssuedCertificate srv = ca.issueServer("srv", List.of("localhost"), Duration.ofDays(1));
        String dm = "https://localhost:" + port + "/dm";
        bootstrap = new BootstrapService(
                new BootstrapTemplate(SERVER_ID, "TrustDM test", URI.create(dm), AuthScheme.MD5),
                registry,
                new BootstrapTransportPolicy(registry),
                new SecureRandom());
        ServerSessionEngine engine = new ServerSessionEngine(
                SyncMlCodec.defaults(),
                dm,
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

    URI bootstrapUri() {
        return URI.create("https://localhost:" + server.port() + "/bootstrap");
    }

    /** What the first session did on the Device. */
    record FirstSession(int messagesSent, Map<String, String> tree, String jobId) {}

    /**
     * Queues a Replace of {@code ./Ext/Mode} for {@code deviceId}, then runs the Device's first session with
     * {@code account} over HTTPS (server certificate verified against the CA).
     */
    FirstSession runFirstSession(String deviceId, BootstrappedAccount account) throws Exception {
        Map<String, String> tree = new ConcurrentHashMap<>();
        String job = registry.enqueue(
                deviceId,
                List.of(new Replace("0", false, null, null, List.of(Item.targetWithData("./Ext/Mode", null, "eco")))));
        SessionRunner.Outcome o = firstSession(deviceId, account, ca.certificate(), tree);
        return new FirstSession(o.messagesSent(), tree, job);
    }

    /**
     * A Device's first Management Session with a bootstrapped {@code account} over HTTPS, the server certificate
     * verified against {@code ca}; every Replace the server sends is written into {@code tree} and answered 200.
     */
    static SessionRunner.Outcome firstSession(
            String deviceId, BootstrappedAccount account, X509Certificate ca, Map<String, String> tree)
            throws Exception {
        CommandProcessor processor = (c, ctx) -> {
            List<Command> out = new ArrayList<>();
            if (c instanceof Replace r) {
                r.items().forEach(i -> tree.put(i.target().locUri(), i.data().asText()));
            }
            out.add(Status.of("0", ctx.msgId(), c.cmdId(), c.name(), 200));
            return out;
        };
        URI dm = account.serverAddress();
        PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                new ClientAccount(
                        account.serverId(),
                        AccountSecurity.of(account.serverId(), account.clientScheme(), true),
                        account.client(),
                        account.server()),
                NonceStore.inMemory(account.clientNonce(), account.serverNonce()),
                new MessageSecurityPolicy(e -> {}),
                dm);
        try (HttpDmTransport t =
                HttpDmTransport.builder().trustAnchors(List.of(ca)).build()) {
            ManagementSession s = new ManagementSession(
                    new SessionConfig(
                            deviceId,
                            dm.toString(),
                            account.serverId(),
                            account.client().username(),
                            Encoding.WBXML,
                            16_384,
                            100_000),
                    processor,
                    auth,
                    UserInteraction.NONE,
                    SyncMlCodec.defaults());
            var p1 = s.start(1201, "1", List.of(Item.sourceWithData("./DevInfo/DevId", null, deviceId)), List.of());
            return new SessionRunner(t, SyncMlCodec.defaults(), 20).run(s, p1, auth, auth);
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
