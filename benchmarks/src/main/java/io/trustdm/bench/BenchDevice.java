package io.trustdm.bench;

import io.trustdm.client.DeviceAgent;
import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.security.ClientAccount;
import io.trustdm.client.security.NonceStore;
import io.trustdm.client.security.PolicyClientAuthenticator;
import io.trustdm.client.security.TreeNonceStore;
import io.trustdm.client.session.ManagementSession;
import io.trustdm.client.session.SessionConfig;
import io.trustdm.client.session.SessionRunner;
import io.trustdm.client.session.TreeCommandProcessor;
import io.trustdm.client.session.UserInteraction;
import io.trustdm.client.transport.DmExchange;
import io.trustdm.client.transport.DmReply;
import io.trustdm.client.transport.DmTransport;
import io.trustdm.client.transport.DmTransportException;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A simulated Device for the session benchmarks: a {@link DeviceAgent} (real management tree with DevInfo, DevDetail
 * and a DMAcc account provisioned as a bootstrap would) whose account the benchmark server also knows.
 *
 * <p>Two ways to run a session. {@link #runSession} is the shipped {@link DeviceAgent#runSession()}.
 * {@link #runOnSharedTransport} builds the very same session (same authenticator, tree command processor, DevInfo
 * items, codec and limits as {@code DeviceAgent.runSession}) but sends it over one long-lived
 * {@link HttpDmTransport}, so consecutive sessions reuse the kept-alive connection: the "session over HTTPS with
 * keep-alive" the founders' target speaks of.
 */
final class BenchDevice implements AutoCloseable {
    static final String ACCOUNT_NODE = "bench";

    private final String deviceId;
    private final AuthScheme scheme;
    private final URI serverUri;
    private final DeviceAgent agent;
    private final Credentials deviceCreds;
    private final Credentials serverCreds;
    private final NonceStore nonces;
    private final List<X509Certificate> anchors;
    private final SyncMlCodec codec = SyncMlCodec.defaults();
    private int sessionCounter;

    BenchDevice(SessionBenchServer server, String deviceId, AuthScheme scheme) {
        this.deviceId = deviceId;
        this.scheme = scheme;
        this.serverUri = server.dmUri();
        this.anchors = List.of(server.pki().ca().certificate());
        this.deviceCreds = Credentials.of(deviceId + "-user", ("device-secret-" + deviceId).toCharArray());
        this.serverCreds = Credentials.of(SessionBenchServer.SERVER_ID, ("server-secret-" + deviceId).toCharArray());
        Nonce cn = Nonce.random();
        Nonce sn = Nonce.random();
        server.register(deviceId, scheme, deviceCreds, serverCreds, cn, sn);
        this.agent = DeviceAgent.builder(deviceId)
                .trustAnchors(anchors)
                .encoding(Encoding.WBXML)
                .build();
        agent.provision(new BootstrappedAccount(
                SessionBenchServer.SERVER_ID,
                ACCOUNT_NODE,
                serverUri,
                scheme,
                deviceCreds,
                serverCreds,
                cn,
                sn,
                Map.of("Name", "benchmark account")));
        this.nonces = TreeNonceStore.forAccount(agent.tree(), ACCOUNT_NODE);
    }

    String deviceId() {
        return deviceId;
    }

    /** The job of every benchmark session: one Get and one Replace, as an operator would queue them. */
    List<Command> job(int n) {
        return List.of(
                new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man"))),
                new Replace(
                        "0",
                        false,
                        null,
                        null,
                        List.of(Item.targetWithData("./DMAcc/" + ACCOUNT_NODE + "/Name", null, "bench " + n))));
    }

    /** A transport for {@link #runOnSharedTransport}: one JDK HttpClient, connections kept alive. */
    HttpDmTransport newTransport() {
        HttpDmTransport.Builder tb = HttpDmTransport.builder();
        if (serverUri.getScheme().equals("https")) {
            tb.trustAnchors(anchors);
        } else {
            tb.allowPlainHttp();
        }
        return tb.build();
    }

    /** The shipped agent's session: it builds a new HTTP(S) transport for the session and drops it afterwards. */
    int runSession() throws Exception {
        return agent.runSession().messagesSent();
    }

    /** The same session as {@link DeviceAgent#runSession()}, over the given long-lived transport. */
    SessionRunner.Outcome runOnSharedTransport(DmTransport transport) throws Exception {
        boolean secured = serverUri.getScheme().equals("https");
        PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                new ClientAccount(
                        SessionBenchServer.SERVER_ID,
                        AccountSecurity.of(SessionBenchServer.SERVER_ID, scheme, secured),
                        deviceCreds,
                        serverCreds),
                nonces,
                new MessageSecurityPolicy(e -> {}),
                serverUri);
        ManagementSession s = new ManagementSession(
                new SessionConfig(
                        deviceId,
                        serverUri.toString(),
                        SessionBenchServer.SERVER_ID,
                        deviceCreds.username(),
                        Encoding.WBXML,
                        16 * 1024,
                        1024 * 1024),
                new TreeCommandProcessor(agent.tree(), true),
                auth,
                UserInteraction.NONE,
                codec);
        SyncMl p1 =
                s.start(AlertCode.CLIENT_INITIATED_MGMT, Integer.toHexString(++sessionCounter), devInfo(), List.of());
        return new SessionRunner(transport, codec, 200).run(s, p1, auth, auth);
    }

    /** Sends only Package 1 and reads Package 2: the server then holds the session open (for the heap benchmark). */
    void openSession(DmTransport transport) throws Exception {
        boolean secured = serverUri.getScheme().equals("https");
        PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                new ClientAccount(
                        SessionBenchServer.SERVER_ID,
                        AccountSecurity.of(SessionBenchServer.SERVER_ID, scheme, secured),
                        deviceCreds,
                        serverCreds),
                nonces,
                new MessageSecurityPolicy(e -> {}),
                serverUri);
        ManagementSession s = new ManagementSession(
                new SessionConfig(
                        deviceId,
                        serverUri.toString(),
                        SessionBenchServer.SERVER_ID,
                        deviceCreds.username(),
                        Encoding.WBXML,
                        16 * 1024,
                        1024 * 1024),
                new TreeCommandProcessor(agent.tree(), true),
                auth,
                UserInteraction.NONE,
                codec);
        SyncMl p1 = s.start(AlertCode.CLIENT_INITIATED_MGMT, "1", devInfo(), List.of());
        byte[] body = codec.encode(p1, Encoding.WBXML);
        DmReply reply = transport.exchange(new DmExchange(serverUri, body, Encoding.WBXML, auth.sign(body)));
        if (reply.body().length == 0) {
            throw new IllegalStateException("empty Package 2");
        }
    }

    private List<Item> devInfo() {
        List<Item> items = new ArrayList<>();
        for (String leaf : List.of("DevId", "Man", "Mod", "DmV", "Lang")) {
            agent.tree()
                    .valueText("./DevInfo/" + leaf)
                    .ifPresent(v -> items.add(Item.sourceWithData("./DevInfo/" + leaf, null, v)));
        }
        return items;
    }

    /** Records the bytes of every exchange (for the echo baseline's sizes). */
    static final class Recording implements DmTransport {
        private final DmTransport inner;
        final List<DmExchange> sent = new ArrayList<>();
        final List<DmReply> received = new ArrayList<>();

        Recording(DmTransport inner) {
            this.inner = inner;
        }

        @Override
        public DmReply exchange(DmExchange exchange) throws DmTransportException {
            DmReply r = inner.exchange(exchange);
            sent.add(exchange);
            received.add(r);
            return r;
        }
    }

    @Override
    public void close() {
        agent.close();
    }
}
