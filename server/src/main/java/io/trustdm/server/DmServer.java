package io.trustdm.server;

import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.Command;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.DevelopmentPki;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.server.api.ManagementApi;
import io.trustdm.server.api.RegistryManagementApi;
import io.trustdm.server.auth.PolicyAuthenticator;
import io.trustdm.server.bootstrap.BootstrapHttpHandler;
import io.trustdm.server.bootstrap.BootstrapService;
import io.trustdm.server.bootstrap.BootstrapTemplate;
import io.trustdm.server.console.ConsoleHandler;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.http.DmHttpServer;
import io.trustdm.server.notification.NotificationSender;
import io.trustdm.server.notification.NotificationService;
import io.trustdm.server.notification.UdpNotificationSender;
import io.trustdm.server.obex.ObexDmServer;
import io.trustdm.server.rest.ApiToken;
import io.trustdm.server.rest.RestApi;
import io.trustdm.server.session.ServerSessionEngine;
import io.trustdm.server.store.Database;
import io.trustdm.server.store.JdbcRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A complete DM Server in one process: HTTPS DM endpoint and bootstrap endpoint on one port (TLS 1.2/1.3, client
 * certificates requested), a development PKI in the data directory, policy-driven device authentication, the
 * bootstrap service, notifications over WDP/UDP or through a Push Proxy Gateway (SMS), the northbound REST API at
 * {@code /api/v1} (bearer token kept in the data directory) and the web console at {@code /console/}. The registry is
 * durable by default: an H2 database in the data directory (see {@link Database}); a PostgreSQL-backed
 * {@link JdbcRegistry} or an in-memory registry for tests can be passed instead.
 */
public final class DmServer implements AutoCloseable {
    /** The file in the data directory holding the REST API's base URL of the last start. */
    public static final String URL_FILE = "server.url";

    private final DevelopmentPki pki;
    private final ManagementRegistry registry;
    private final AutoCloseable ownedStorage;
    private final BootstrapService bootstrap;
    private final NotificationService notifications;
    private final ServerSessionEngine engine;
    private final DmHttpServer http;
    private final URI dmUri;
    private final URI localDmUri;
    private final ApiToken apiToken;
    private final ManagementApi management;
    private final Map<String, InetSocketAddress> pushAddresses = new ConcurrentHashMap<>();
    private final List<ObexDmServer> obexListeners = new CopyOnWriteArrayList<>();
    private final String host;
    private final Map<String, String> msisdns = new ConcurrentHashMap<>();
    private volatile NotificationSender pushProxy;

    private DmServer(
            Path dataDir,
            String host,
            int port,
            String serverId,
            AuthScheme scheme,
            ManagementRegistry registry,
            AutoCloseable ownedStorage,
            NodeOptions options)
            throws Exception {
        int p = port;
        if (p == 0) {
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
        }
        this.host = host;
        this.pki = DevelopmentPki.loadOrCreate(dataDir, List.of("localhost", "127.0.0.1", host));
        this.registry = registry;
        this.ownedStorage = ownedStorage;
        this.localDmUri = URI.create("https://localhost:" + p + "/dm");
        this.dmUri = options.publicUri() != null ? options.publicUri() : localDmUri;
        SecureRandom random = new SecureRandom();
        this.apiToken = ApiToken.loadOrCreate(dataDir, random);
        this.management = new RegistryManagementApi(registry, random);
        this.bootstrap = new BootstrapService(
                new BootstrapTemplate(serverId, "TrustDM", dmUri, scheme),
                registry,
                new BootstrapTransportPolicy(registry),
                registry,
                random);
        UdpNotificationSender udp = new UdpNotificationSender(d -> Optional.ofNullable(pushAddresses.get(d)));
        NotificationSender route = (deviceId, package0) -> {
            NotificationSender sms = pushProxy;
            if (pushAddresses.containsKey(deviceId) || sms == null) {
                return udp.send(deviceId, package0);
            }
            return sms.send(deviceId, package0);
        };
        this.notifications =
                new NotificationService(registry, route, random, Clock.systemUTC(), Duration.ofSeconds(30));
        notifications.start(Duration.ofSeconds(1));
        MessageSecurityPolicy policy = new MessageSecurityPolicy(registry);
        this.engine = new ServerSessionEngine(
                SyncMlCodec.defaults(),
                dmUri.toString(),
                registry,
                registry,
                (deviceId, sessionId, first) -> new PolicyAuthenticator(
                        registry.account(deviceId)
                                .orElseThrow(() -> new IllegalStateException("no account for " + deviceId)),
                        registry,
                        policy),
                options.sessionIdleTimeout());
        engine.admission(options.maxSessions(), options.retryAfter());
        engine.respUri(options.respUri() == null ? null : options.respUri().toString());
        engine.onSessionStart((deviceId, msg) -> {
            for (Command c : msg.body().commands()) {
                if (c instanceof Alert a && a.code() == AlertCode.SERVER_INITIATED_MGMT) {
                    notifications.answered(deviceId, msg.header().sessionId());
                }
            }
        });
        this.http = DmHttpServer.builder()
                .host(host)
                .port(p)
                .tls(TlsContexts.create(pki.server(), List.of(pki.ca().certificate())), ClientAuth.WANT)
                .handler(engine)
                .mount("/bootstrap", new BootstrapHttpHandler(bootstrap))
                .mount(RestApi.PREFIX, new RestApi(management, notifications, bootstrap, bootstrapUri(), apiToken))
                .mount(ConsoleHandler.PREFIX, new ConsoleHandler())
                .build();
    }

    /**
     * Starts a server on {@code host:port} (0 = any free port) with its PKI and its H2 database in {@code dataDir}
     * (created and migrated when missing; closed with the server).
     */
    public static DmServer start(Path dataDir, String host, int port, String serverId, AuthScheme scheme)
            throws Exception {
        Database db = Database.open(dataDir);
        try {
            db.migrate();
            return start(dataDir, host, port, serverId, scheme, new JdbcRegistry(db), db, NodeOptions.defaults());
        } catch (Exception | Error e) {
            db.close();
            throw e;
        }
    }

    /** Starts a server on the given registry (which the caller keeps and closes), PKI in {@code dataDir}. */
    public static DmServer start(
            Path dataDir, String host, int port, String serverId, AuthScheme scheme, ManagementRegistry registry)
            throws Exception {
        return start(dataDir, host, port, serverId, scheme, registry, null, NodeOptions.defaults());
    }

    /**
     * Starts a server on the given registry (which the caller keeps and closes) with node options: a cluster node
     * behind a load balancer, or a non-default admission bound (see {@link NodeOptions} and docs/CLUSTER.md).
     */
    public static DmServer start(
            Path dataDir,
            String host,
            int port,
            String serverId,
            AuthScheme scheme,
            ManagementRegistry registry,
            NodeOptions options)
            throws Exception {
        return start(dataDir, host, port, serverId, scheme, registry, null, options);
    }

    private static DmServer start(
            Path dataDir,
            String host,
            int port,
            String serverId,
            AuthScheme scheme,
            ManagementRegistry registry,
            AutoCloseable owned,
            NodeOptions options)
            throws Exception {
        DmServer s = new DmServer(dataDir, host, port, serverId, scheme, registry, owned, options);
        s.http.start();
        // where `trustdm admin --data DIR` finds this server's REST API (the URL is no secret)
        try {
            Files.writeString(dataDir.resolve(URL_FILE), s.apiUri() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The DM URL Devices are given: this node's own, or the load balancer's when {@link NodeOptions} set one. */
    public URI dmUri() {
        return dmUri;
    }

    /** This process's own DM endpoint, whatever address Devices are given. */
    public URI localDmUri() {
        return localDmUri;
    }

    public URI bootstrapUri() {
        return URI.create(dmUri.toString().replace("/dm", "/bootstrap"));
    }

    /** The REST API's base, e.g. {@code https://localhost:8443/api/v1}. */
    public URI apiUri() {
        return URI.create(dmUri.toString().replace("/dm", RestApi.PREFIX));
    }

    /** The console's address (without the token). */
    public URI consoleUri() {
        return URI.create(dmUri.toString().replace("/dm", ConsoleHandler.PREFIX + "/"));
    }

    /**
     * The bearer token of the REST API and console; {@link ApiToken#isNew()} tells whether this start created it (and
     * so whether the operator has seen it). Never log it.
     */
    public ApiToken apiToken() {
        return apiToken;
    }

    /** The management operations behind the REST API. */
    public ManagementApi management() {
        return management;
    }

    public CertificateAuthority ca() {
        return pki.ca();
    }

    public ManagementRegistry registry() {
        return registry;
    }

    public BootstrapService bootstrap() {
        return bootstrap;
    }

    public NotificationService notifications() {
        return notifications;
    }

    public ServerSessionEngine engine() {
        return engine;
    }

    /**
     * Opens the DM OBEX binding over TLS on {@code port} (0 = any free port): the same session engine and the same
     * development PKI as the HTTPS endpoint, client certificates requested, and local provisioning (GET
     * {@code bootstrap}) through the bootstrap service, whose policy hands a bootstrap only to a Device that presented
     * its certificate. Closed with this server.
     */
    public ObexDmServer startObexTls(int port) throws IOException {
        ObexDmServer obex = ObexDmServer.builder()
                .host(host)
                .port(port)
                .tls(TlsContexts.create(pki.server(), List.of(pki.ca().certificate())), ClientAuth.WANT)
                .handler(engine)
                .bootstrap(bootstrap)
                .build()
                .start();
        obexListeners.add(obex);
        return obex;
    }

    /** Where WDP/UDP pushes for this Device go (the simulator registers its listener here). */
    public void registerPushAddress(String deviceId, InetSocketAddress address) {
        pushAddresses.put(deviceId, address);
    }

    /** The Device's MSISDN, for pushes through a PPG (SMS). */
    public void registerMsisdn(String deviceId, String msisdn) {
        msisdns.put(deviceId, msisdn);
    }

    public Optional<String> msisdn(String deviceId) {
        return Optional.ofNullable(msisdns.get(deviceId));
    }

    /**
     * Sends notifications for Devices without a WDP/UDP address through this sender, typically a
     * {@link io.trustdm.server.notification.PapNotificationSender} to a PPG built with {@code msisdns(this::msisdn)}.
     */
    public void usePushProxy(NotificationSender sender) {
        this.pushProxy = sender;
    }

    @Override
    public void close() throws Exception {
        try {
            for (ObexDmServer o : obexListeners) {
                o.close();
            }
            notifications.close();
            http.close();
        } finally {
            if (ownedStorage != null) {
                ownedStorage.close();
            }
        }
    }
}
