package io.trustdm.server;

import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.Command;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.DevelopmentPki;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.security.policy.SecurityAuditSink;
import io.trustdm.server.api.ManagementApi;
import io.trustdm.server.api.RegistryManagementApi;
import io.trustdm.server.auth.PolicyAuthenticator;
import io.trustdm.server.bootstrap.BootstrapHttpHandler;
import io.trustdm.server.bootstrap.BootstrapService;
import io.trustdm.server.bootstrap.BootstrapTemplate;
import io.trustdm.server.bootstrap.BootstrapTemplates;
import io.trustdm.server.config.BootstrapGroupsFile;
import io.trustdm.server.config.ConfigException;
import io.trustdm.server.config.ConfigKey;
import io.trustdm.server.config.OperatorTls;
import io.trustdm.server.config.ServerConfig;
import io.trustdm.server.console.ConsoleHandler;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.http.DmHttpServer;
import io.trustdm.server.metrics.MetricsHandler;
import io.trustdm.server.metrics.ServerMetrics;
import io.trustdm.server.notification.InMemoryWakeJobStore;
import io.trustdm.server.notification.NotificationPolicy;
import io.trustdm.server.notification.NotificationSender;
import io.trustdm.server.notification.NotificationService;
import io.trustdm.server.notification.UdpNotificationSender;
import io.trustdm.server.notification.WakeJobStore;
import io.trustdm.server.obex.ObexDmServer;
import io.trustdm.server.rest.ApiToken;
import io.trustdm.server.rest.RestApi;
import io.trustdm.server.session.DeviceDirectory;
import io.trustdm.server.session.JobQueue;
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
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A complete DM Server in one process: HTTPS DM endpoint and bootstrap endpoint on one port (TLS 1.2/1.3, client
 * certificates requested), a development PKI in the data directory, policy-driven device authentication, the
 * bootstrap service, notifications over WDP/UDP or through a Push Proxy Gateway (SMS), the northbound REST API at
 * {@code /api/v1} (bearer token kept in the data directory) and the web console at {@code /console/}. The registry is
 * durable by default: an H2 database in the data directory (see {@link Database}); a PostgreSQL-backed
 * {@link JdbcRegistry} or an in-memory registry for tests can be passed instead.
 *
 * <p>Operators configure it through {@link #builder()} (the {@code trustdm server} command maps its layered
 * configuration onto the builder): their own TLS certificate instead of the development one, required client
 * certificates, limits, and a shutdown grace period. {@link #close()} shuts down gracefully: new sessions get HTTP 503
 * with {@code Retry-After} while running Management Sessions may finish within the grace period. Prometheus metrics
 * are served at {@code /metrics} behind the API token.
 */
public final class DmServer implements AutoCloseable {
    /** The file in the data directory holding the REST API's base URL of the last start. */
    public static final String URL_FILE = "server.url";

    private static final Logger LOG = LoggerFactory.getLogger(DmServer.class);

    /** Path of the Prometheus scrape. */
    public static final String METRICS_PATH = "/metrics";

    private final DevelopmentPki pki;
    private final ManagementRegistry registry;
    private final AutoCloseable ownedStorage;
    private final BootstrapService bootstrap;
    private final NotificationService notifications;
    private final ServerSessionEngine engine;
    private final DmHttpServer http;
    private final URI baseUri;
    private final URI dmUri;
    private final URI localDmUri;
    private final ApiToken apiToken;
    private final ManagementApi management;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Map<String, InetSocketAddress> pushAddresses = new ConcurrentHashMap<>();
    private final List<ObexDmServer> obexListeners = new CopyOnWriteArrayList<>();
    private final String host;
    private final javax.net.ssl.SSLContext tls;
    private final ClientAuth clientAuth;
    private final Duration shutdownGrace;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, String> msisdns = new ConcurrentHashMap<>();
    private volatile NotificationSender pushProxy;

    private DmServer(Builder b, ManagementRegistry registry, AutoCloseable ownedStorage) throws Exception {
        int p = b.port;
        if (p == 0) {
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
        }
        this.host = b.host;
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", b.host));
        if (!names.contains(b.publicHost)) {
            names.add(b.publicHost);
        }
        this.pki = DevelopmentPki.loadOrCreate(b.dataDir, names);
        this.registry = registry;
        this.ownedStorage = ownedStorage;
        this.shutdownGrace = b.shutdownGrace;
        this.clientAuth = b.clientAuth;
        this.baseUri = URI.create("https://" + b.publicHost + ":" + p);
        this.localDmUri = URI.create(baseUri + b.dmPaths.get(0));
        this.dmUri = b.publicUri != null ? b.publicUri : localDmUri;
        SecureRandom random = new SecureRandom();
        this.apiToken = ApiToken.loadOrCreate(b.dataDir, random);
        this.management = new RegistryManagementApi(registry, random, dmUri);
        // Everything the engine and the policies report goes through the metering wrappers, so no decision escapes
        // being counted.
        SecurityAuditSink audit = metrics.meter((SecurityAuditSink) registry);
        DeviceDirectory directory = metrics.meter((DeviceDirectory) registry);
        JobQueue jobs = metrics.meter((JobQueue) registry);
        this.bootstrap = new BootstrapService(
                templates(b, new BootstrapTemplate(b.serverId, "TrustDM", dmUri, b.scheme)),
                registry,
                new BootstrapTransportPolicy(audit),
                audit,
                random);
        UdpNotificationSender udp = new UdpNotificationSender(d -> Optional.ofNullable(pushAddresses.get(d)));
        NotificationSender route = (deviceId, package0) -> {
            NotificationSender sms = pushProxy;
            if (pushAddresses.containsKey(deviceId) || sms == null) {
                return udp.send(deviceId, package0);
            }
            return sms.send(deviceId, package0);
        };
        // on a database, wake jobs and their rate limits are shared with every node on it and survive a restart
        WakeJobStore wakeJobs = registry instanceof JdbcRegistry jdbc ? jdbc.wakeJobs() : new InMemoryWakeJobStore();
        this.notifications = new NotificationService(
                registry,
                metrics.meterNotifications(route),
                random,
                Clock.systemUTC(),
                NotificationPolicy.defaults().withDeviceSpacing(b.notificationSpacing),
                wakeJobs);
        notifications.onFinal(w -> metrics.wake(w.state().name().toLowerCase(Locale.ROOT)));
        notifications.start(Duration.ofSeconds(1));
        MessageSecurityPolicy policy = new MessageSecurityPolicy(audit);
        this.engine = new ServerSessionEngine(
                SyncMlCodec.defaults(),
                dmUri.toString(),
                directory,
                jobs,
                (deviceId, sessionId, first) -> new PolicyAuthenticator(
                        registry.account(deviceId)
                                .orElseThrow(() -> new IllegalStateException("no account for " + deviceId)),
                        registry,
                        policy),
                b.sessionIdleTimeout);
        engine.admission(b.maxSessions, b.retryAfter);
        engine.authenticationTimeout(b.sessionAuthTimeout);
        engine.unitOfWork(registry);
        engine.respUri(b.respUri == null ? null : b.respUri.toString());
        metrics.activeSessionsFrom(engine::activeSessions);
        if (registry instanceof JdbcRegistry jdbc) {
            Database db = jdbc.database();
            if (db.fileBytes().isPresent()) {
                metrics.storageFileFrom(() -> db.fileBytes().orElse(-1));
            }
        }
        if (b.maxMessageBytes > 0) {
            engine.messageLimits(b.maxMessageBytes, Math.max(b.maxMessageBytes, 1024 * 1024));
        }
        engine.onSessionStart((deviceId, msg) -> {
            metrics.sessionStarted();
            for (Command c : msg.body().commands()) {
                if (c instanceof Alert a && a.code() == AlertCode.SERVER_INITIATED_MGMT) {
                    notifications.answered(deviceId, msg.header().sessionId());
                }
            }
        });
        IssuedCertificate identity = b.tlsIdentity != null ? b.tlsIdentity : pki.server();
        List<X509Certificate> clientCas =
                b.clientCas != null ? b.clientCas : List.of(pki.ca().certificate());
        this.tls = TlsContexts.create(identity, clientCas);
        DmHttpServer.Builder hb = DmHttpServer.builder()
                .host(host)
                .port(p)
                .tls(tls, b.clientAuth)
                .dmPaths(b.dmPaths)
                .proxyProtocol(b.proxyProtocol)
                .handler(engine)
                .mount("/bootstrap", new BootstrapHttpHandler(bootstrap))
                .mount(
                        RestApi.PREFIX,
                        new RestApi(management, notifications, bootstrap, bootstrapUri(), apiToken)
                                .storageCheck(registry::storageReachable))
                .mount(ConsoleHandler.PREFIX, new ConsoleHandler());
        if (b.maxMessageBytes > 0) {
            hb.maxMessageBytes(b.maxMessageBytes);
        }
        if (b.metricsEnabled) {
            hb.mount(METRICS_PATH, new MetricsHandler(metrics, this::bearerMatches));
        }
        this.http = hb.build();
    }

    /**
     * The default template plus the configured groups; a field a group leaves out takes the default's value (the
     * server-side scheme is derived from the group's device scheme unless the group names one).
     */
    private static BootstrapTemplates templates(Builder b, BootstrapTemplate fallback) {
        BootstrapTemplates t = BootstrapTemplates.of(fallback);
        for (BootstrapGroupsFile.Group g : b.bootstrapGroups) {
            AuthScheme client = g.deviceAuth().orElse(fallback.clientScheme());
            BootstrapTemplate template;
            try {
                template = g.serverAuth().isPresent()
                        ? new BootstrapTemplate(
                                g.serverId().orElse(fallback.serverId()),
                                g.serverName().orElse(fallback.serverName()),
                                g.address().orElse(fallback.address()),
                                client,
                                g.serverAuth().get())
                        : new BootstrapTemplate(
                                g.serverId().orElse(fallback.serverId()),
                                g.serverName().orElse(fallback.serverName()),
                                g.address().orElse(fallback.address()),
                                client);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        "bootstrap.templates: group '" + g.name() + "' (line " + g.line() + ") " + e.getMessage());
            }
            t = t.withGroup(g.name(), template);
            for (String member : g.members()) {
                t = t.withMember(member, g.name());
            }
        }
        return t;
    }

    private boolean bearerMatches(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return apiToken.matches(authorization.substring(7).strip());
    }

    /** A server configured step by step; {@link Builder#start()} opens the H2 database in the data directory. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a server on {@code host:port} (0 = any free port) with its PKI and its H2 database in {@code dataDir}
     * (created and migrated when missing; closed with the server).
     */
    public static DmServer start(Path dataDir, String host, int port, String serverId, AuthScheme scheme)
            throws Exception {
        return builder()
                .dataDir(dataDir)
                .host(host)
                .port(port)
                .serverId(serverId)
                .deviceAuth(scheme)
                .start();
    }

    /** Starts a server on the given registry (which the caller keeps and closes), PKI in {@code dataDir}. */
    public static DmServer start(
            Path dataDir, String host, int port, String serverId, AuthScheme scheme, ManagementRegistry registry)
            throws Exception {
        return builder()
                .dataDir(dataDir)
                .host(host)
                .port(port)
                .serverId(serverId)
                .deviceAuth(scheme)
                .start(registry);
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
        return builder()
                .dataDir(dataDir)
                .host(host)
                .port(port)
                .serverId(serverId)
                .deviceAuth(scheme)
                .node(options)
                .start(registry);
    }

    private static DmServer start(Builder b, ManagementRegistry registry, AutoCloseable owned) throws Exception {
        DmServer s = new DmServer(b, registry, owned);
        s.http.start();
        // where `trustdm admin --data DIR` finds this server's REST API (the URL is no secret)
        try {
            Files.writeString(b.dataDir.resolve(URL_FILE), s.apiUri() + "\n", StandardCharsets.US_ASCII);
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
        return URI.create(baseUri + "/bootstrap");
    }

    /** The REST API's base, e.g. {@code https://localhost:8443/api/v1}. */
    public URI apiUri() {
        return URI.create(baseUri + RestApi.PREFIX);
    }

    /** The console's address (without the token). */
    public URI consoleUri() {
        return URI.create(baseUri + ConsoleHandler.PREFIX + "/");
    }

    /** The Prometheus scrape address (bearer token required). */
    public URI metricsUri() {
        return URI.create(baseUri + METRICS_PATH);
    }

    /** The counters behind {@code /metrics}. */
    public ServerMetrics metrics() {
        return metrics;
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
     * Opens the DM OBEX binding over TLS on {@code port} (0 = any free port): the same session engine, server
     * certificate and client certificate setting as the HTTPS endpoint, and local provisioning (GET
     * {@code bootstrap}) through the bootstrap service, whose policy hands a bootstrap only to a Device that presented
     * its certificate. Closed with this server.
     */
    public ObexDmServer startObexTls(int port) throws IOException {
        ObexDmServer obex = ObexDmServer.builder()
                .host(host)
                .port(port)
                .tls(tls, clientAuth)
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

    /**
     * Starts the shutdown without waiting: new Management Sessions are answered with HTTP 503 and
     * {@code Retry-After}; running ones go on. {@link #close()} calls it first.
     */
    public void beginShutdown() {
        engine.drain(shutdownGrace);
    }

    /**
     * Graceful stop: refuses new sessions, waits up to the shutdown grace period for running Management Sessions to
     * finish, then stops the listeners, the notification service and owned storage. Safe to call twice.
     */
    @Override
    public void close() throws Exception {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            beginShutdown();
            int left = engine.awaitIdle(shutdownGrace);
            if (left > 0) {
                LOG.warn("stopping with {} session(s) still running after the {} grace period", left, shutdownGrace);
            } else {
                LOG.info("no session running; stopping");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    /**
     * Settings of a {@link DmServer}. Defaults match {@code ServerConfig}'s: development CA, client certificates
     * requested, MD5 device authentication, five-minute idle timeout, 20 s shutdown grace, metrics on.
     */
    public static final class Builder {
        private Path dataDir = Path.of("data");
        private String host = "127.0.0.1";
        private int port;
        private String serverId = "trustdm";
        private AuthScheme scheme = AuthScheme.MD5;
        private String publicHost = "localhost";
        private List<String> dmPaths = List.of("/dm");
        private ClientAuth clientAuth = ClientAuth.WANT;
        private IssuedCertificate tlsIdentity;
        private List<X509Certificate> clientCas;
        private Duration sessionIdleTimeout = Duration.ofMinutes(5);
        private Duration sessionAuthTimeout = ServerSessionEngine.DEFAULT_AUTH_TIMEOUT;
        private boolean proxyProtocol;
        private int maxMessageBytes;
        private Duration shutdownGrace = Duration.ofSeconds(20);
        private boolean metricsEnabled = true;
        private Duration notificationSpacing = Duration.ofSeconds(30);
        private URI publicUri;
        private URI respUri;
        private int maxSessions = ServerSessionEngine.DEFAULT_MAX_SESSIONS;
        private Duration retryAfter = ServerSessionEngine.DEFAULT_RETRY_AFTER;
        private List<BootstrapGroupsFile.Group> bootstrapGroups = List.of();

        private Builder() {}

        /**
         * Cluster node settings (docs/CLUSTER.md): the DM URL Devices are given (the load balancer's), this node's
         * RespURI, the session idle timeout and the admission bound.
         */
        public Builder node(NodeOptions v) {
            Objects.requireNonNull(v, "options");
            this.publicUri = v.publicUri();
            this.respUri = v.respUri();
            this.sessionIdleTimeout = v.sessionIdleTimeout();
            this.maxSessions = v.maxSessions();
            this.retryAfter = v.retryAfter();
            this.proxyProtocol = v.proxyProtocol();
            return this;
        }

        /** PKI, API token and (without an explicit registry) the H2 database live here. */
        public Builder dataDir(Path v) {
            this.dataDir = Objects.requireNonNull(v, "dataDir");
            return this;
        }

        public Builder host(String v) {
            this.host = Objects.requireNonNull(v, "host");
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int v) {
            if (v < 0 || v > 65535) {
                throw new IllegalArgumentException("port must be 0..65535");
            }
            this.port = v;
            return this;
        }

        public Builder serverId(String v) {
            this.serverId = Objects.requireNonNull(v, "serverId");
            return this;
        }

        /** The scheme bootstrapped Devices use. */
        public Builder deviceAuth(AuthScheme v) {
            this.scheme = Objects.requireNonNull(v, "scheme");
            return this;
        }

        /** The host name in the URIs handed to Devices (bootstrap profiles); must match the server certificate. */
        public Builder publicHost(String v) {
            this.publicHost = Objects.requireNonNull(v, "publicHost");
            return this;
        }

        /** DM endpoint paths; the first is the one put in bootstrap profiles. */
        public Builder dmPaths(List<String> v) {
            if (v.isEmpty() || v.stream().anyMatch(x -> !x.startsWith("/"))) {
                throw new IllegalArgumentException("DM paths must be non-empty and start with /");
            }
            this.dmPaths = List.copyOf(v);
            return this;
        }

        public Builder clientAuth(ClientAuth v) {
            this.clientAuth = Objects.requireNonNull(v, "clientAuth");
            return this;
        }

        /** The operator's server certificate chain and key, instead of the development CA's certificate. */
        public Builder tlsIdentity(IssuedCertificate v) {
            this.tlsIdentity = Objects.requireNonNull(v, "tlsIdentity");
            return this;
        }

        /** CAs trusted to issue Device certificates, instead of the development CA. */
        public Builder clientCas(List<X509Certificate> v) {
            this.clientCas = List.copyOf(v);
            return this;
        }

        public Builder sessionIdleTimeout(Duration v) {
            this.sessionIdleTimeout = positive(v, "sessionIdleTimeout");
            return this;
        }

        /**
         * Silence after which a session whose Device has not authenticated is dropped and its admission slot freed
         * (default 30 s; never longer than the idle timeout). Keeps a known DevId without its secret from holding
         * slots.
         */
        /** Accept the PROXY protocol from a load balancer in front of TLS (see {@link NodeOptions#proxyProtocol()}). */
        public Builder proxyProtocol(boolean v) {
            this.proxyProtocol = v;
            return this;
        }

        public Builder sessionAuthTimeout(Duration v) {
            this.sessionAuthTimeout = positive(v, "sessionAuthTimeout");
            return this;
        }

        /** Largest DM message accepted over HTTP, also announced as MaxMsgSize; 0 keeps the built-in limits. */
        public Builder maxMessageBytes(int v) {
            if (v != 0 && v < 1024) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 1024");
            }
            this.maxMessageBytes = v;
            return this;
        }

        /** How long {@link DmServer#close()} waits for running sessions. */
        public Builder shutdownGrace(Duration v) {
            this.shutdownGrace = Objects.requireNonNull(v, "shutdownGrace");
            if (v.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must not be negative");
            }
            return this;
        }

        public Builder metricsEnabled(boolean v) {
            this.metricsEnabled = v;
            return this;
        }

        /**
         * Named bootstrap template groups (see {@link BootstrapGroupsFile}); a field a group leaves out takes the
         * default template's value.
         */
        public Builder bootstrapGroups(List<BootstrapGroupsFile.Group> v) {
            this.bootstrapGroups = List.copyOf(v);
            return this;
        }

        /** Least time between two wake-up notifications to one Device. */
        public Builder notificationSpacing(Duration v) {
            this.notificationSpacing = Objects.requireNonNull(v, "notificationSpacing");
            return this;
        }

        /**
         * Takes every server setting from a resolved configuration (data directory, listener, identity, TLS material,
         * limits, grace period, metrics, notification spacing). Storage is opened by the caller.
         *
         * @throws io.trustdm.server.config.ConfigException when TLS material named by the configuration is unusable
         */
        public Builder configure(ServerConfig c) {
            dataDir(c.dataDir());
            host(c.host());
            port(c.port());
            serverId(c.serverId());
            deviceAuth(AuthScheme.valueOf(c.deviceAuth().toUpperCase(Locale.ROOT)));
            publicHost(c.text(ConfigKey.PUBLIC_HOST));
            dmPaths(c.dmPaths());
            clientAuth(c.requireClientCertificates() ? ClientAuth.NEED : ClientAuth.WANT);
            OperatorTls.identity(c).ifPresent(this::tlsIdentity);
            OperatorTls.clientCas(c).ifPresent(this::clientCas);
            sessionIdleTimeout(c.duration(ConfigKey.SESSION_TIMEOUT));
            sessionAuthTimeout(c.duration(ConfigKey.AUTH_TIMEOUT));
            maxMessageBytes(c.integer(ConfigKey.MAX_MESSAGE_BYTES));
            shutdownGrace(c.duration(ConfigKey.SHUTDOWN_GRACE));
            metricsEnabled(c.bool(ConfigKey.METRICS_ENABLED));
            proxyProtocol(c.bool(ConfigKey.PROXY_PROTOCOL));
            notificationSpacing(c.duration(ConfigKey.NOTIFICATION_SPACING));
            bootstrapGroups(c.bootstrapGroups());
            return this;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }

        /** Starts on an H2 database in the data directory (created and migrated when missing; closed with the server). */
        public DmServer start() throws Exception {
            Database db = Database.open(dataDir);
            try {
                db.migrate();
                return DmServer.start(this, new JdbcRegistry(db), db);
            } catch (Exception | Error e) {
                db.close();
                throw e;
            }
        }

        /** Starts on the given registry, which the caller keeps and closes. */
        public DmServer start(ManagementRegistry registry) throws Exception {
            return DmServer.start(this, Objects.requireNonNull(registry, "registry"), null);
        }
    }
}
