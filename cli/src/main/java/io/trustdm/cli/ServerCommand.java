package io.trustdm.cli;

import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.server.DmServer;
import io.trustdm.server.NodeOptions;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.store.Database;
import io.trustdm.server.store.JdbcRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trustdm server}: runs a DM Server until Ctrl-C. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = "Run the DM server (HTTPS DM and bootstrap endpoints, development CA in the data directory).")
final class ServerCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default ${DEFAULT-VALUE})")
    Path data = Path.of("data");

    @Option(names = "--host", paramLabel = "ADDR", description = "address to bind (default ${DEFAULT-VALUE})")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "HTTPS port (default ${DEFAULT-VALUE})")
    int port = 8443;

    @Option(names = "--server-id", paramLabel = "ID", description = "ServerID (default ${DEFAULT-VALUE})")
    String serverId = "trustdm";

    @Option(
            names = "--device-auth",
            paramLabel = "SCHEME",
            description = "scheme bootstrapped devices use: basic, md5 or hmac (default ${DEFAULT-VALUE})")
    String deviceAuth = "md5";

    @Option(
            names = "--db-url",
            paramLabel = "JDBC_URL",
            description = "PostgreSQL JDBC URL (default: H2 database in the data directory); the password comes from"
                    + " the TRUSTDM_DB_PASSWORD environment variable, never from the command line")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "database user (default ${DEFAULT-VALUE})")
    String dbUser = "trustdm";

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

    @Override
    public Integer call() throws Exception {
        AuthScheme scheme = switch (deviceAuth.toLowerCase(Locale.ROOT)) {
            case "basic" -> AuthScheme.BASIC;
            case "md5" -> AuthScheme.MD5;
            case "hmac" -> AuthScheme.HMAC;
            default -> throw new IllegalArgumentException("--device-auth must be basic, md5 or hmac");
        };
        Files.createDirectories(data);
        Database db = dbUrl == null
                ? Database.open(data)
                : Database.open(data, dbUrl, dbUser, System.getenv().getOrDefault("TRUSTDM_DB_PASSWORD", ""));
        try (db;
                DmServer server = startOn(db, scheme)) {
            for (DeviceRegistration r : registrations) {
                server.registry().register(r.account(serverId, scheme), null, null);
            }
            System.out.println("TrustDM server " + serverId);
            System.out.println("  DM endpoint         " + server.dmUri());
            System.out.println("  bootstrap endpoint  " + server.bootstrapUri() + "  (mutual TLS only)");
            System.out.println(
                    "  development CA      " + data.resolve("pki/ca.pem").toAbsolutePath());
            System.out.println("  storage             " + db);
            if (publicUri != null || respUri != null) {
                System.out.println("  cluster node        listening on " + server.localDmUri() + ", RespURI "
                        + (respUri == null ? "(none)" : respUri));
            }
            System.out.println("  admission           at most " + maxSessions + " sessions, then 503");
            for (DeviceRegistration r : registrations) {
                System.out.println("  registered device   " + r.deviceId + " (" + scheme.aauthType() + ")");
            }
            System.out.println("  REST API            " + server.apiUri() + "  (Authorization: Bearer <token>)");
            System.out.println(consoleLine(server));
            System.out.println("  next: ./trustdm admin --data " + data + " devices list");
            System.out.println("  press Ctrl-C to stop");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }

    private DmServer startOn(Database db, AuthScheme scheme) throws Exception {
        db.migrate();
        NodeOptions options = NodeOptions.defaults()
                .withPublicUri(publicUri)
                .withRespUri(respUri)
                .withAdmission(maxSessions, java.time.Duration.ofSeconds(retryAfterSeconds));
        return DmServer.start(data, host, port, serverId, scheme, new JdbcRegistry(db), options);
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
