package io.trustdm.it.ops;

import io.trustdm.client.bootstrap.BootstrapProcessor;
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
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.MessageSecurityPolicy;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs real Device sides against a DmServer for the operations tests: MD5 sessions and HTTPS bootstraps. */
final class DeviceRunner {
    private DeviceRunner() {}

    /** Answers Get with a Results value and everything else with 200. */
    static CommandProcessor answering(String value) {
        return (c, ctx) -> {
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
                        List.of(Item.sourceWithData(g.items().get(0).target().locUri(), null, value))));
            }
            return out;
        };
    }

    /** One client-initiated MD5 session over HTTPS, trusting {@code anchors} for the server certificate. */
    static SessionRunner.Outcome session(
            URI dm,
            List<X509Certificate> anchors,
            String deviceId,
            String serverId,
            Credentials device,
            Credentials server,
            CommandProcessor processor)
            throws Exception {
        return session(dm, anchors, deviceId, serverId, device, server, NonceStore.inMemory(null, null), processor);
    }

    static SessionRunner.Outcome session(
            URI dm,
            List<X509Certificate> anchors,
            String deviceId,
            String serverId,
            Credentials device,
            Credentials server,
            NonceStore nonces,
            CommandProcessor processor)
            throws Exception {
        try (HttpDmTransport t = HttpDmTransport.builder().trustAnchors(anchors).build()) {
            PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                    new ClientAccount(serverId, AccountSecurity.of(serverId, AuthScheme.MD5, true), device, server),
                    nonces,
                    new MessageSecurityPolicy(e -> {}),
                    dm);
            ManagementSession s = new ManagementSession(
                    new SessionConfig(
                            deviceId, dm.toString(), serverId, device.username(), Encoding.XML, 16_384, 100_000),
                    processor,
                    auth,
                    UserInteraction.NONE,
                    SyncMlCodec.defaults());
            SyncMl p1 = s.start(1201, "4D", List.of(Item.sourceWithData("./DevInfo/DevId", null, deviceId)), List.of());
            return new SessionRunner(t, SyncMlCodec.defaults(), 20).run(s, p1, auth, auth);
        }
    }

    /** The encoded Package 1 of a new client-initiated session (to probe how the server answers it). */
    static byte[] package1(URI dm, String deviceId, String serverId, Credentials device, Credentials server) {
        PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                new ClientAccount(serverId, AccountSecurity.of(serverId, AuthScheme.MD5, true), device, server),
                NonceStore.inMemory(null, null),
                new MessageSecurityPolicy(e -> {}),
                dm);
        ManagementSession s = new ManagementSession(
                new SessionConfig(deviceId, dm.toString(), serverId, device.username(), Encoding.XML, 16_384, 100_000),
                answering("x"),
                auth,
                UserInteraction.NONE,
                SyncMlCodec.defaults());
        SyncMl p1 = s.start(1201, "5E", List.of(Item.sourceWithData("./DevInfo/DevId", null, deviceId)), List.of());
        return SyncMlCodec.defaults().encode(p1, Encoding.XML);
    }

    /** Fetches and applies the bootstrap over HTTPS, with the Device certificate or (null) without one. */
    static BootstrappedAccount bootstrap(URI endpoint, IssuedCertificate deviceCert, List<X509Certificate> anchors)
            throws Exception {
        HttpsBootstrapSource source = new HttpsBootstrapSource(endpoint, deviceCert, anchors);
        BootstrapProcessor processor =
                new BootstrapProcessor(new BootstrapTransportPolicy(e -> {}), m -> Optional.empty());
        return processor.process(source.fetch());
    }
}
