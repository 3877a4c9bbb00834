package io.trustdm.client;

import io.trustdm.client.bootstrap.BootstrapProcessor;
import io.trustdm.client.bootstrap.BootstrapRefusedException;
import io.trustdm.client.bootstrap.BootstrapSource;
import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.bootstrap.InstalledAccounts;
import io.trustdm.client.bootstrap.SmartcardAccounts;
import io.trustdm.client.notification.NotificationReceiver;
import io.trustdm.client.security.ClientAccount;
import io.trustdm.client.security.NonceStore;
import io.trustdm.client.security.PolicyClientAuthenticator;
import io.trustdm.client.security.TreeNonceStore;
import io.trustdm.client.session.ManagementSession;
import io.trustdm.client.session.SessionConfig;
import io.trustdm.client.session.SessionException;
import io.trustdm.client.session.SessionRunner;
import io.trustdm.client.session.TreeCommandProcessor;
import io.trustdm.client.session.UserInteraction;
import io.trustdm.client.transport.DmTransport;
import io.trustdm.client.transport.DmTransportException;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.client.transport.ObexDmTransport;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.bootstrap.BootstrapKey;
import io.trustdm.security.bootstrap.SecurityMethod;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.security.policy.SecurityAuditSink;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclCommand;
import io.trustdm.tree.fumo.FirmwareAgent;
import io.trustdm.tree.fumo.FumoPlugin;
import io.trustdm.tree.fumo.FumoResult;
import io.trustdm.tree.mo.DevDetailObject;
import io.trustdm.tree.mo.DevInfoObject;
import io.trustdm.tree.store.TreeStore;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A Device: its management tree (DevInfo, DevDetail, DMAcc, FUMO), its bootstrap, and its Management Sessions with
 * the DM Server the bootstrap named. This is what device makers embed and what the simulator runs many of.
 *
 * <p>Only a bootstrap delivered over a Secure Transport is applied; sessions use the account's credentials through
 * the {@link MessageSecurityPolicy}; Generic Alerts from asynchronous operations (FUMO) wait for the next session.
 */
public final class DeviceAgent implements AutoCloseable {
    private final String deviceId;
    private final ManagementTree tree;
    private final List<X509Certificate> trustAnchors;
    private final IssuedCertificate certificate;
    private final Encoding encoding;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeviceAgent.class);
    private final UserInteraction ui;
    private final SecurityAuditSink audit;
    private final FirmwareAgent firmware;
    private final ExecutorService executor;
    private final TreeStore store;
    private final CommandObserver observer;
    private final DmTransport sharedTransport;
    private final List<Alert> pendingAlerts = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final SmartcardAccounts.Report smartcardReport;
    private BootstrappedAccount account;
    private NonceStore nonces;
    private FumoPlugin fumo;
    /** How long an unused HTTP(S) transport is kept for the next session; well below common server idle timeouts. */
    static final Duration SHARED_HTTP_IDLE = Duration.ofSeconds(10);

    private DmTransport httpsTransport;
    private DmTransport plainHttpTransport;
    private long lastHttpUse;

    private DeviceAgent(Builder b) {
        this.deviceId = b.deviceId;
        this.trustAnchors = List.copyOf(b.trustAnchors);
        this.certificate = b.certificate;
        this.encoding = b.encoding;
        this.ui = b.ui;
        this.audit = b.audit;
        this.firmware = b.firmware;
        this.observer = b.observer;
        this.sharedTransport = b.transport;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trustdm-device-" + b.deviceId);
            t.setDaemon(true);
            return t;
        });
        this.tree = ManagementTree.create();
        try {
            this.store = b.dataDirectory == null ? null : TreeStore.open(b.dataDirectory);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        boolean restored;
        try {
            restored = store != null && store.loadInto(tree);
            if (!restored) {
                new DevInfoObject(deviceId, b.manufacturer, b.model, "1.2", "en", false).install(tree);
                new DevDetailObject("sensor", b.manufacturer, b.firmwareVersion, "1.0", "1.0", true).install(tree);
            }
            if (store != null) {
                if (!restored) {
                    store.save(tree);
                }
                store.attach(tree);
            }
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            executor.shutdownNow();
            throw e;
        }
        SmartcardAccounts.Report card = null;
        if (b.smartcard != null) {
            try {
                card = new SmartcardAccounts(
                                tree, new BootstrapProcessor(new BootstrapTransportPolicy(audit), b.smartcardKeys))
                        .reconcile(b.smartcard);
            } catch (RuntimeException e) {
                if (store != null) {
                    store.close();
                }
                executor.shutdownNow();
                throw e;
            }
        }
        this.smartcardReport = card;
        InstalledAccounts.first(tree).ifPresent(this::useAccount);
    }

    /** What reading the smartcard at this start found and did; empty when smartcard bootstrap is disabled. */
    public Optional<SmartcardAccounts.Report> smartcardReport() {
        return Optional.ofNullable(smartcardReport);
    }

    public static Builder builder(String deviceId) {
        return new Builder(deviceId);
    }

    public String deviceId() {
        return deviceId;
    }

    public ManagementTree tree() {
        return tree;
    }

    public Optional<BootstrappedAccount> account() {
        return Optional.ofNullable(account);
    }

    /** Generic Alerts waiting for the next session. */
    public List<Alert> pendingAlerts() {
        return List.copyOf(pendingAlerts);
    }

    /**
     * Fetches and applies a bootstrap: the account goes into {@code ./DMAcc/<x>} with Get, Replace and Delete for
     * its ServerID (OMA-TS-DM_Bootstrap §3.1.3.4), and a FUMO instance is granted to that ServerID.
     *
     * @throws BootstrapRefusedException when the channel is not a Secure Transport or the document is unusable
     */
    public BootstrappedAccount bootstrap(BootstrapSource source, Function<SecurityMethod, Optional<BootstrapKey>> keys)
            throws java.io.IOException, BootstrapRefusedException {
        BootstrapProcessor p = new BootstrapProcessor(new BootstrapTransportPolicy(audit), keys);
        BootstrappedAccount a = p.process(source.fetch());
        applyToTree(a);
        useAccount(a);
        return a;
    }

    /**
     * Installs an account the Device is configured with locally (factory settings, the simulator's command line) as a
     * bootstrap would, without a network delivery. Only for configuration the Device already trusts: accounts from a
     * network go through {@link #bootstrap}.
     */
    public synchronized BootstrappedAccount provision(BootstrappedAccount a) {
        applyToTree(a);
        useAccount(a);
        return a;
    }

    /** The tree store in use, when the agent was built with a data directory. */
    public Optional<TreeStore> store() {
        return Optional.ofNullable(store);
    }

    private void useAccount(BootstrappedAccount a) {
        this.account = a;
        TreeNonceStore treeNonces = TreeNonceStore.forAccount(tree, a.accountNode());
        if (treeNonces.clientNonce() == null && a.clientNonce() != null) {
            treeNonces.storeClientNonce(a.clientNonce());
        }
        if (treeNonces.serverNonce() == null && a.serverNonce() != null) {
            treeNonces.storeServerNonce(a.serverNonce());
        }
        this.nonces = treeNonces;
        if (fumo == null) {
            fumo = FumoPlugin.builder(tree, "1", firmware, executor, this::firmwareDone)
                    .acl(Acl.forServer(a.serverId(), AclCommand.GET, AclCommand.REPLACE, AclCommand.EXEC))
                    .pkgName("firmware")
                    .pkgVersion("1.0")
                    .install();
        }
    }

    private void applyToTree(BootstrappedAccount a) {
        InstalledAccounts.install(tree, a);
    }

    private void firmwareDone(FumoResult result) {
        pendingAlerts.add(result.toGenericAlert("0"));
    }

    /**
     * Told of every server command the Device executed, with the responses (its Status, and Results for a Get), on
     * the session's thread: for a console or a log. Never given credentials: DMAcc secrets have no Get.
     */
    @FunctionalInterface
    public interface CommandObserver {
        void processed(
                io.trustdm.protocol.message.Command command, List<io.trustdm.protocol.message.Command> responses);
    }

    private io.trustdm.client.session.CommandProcessor observed(io.trustdm.client.session.CommandProcessor p) {
        if (observer == null) {
            return p;
        }
        return (c, ctx) -> {
            List<io.trustdm.protocol.message.Command> out = p.execute(c, ctx);
            observer.processed(c, out);
            return out;
        };
    }

    /** What a session did. */
    public record SessionReport(int messagesSent, boolean abortedByServer, int alertsDelivered) {}

    /**
     * Runs one Management Session with the bootstrapped server: Alert 1201 (client-initiated) or 1200 with the
     * trigger's SessionID (server-initiated). Pending Generic Alerts travel in Package 1.
     */
    public synchronized SessionReport runSession(int alertCode, String sessionId)
            throws DmTransportException, SessionException {
        if (account == null) {
            throw new IllegalStateException(deviceId + " has no DM account: bootstrap it first");
        }
        URI server = account.serverAddress();
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean transportSecured = scheme.equals("https") || scheme.equals("obexs");
        List<Alert> alerts = new ArrayList<>(pendingAlerts);
        // A caller-owned transport (Builder.transport) is used as it is. Otherwise HTTP(S) transports are kept for the
        // agent's lifetime (see sharedHttp); an OBEX transport is one connection and lives for this session only.
        boolean http = !scheme.equals("obex") && !scheme.equals("obexs");
        DmTransport perSession = sharedTransport == null && !http ? transportFor(scheme) : null;
        DmTransport transport =
                sharedTransport != null ? sharedTransport : http ? sharedHttp(scheme.equals("http")) : perSession;
        try {
            PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                    new ClientAccount(
                            account.serverId(),
                            AccountSecurity.of(account.serverId(), account.clientScheme(), transportSecured),
                            account.client(),
                            account.server(),
                            AccountSecurity.of(account.serverId(), serverRequirement(account), transportSecured)),
                    nonces,
                    new MessageSecurityPolicy(audit),
                    server);
            SyncMlCodec codec = SyncMlCodec.defaults();
            ManagementSession s = new ManagementSession(
                    new SessionConfig(
                            deviceId,
                            server.toString(),
                            account.serverId(),
                            account.client().username(),
                            encoding,
                            16 * 1024,
                            1024 * 1024),
                    observed(new TreeCommandProcessor(tree, encoding == Encoding.WBXML)),
                    auth,
                    ui,
                    codec);
            SyncMl p1 = s.start(alertCode, sessionId, devInfo(), alerts);
            SessionRunner.Outcome o = new SessionRunner(transport, codec, 200).run(s, p1, auth, auth);
            pendingAlerts.removeAll(alerts);
            return new SessionReport(o.messagesSent(), o.abortedByServer(), alerts.size());
        } finally {
            if (perSession != null) {
                perSession.close();
            } else if (sharedTransport == null) {
                httpUsed();
            }
        }
    }

    /**
     * The agent's HTTPS (or, for an {@code http://} server address, plain HTTP) transport, kept between sessions that
     * follow each other within {@link #SHARED_HTTP_IDLE}, so they reuse its kept-alive connection instead of building
     * a new {@code HttpClient} and TLS context and doing a full handshake each time (most of the cost of back-to-back
     * sessions: docs/BENCHMARKS.md, "Session benchmarks"). After a longer pause a fresh transport is built, as before
     * this reuse existed: a server drops idle connections (Jetty here after 30 s), and a POST on a connection the
     * server is just closing fails instead of being retried. Same trust anchors, client certificate and checks; the
     * transports are closed with the agent.
     */
    private synchronized DmTransport sharedHttp(boolean plain) {
        long now = System.nanoTime();
        boolean stale = now - lastHttpUse > SHARED_HTTP_IDLE.toNanos();
        lastHttpUse = now;
        if (plain) {
            if (plainHttpTransport == null || stale) {
                if (plainHttpTransport != null) {
                    plainHttpTransport.close();
                }
                plainHttpTransport = transportFor("http");
            }
            return plainHttpTransport;
        }
        if (httpsTransport == null || stale) {
            if (httpsTransport != null) {
                httpsTransport.close();
            }
            httpsTransport = transportFor("https");
        }
        return httpsTransport;
    }

    /** Marks the end of a session's use of the shared HTTP transport: the idle time counts from here. */
    private synchronized void httpUsed() {
        lastHttpUse = System.nanoTime();
    }

    /** HTTP(S) or, for {@code obex://} and {@code obexs://} server addresses, the DM OBEX binding. */
    private DmTransport transportFor(String scheme) {
        if (scheme.equals("obex") || scheme.equals("obexs")) {
            ObexDmTransport.Builder ob = ObexDmTransport.builder().trustAnchors(trustAnchors);
            if (certificate != null) {
                ob.clientCertificate(certificate);
            }
            if (scheme.equals("obex")) {
                ob.allowPlainTcp();
            }
            return ob.build();
        }
        HttpDmTransport.Builder tb = HttpDmTransport.builder().trustAnchors(trustAnchors);
        if (certificate != null) {
            tb.clientCertificate(certificate);
        }
        if (scheme.equals("http")) {
            tb.allowPlainHttp();
        }
        return tb.build();
    }

    /** A client-initiated session with a fresh SessionID. */
    public SessionReport runSession() throws DmTransportException, SessionException {
        return runSession(
                AlertCode.CLIENT_INITIATED_MGMT,
                Integer.toHexString(1 + random.nextInt(0xFFFF)).toUpperCase());
    }

    private List<Item> devInfo() {
        List<Item> items = new ArrayList<>();
        for (String leaf : List.of("DevId", "Man", "Mod", "DmV", "Lang")) {
            tree.valueText("./DevInfo/" + leaf)
                    .ifPresent(v -> items.add(Item.sourceWithData("./DevInfo/" + leaf, null, v)));
        }
        return items;
    }

    /**
     * A push receiver for this Device's account: verified triggers start a server-initiated session on the
     * agent's own thread.
     */
    public NotificationReceiver notificationReceiver(java.util.function.Consumer<Throwable> onSessionError) {
        return new NotificationReceiver(
                serverId -> {
                    if (account == null || !account.serverId().equals(serverId) || account.server() == null) {
                        return Optional.empty();
                    }
                    return Optional.of(
                            new NotificationReceiver.ServerKey(account.server().digestKey(), nonces.serverNonce()));
                },
                t -> executor.execute(() -> {
                    if (!followsUiMode(t)) {
                        return;
                    }
                    try {
                        runSession(AlertCode.SERVER_INITIATED_MGMT, t.sessionIdHex());
                    } catch (Exception e) {
                        onSessionError.accept(e);
                    }
                }),
                Clock.systemUTC(),
                Duration.ofSeconds(1));
    }

    /**
     * N-4 (S-NOT, SHOULD): the trigger's UI mode says how the user takes part. Background and not-specified start the
     * session silently; informative shows a 1100 notice and starts it; user-interaction asks (1101) and starts the
     * session only on yes. A Device without a user interface (the UI answers 406, it cannot ask) starts the session,
     * as it would for a background trigger: there is nobody whose consent could be asked.
     *
     * @return whether to open the session
     */
    boolean followsUiMode(NotificationReceiver.Trigger t) {
        switch (t.uiMode()) {
            case INFORMATIVE -> {
                ui.ask(new UserInteraction.Request(
                        AlertCode.DISPLAY,
                        java.util.Map.of(),
                        "The device management server " + t.serverId() + " is starting a management session.",
                        java.util.List.of()));
                return true;
            }
            case USER_INTERACTION -> {
                UserInteraction.Answer a = ui.ask(new UserInteraction.Request(
                        AlertCode.CONFIRM_OR_REJECT,
                        java.util.Map.of(),
                        "The device management server " + t.serverId() + " asks to start a management session."
                                + " Allow it?",
                        java.util.List.of()));
                boolean headless = a.status() == io.trustdm.protocol.message.StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED;
                if (a.status() == io.trustdm.protocol.message.StatusCode.OK || headless) {
                    return true;
                }
                LOG.info(
                        "server-initiated session {} of {} not opened: the user did not allow it (status {})",
                        t.sessionIdHex(),
                        t.serverId(),
                        a.status());
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /** Stops the agent's thread and releases its tree store (every committed change is already on disk). */
    @Override
    public void close() {
        synchronized (this) {
            if (httpsTransport != null) {
                httpsTransport.close();
            }
            if (plainHttpTransport != null) {
                plainHttpTransport.close();
            }
        }
        executor.shutdownNow();
        if (store != null) {
            store.close();
        }
    }

    /** Configures a {@link DeviceAgent}. */
    public static final class Builder {
        private final String deviceId;
        private String manufacturer = "TrustDM";
        private String model = "Simulated device";
        private String firmwareVersion = "1.0";
        private List<X509Certificate> trustAnchors = List.of();
        private IssuedCertificate certificate;
        private Encoding encoding = Encoding.WBXML;
        private Path dataDirectory;
        private CommandObserver observer;
        private DmTransport transport;
        private UserInteraction ui = UserInteraction.NONE;
        private SecurityAuditSink audit = e -> {};
        private FirmwareAgent firmware = new FirmwareAgent() {
            @Override
            public int download(String instance, String pkgUrl) {
                return FumoResult.SUCCESSFUL;
            }

            @Override
            public int update(String instance, byte[] pkgData) {
                return FumoResult.SUCCESSFUL;
            }
        };

        private BootstrapSource smartcard;
        private Function<SecurityMethod, Optional<BootstrapKey>> smartcardKeys;

        private Builder(String deviceId) {
            this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        }

        public Builder manufacturer(String v) {
            this.manufacturer = v;
            return this;
        }

        public Builder model(String v) {
            this.model = v;
            return this;
        }

        public Builder firmwareVersion(String v) {
            this.firmwareVersion = v;
            return this;
        }

        /** The CAs the Device trusts for its DM Server and bootstrap endpoint. */
        public Builder trustAnchors(List<X509Certificate> v) {
            this.trustAnchors = List.copyOf(v);
            return this;
        }

        /** The Device's own certificate (its identity for mutual TLS). */
        public Builder certificate(IssuedCertificate v) {
            this.certificate = v;
            return this;
        }

        /**
         * Where the Device keeps its tree ({@link TreeStore}: crash-safe snapshot, secrets sealed under the device key
         * file there). A directory holding a tree is loaded instead of building a new one, with its accounts and
         * nonces; without one the tree lives in memory only.
         */
        public Builder dataDirectory(Path v) {
            this.dataDirectory = v;
            return this;
        }

        /** Who hears of each executed server command (default: nobody). */
        public Builder commandObserver(CommandObserver v) {
            this.observer = v;
            return this;
        }

        /**
         * A transport the agent uses for every session instead of opening its own per session; the caller owns it
         * and closes it. Lets many simulated Devices share one connection pool (the fleet simulator). Default: a new
         * HTTP(S) or OBEX transport per session, built from the trust anchors and the certificate.
         */
        public Builder transport(DmTransport v) {
            this.transport = v;
            return this;
        }

        public Builder encoding(Encoding v) {
            this.encoding = v;
            return this;
        }

        public Builder userInteraction(UserInteraction v) {
            this.ui = v;
            return this;
        }

        public Builder audit(SecurityAuditSink v) {
            this.audit = v;
            return this;
        }

        public Builder firmware(FirmwareAgent v) {
            this.firmware = v;
            return this;
        }

        /**
         * The Device's smartcard reader: at every start (every {@link #build()}) the bootstrap is read from the card
         * and the card's accounts are installed, kept, replaced or removed ({@link SmartcardAccounts}). {@code keys}
         * verifies a SEC/MAC stored on the card. Without this the Device has smartcard bootstrap disabled (SC-2).
         */
        public Builder smartcard(BootstrapSource card, Function<SecurityMethod, Optional<BootstrapKey>> keys) {
            this.smartcard = Objects.requireNonNull(card, "card");
            this.smartcardKeys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        public DeviceAgent build() {
            return new DeviceAgent(this);
        }
    }

    /**
     * The weakest DM-level credential accepted from the server: the SRVCRED type; TRANSPORT (TLS server certificate
     * only) accepts any, and the policy still demands x-syncml-hmac where the transport does not authenticate the
     * server. A type this toolkit cannot verify falls back to the Device's own scheme, never to a weaker one.
     */
    static AuthScheme serverRequirement(BootstrappedAccount account) {
        AuthScheme s = account.serverScheme();
        if (s == AuthScheme.TRANSPORT) {
            return AuthScheme.BASIC;
        }
        return s.isSupported() ? s : account.clientScheme();
    }
}
