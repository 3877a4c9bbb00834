package io.trustdm.cli;

import io.trustdm.cli.logging.LogSetup;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.server.DmServer;
import io.trustdm.server.NodeOptions;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.config.ConfigKey;
import io.trustdm.server.config.ServerConfig;
import io.trustdm.server.store.Database;
import io.trustdm.server.store.JdbcRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trustdm server}: runs a DM Server until Ctrl-C. Every setting goes through {@link ServerConfig}: built-in
 * defaults, then {@code --config FILE}, then {@code TRUSTDM_*} environment variables, then these options. Secrets
 * (database and key store passwords) come only from the file or the environment, never from the command line, where
 * other users could read them in the process list.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Run the DM server (HTTPS DM and bootstrap endpoints, REST API, console, /metrics).",
            "Settings: defaults < --config FILE < TRUSTDM_* environment < options (see --print-config)."
        })
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file with server settings")
    Path configFile;

    @Option(
            names = "--print-config",
            description = "print the effective settings with where each came from (secrets redacted) and exit")
    boolean printConfig;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory [server.data-dir, default data]")
    Path data;

    @Option(names = "--host", paramLabel = "ADDR", description = "address to bind [server.host, default 127.0.0.1]")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTPS port, 0 = any free [server.port, default 8443]")
    Integer port;

    @Option(names = "--server-id", paramLabel = "ID", description = "ServerID [server.server-id, default trustdm]")
    String serverId;

    @Option(
            names = "--public-host",
            paramLabel = "NAME",
            description = "host name Devices use to reach this server [server.public-host, default localhost]")
    String publicHost;

    @Option(
            names = "--device-auth",
            paramLabel = "SCHEME",
            description = "scheme bootstrapped devices use: basic, md5 or hmac [dm.device-auth, default md5]")
    String deviceAuth;

    @Option(
            names = "--dm-path",
            paramLabel = "PATH",
            description = "DM endpoint path, comma-separated for several [dm.path, default /dm]")
    String dmPath;

    @Option(
            names = "--db-url",
            paramLabel = "JDBC_URL",
            description = "PostgreSQL JDBC URL [storage.jdbc-url, default: H2 in the data directory]; the password"
                    + " comes from TRUSTDM_STORAGE_PASSWORD or the config file, never from the command line")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "database user [storage.username]")
    String dbUser;

    @Option(
            names = "--tls-cert",
            paramLabel = "PEM",
            description = "operator certificate chain, PEM, leaf first [tls.certificate]")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "its private key, PEM [tls.private-key]")
    String tlsKey;

    @Option(
            names = "--tls-keystore",
            paramLabel = "P12",
            description = "operator PKCS#12 key store instead of PEM; password from TRUSTDM_TLS_KEYSTORE_PASSWORD"
                    + " [tls.keystore]")
    String tlsKeystore;

    @Option(
            names = "--tls-client-ca",
            paramLabel = "PEM",
            description = "CAs that issue Device certificates [tls.client-ca, default: the development CA]")
    String tlsClientCa;

    @Option(
            names = "--client-auth",
            paramLabel = "MODE",
            description = "TLS client certificates: want or need [tls.client-auth, default want]")
    String clientAuth;

    @Option(
            names = "--session-timeout",
            paramLabel = "DURATION",
            description = "idle time after which a session is dropped, ISO-8601 [dm.session-timeout, default PT5M]")
    String sessionTimeout;

    @Option(
            names = "--max-message-bytes",
            paramLabel = "N",
            description = "largest DM message accepted [dm.max-message-bytes, default 65536]")
    String maxMessageBytes;

    @Option(
            names = "--bootstrap-templates",
            paramLabel = "FILE",
            description = "file of bootstrap template groups and their members [bootstrap.templates]")
    String bootstrapTemplates;

    @Option(
            names = "--shutdown-grace",
            paramLabel = "DURATION",
            description = "how long Ctrl-C waits for running sessions [server.shutdown-grace, default PT20S]")
    String shutdownGrace;

    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            description = "log lines on stderr: text or json [log.format, default text]")
    String logFormat;

    @Option(
            names = "--log-level",
            paramLabel = "LEVEL",
            description = "level of TrustDM's loggers [log.level, default info]")
    String logLevel;

    @Option(
            names = "--public-uri",
            paramLabel = "URL",
            description = "cluster node: the DM URL Devices are given, i.e. the load balancer's (docs/CLUSTER.md)")
    java.net.URI publicUri;

    @Option(
            names = "--resp-uri",
            paramLabel = "URL",
            description = "cluster node: this node's own address through the load balancer, sent as RespURI so that"
                    + " the rest of each session reaches this node")
    java.net.URI respUri;

    @Option(
            names = "--proxy-protocol",
            description = "cluster node behind nginx with proxy_protocol on: take the Device's address from the PROXY"
                    + " header; only where the port is reachable from the balancer alone [server.proxy-protocol]")
    Boolean proxyProtocol;

    @Option(
            names = "--max-sessions",
            paramLabel = "N",
            description = "sessions in progress at most; a new one beyond gets HTTP 503 with Retry-After"
                    + " (default ${DEFAULT-VALUE})")
    int maxSessions = io.trustdm.server.session.ServerSessionEngine.DEFAULT_MAX_SESSIONS;

    @Option(
            names = "--retry-after",
            paramLabel = "SECONDS",
            description = "Retry-After of that 503 (default ${DEFAULT-VALUE})")
    long retryAfterSeconds = io.trustdm.server.session.ServerSessionEngine.DEFAULT_RETRY_AFTER.toSeconds();

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Spec
    CommandSpec spec;

    /** The process environment; a field so tests can replace it. */
    Map<String, String> environment = System.getenv();

    /** A Device configured with credentials instead of a bootstrap (e.g. a {@code trustdm device} simulator). */
    static final class DeviceRegistration {
        @Option(
                names = "--register-device",
                required = true,
                paramLabel = "ID",
                description = "register a device provisioned with credentials (repeatable with its options)")
        String deviceId;

        @Option(names = "--device-username", required = true, paramLabel = "U", description = "its AAuthName")
        String username;

        @Option(names = "--device-password", required = true, paramLabel = "P", description = "its AAuthSecret")
        String password;

        @Option(
                names = "--device-server-password",
                paramLabel = "SP",
                description = "the server's AAuthSecret toward it (name = ServerID)")
        String serverPassword;

        /** The server-side account: digest keys only, never the clear passwords. */
        DeviceAccount account(String serverId, AuthScheme scheme) {
            return new DeviceAccount(
                    deviceId,
                    AccountSecurity.of(deviceId, scheme, true),
                    false,
                    username,
                    DigestKey.of(username, Secret.ofUtf8(password)),
                    serverPassword == null ? null : serverId,
                    serverPassword == null ? null : DigestKey.of(serverId, Secret.ofUtf8(serverPassword)));
        }
    }

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<DeviceRegistration> registrations = new ArrayList<>();

    /** The command-line layer: only the options given, by key. */
    Map<ConfigKey, String> overrides() {
        Map<ConfigKey, String> o = new EnumMap<>(ConfigKey.class);
        put(o, ConfigKey.DATA_DIR, data == null ? null : data.toString());
        put(o, ConfigKey.HOST, host);
        put(o, ConfigKey.PORT, port == null ? null : port.toString());
        put(o, ConfigKey.SERVER_ID, serverId);
        put(o, ConfigKey.PUBLIC_HOST, publicHost);
        put(o, ConfigKey.DEVICE_AUTH, deviceAuth);
        put(o, ConfigKey.DM_PATH, dmPath);
        put(o, ConfigKey.JDBC_URL, dbUrl);
        put(o, ConfigKey.JDBC_USER, dbUser);
        put(o, ConfigKey.TLS_CERTIFICATE, tlsCert);
        put(o, ConfigKey.TLS_PRIVATE_KEY, tlsKey);
        put(o, ConfigKey.TLS_KEYSTORE, tlsKeystore);
        put(o, ConfigKey.TLS_CLIENT_CA, tlsClientCa);
        put(o, ConfigKey.CLIENT_AUTH, clientAuth);
        put(o, ConfigKey.SESSION_TIMEOUT, sessionTimeout);
        put(o, ConfigKey.MAX_MESSAGE_BYTES, maxMessageBytes);
        put(o, ConfigKey.SHUTDOWN_GRACE, shutdownGrace);
        put(o, ConfigKey.BOOTSTRAP_TEMPLATES, bootstrapTemplates);
        put(o, ConfigKey.LOG_FORMAT, logFormat);
        put(o, ConfigKey.LOG_LEVEL, logLevel);
        put(o, ConfigKey.PROXY_PROTOCOL, proxyProtocol == null ? null : proxyProtocol.toString());
        return o;
    }

    private static void put(Map<ConfigKey, String> o, ConfigKey k, String v) {
        if (v != null) {
            o.put(k, v);
        }
    }

    /** The resolved configuration; {@code TRUSTDM_DB_PASSWORD} (the older name) still works for the password. */
    ServerConfig config() {
        Map<String, String> env = new HashMap<>(environment);
        String legacy = env.get("TRUSTDM_DB_PASSWORD");
        if (legacy != null) {
            env.putIfAbsent(ConfigKey.JDBC_PASSWORD.environmentVariable(), legacy);
        }
        return ServerConfig.load(Optional.ofNullable(configFile), env, overrides());
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        if (printConfig) {
            spec.commandLine().getOut().print(config.print());
            spec.commandLine().getOut().flush();
            return 0;
        }
        LogSetup.apply(config.logFormat(), config.logLevel());
        AuthScheme scheme = AuthScheme.valueOf(config.deviceAuth().toUpperCase(Locale.ROOT));
        DmServer.Builder builder = DmServer.builder()
                .configure(config)
                .node(NodeOptions.defaults()
                        .withSessionIdleTimeout(config.duration(ConfigKey.SESSION_TIMEOUT))
                        .withPublicUri(publicUri)
                        .withRespUri(respUri)
                        .withAdmission(maxSessions, Duration.ofSeconds(retryAfterSeconds))
                        .withProxyProtocol(config.bool(ConfigKey.PROXY_PROTOCOL)));
        Path dir = config.dataDir();
        Files.createDirectories(dir);
        Database db = config.jdbcUrl().isEmpty()
                ? Database.open(dir)
                : Database.open(
                        dir,
                        config.jdbcUrl().get(),
                        config.text(ConfigKey.JDBC_USER),
                        config.text(ConfigKey.JDBC_PASSWORD));
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Duration grace = config.duration(ConfigKey.SHUTDOWN_GRACE);
        // The JVM halts once its shutdown hooks return, so the hook waits for the graceful close to finish.
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    try {
                        stopped.await(grace.toMillis() + 15_000, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "trustdm-shutdown");
        try (db) {
            db.migrate();
            try (DmServer server = builder.start(new JdbcRegistry(db))) {
                // registered before the banner: whoever reads "press Ctrl-C" may stop us at once
                Runtime.getRuntime().addShutdownHook(hook);
                for (DeviceRegistration r : registrations) {
                    server.registry().register(r.account(config.serverId(), scheme), null, null);
                }
                PrintWriter out = spec.commandLine().getOut();
                out.println("TrustDM server " + config.serverId());
                out.println("  DM endpoint         " + server.dmUri());
                out.println("  bootstrap endpoint  " + server.bootstrapUri() + "  (mutual TLS only)");
                if (!config.text(ConfigKey.BOOTSTRAP_TEMPLATES).isEmpty()) {
                    out.println("  bootstrap groups    "
                            + server.bootstrap().templates().groups().size() + " from "
                            + config.text(ConfigKey.BOOTSTRAP_TEMPLATES) + "  (admin templates list)");
                }
                out.println("  TLS certificate     " + describeTls(config, dir));
                out.println("  data directory      " + dir.toAbsolutePath());
                out.println("  storage             " + db);
                if (publicUri != null || respUri != null) {
                    out.println("  cluster node        listening on " + server.localDmUri() + ", RespURI "
                            + (respUri == null ? "(none)" : respUri));
                }
                out.println("  admission           at most " + maxSessions + " sessions, then 503");
                for (DeviceRegistration r : registrations) {
                    out.println("  registered device   " + r.deviceId + " (" + scheme.aauthType() + ")");
                }
                out.println("  REST API            " + server.apiUri() + "  (Authorization: Bearer <token>)");
                if (config.bool(ConfigKey.METRICS_ENABLED)) {
                    out.println("  metrics             " + server.metricsUri() + "  (same bearer token)");
                }
                out.println("  health              " + server.apiUri() + "/health");
                out.println(consoleLine(server));
                out.println("  next: ./trustdm admin --data " + dir + " devices list");
                out.println("  press Ctrl-C to stop (running sessions get " + grace + " to finish)");
                out.flush();
                stop.await();
                out.println("stopping: no new sessions; waiting up to " + grace + " for running ones");
                out.flush();
            }
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    private static String describeTls(ServerConfig c, Path dir) {
        return switch (c.tlsIdentitySource()) {
            case DEVELOPMENT_CA ->
                "issued by the development CA " + dir.resolve("pki/ca.pem").toAbsolutePath();
            case PEM -> "operator PEM " + c.text(ConfigKey.TLS_CERTIFICATE);
            case PKCS12 -> "operator PKCS#12 " + c.text(ConfigKey.TLS_KEYSTORE);
        };
    }

    /**
     * The console line: with the token in the URL fragment when this start created the token (the one time it is
     * shown), otherwise where the token is kept.
     */
    static String consoleLine(DmServer server) {
        if (server.apiToken().isNew()) {
            return "Console: " + server.consoleUri() + "#token="
                    + server.apiToken().value();
        }
        return "Console: " + server.consoleUri() + "  (token in "
                + server.apiToken().file() + ")";
    }
}
