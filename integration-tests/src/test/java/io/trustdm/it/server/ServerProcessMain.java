package io.trustdm.it.server;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.DmServer;
import io.trustdm.server.store.Database;
import io.trustdm.server.store.JdbcRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A DM server as its own process, for the crash tests: the test kills it with SIGKILL and starts it again on the same
 * data directory (and database). Arguments: {@code dataDir port serverId leaseMillis [jdbcUrl]}; the PostgreSQL
 * password comes from {@code TRUSTDM_DB_PASSWORD}, never from the command line. A short job lease lets a restarted
 * server take back the jobs the killed one had claimed within seconds instead of the default 10 minutes. Prints
 * {@value #READY} once the HTTPS endpoint accepts connections.
 */
public final class ServerProcessMain {
    static final String READY = "TRUSTDM-SERVER-READY";

    private ServerProcessMain() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        String serverId = args[2];
        Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
        Database db = args.length > 4
                ? Database.open(dataDir, args[4], EmbeddedPostgresServer.USER, System.getenv("TRUSTDM_DB_PASSWORD"))
                : Database.open(dataDir);
        db.migrate();
        DmServer server = DmServer.start(
                dataDir, "127.0.0.1", port, serverId, AuthScheme.MD5, new JdbcRegistry(db, Clock.systemUTC(), lease));
        System.out.println(READY + " " + server.dmUri());
        System.out.flush();
        Thread.currentThread().join(); // until killed
    }
}
