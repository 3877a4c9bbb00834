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
import io.trustdm.server.auth.PolicyAuthenticator;
import io.trustdm.server.bootstrap.BootstrapHttpHandler;
import io.trustdm.server.bootstrap.BootstrapService;
import io.trustdm.server.bootstrap.BootstrapTemplate;
import io.trustdm.server.console.ConsoleHandler;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.http.DmHttpServer;
import io.trustdm.server.memory.InMemoryManagementApi;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.notification.NotificationService;
import io.trustdm.server.notification.UdpNotificationSender;
import io.trustdm.server.rest.ApiToken;
import io.trustdm.server.rest.RestApi;
import io.trustdm.server.session.ServerSessionEngine;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A complete DM Server in one process: HTTPS DM endpoint and bootstrap endpoint on one port (TLS 1.2/1.3, client
 * certificates requested), a development PKI in the data directory, policy-driven device authentication, the
 * bootstrap service, notifications over WDP/UDP, the northbound REST API at {@code /api/v1} (bearer token kept in the
 * data directory) and the web console at {@code /console/}. The registry is held in memory in this version.
 */
public final class DmServer implements AutoCloseable {
    private final DevelopmentPki pki;
    private final InMemoryRegistry registry;
    private final BootstrapService bootstrap;
    private final NotificationService notifications;
    private final ServerSessionEngine engine;
    private final DmHttpServer http;
    private final URI dmUri;
    private final ApiToken apiToken;
    private final ManagementApi management;
    private final Map<String, InetSocketAddress> pushAddresses = new ConcurrentHashMap<>();

    private DmServer(Path dataDir, String host, int port, String serverId, AuthScheme scheme) throws Exception {
        int p = port;
        if (p == 0) {
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
        }
        this.pki = DevelopmentPki.loadOrCreate(dataDir, List.of("localhost", "127.0.0.1", host));
        this.registry = new InMemoryRegistry();
        this.dmUri = URI.create("https://localhost:" + p + "/dm");
        SecureRandom random = new SecureRandom();
        this.apiToken = ApiToken.loadOrCreate(dataDir, random);
        this.management = new InMemoryManagementApi(registry, random);
        this.bootstrap = new BootstrapService(
                new BootstrapTemplate(serverId, "TrustDM", dmUri, scheme),
                registry,
                new BootstrapTransportPolicy(registry),
                random);
        this.notifications = new NotificationService(
                registry,
                new UdpNotificationSender(d -> Optional.ofNullable(pushAddresses.get(d))),
                random,
                Clock.systemUTC(),
                Duration.ofSeconds(30));
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
                Duration.ofMinutes(5));
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

    /** Starts a server on {@code host:port} (0 = any free port) with its PKI in {@code dataDir}. */
    public static DmServer start(Path dataDir, String host, int port, String serverId, AuthScheme scheme)
            throws Exception {
        DmServer s = new DmServer(dataDir, host, port, serverId, scheme);
        s.http.start();
        return s;
    }

    public URI dmUri() {
        return dmUri;
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

    public InMemoryRegistry registry() {
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

    /** Where WDP/UDP pushes for this Device go (the simulator registers its listener here). */
    public void registerPushAddress(String deviceId, InetSocketAddress address) {
        pushAddresses.put(deviceId, address);
    }

    @Override
    public void close() throws Exception {
        http.close();
    }
}
