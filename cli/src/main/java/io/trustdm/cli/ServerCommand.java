package io.trustdm.cli;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.DmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        AuthScheme scheme = switch (deviceAuth.toLowerCase(Locale.ROOT)) {
            case "basic" -> AuthScheme.BASIC;
            case "md5" -> AuthScheme.MD5;
            case "hmac" -> AuthScheme.HMAC;
            default -> throw new IllegalArgumentException("--device-auth must be basic, md5 or hmac");
        };
        Files.createDirectories(data);
        try (DmServer server = DmServer.start(data, host, port, serverId, scheme)) {
            System.out.println("TrustDM server " + serverId);
            System.out.println("  DM endpoint         " + server.dmUri());
            System.out.println("  bootstrap endpoint  " + server.bootstrapUri() + "  (mutual TLS only)");
            System.out.println(
                    "  development CA      " + data.resolve("pki/ca.pem").toAbsolutePath());
            System.out.println("  REST API            " + server.apiUri() + "  (Authorization: Bearer <token>)");
            System.out.println(consoleLine(server));
            System.out.println("  press Ctrl-C to stop");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
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
