package io.trustdm.it.server;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.DmServer;
import io.trustdm.server.store.Database;
import io.trustdm.server.store.JdbcRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two databases the DM server runs on. The end-to-end suites run once per constant, so every path a Device
 * takes through the server is checked against both SQL engines.
 */
enum Storage {
    /** The embedded default: an H2 file in the data directory, owned and closed by the server. */
    H2,
    /** A database on the shared embedded PostgreSQL, reached by JDBC URL. */
    POSTGRESQL;

    /** A server started in this JVM, with what must be closed after it. */
    record RunningServer(DmServer server, Database database) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                server.close();
            } finally {
                if (database != null) {
                    database.close();
                }
            }
        }
    }

    /** Where a server's data lives: the data directory, and for PostgreSQL the database URL. */
    record Location(Path dataDir, String jdbcUrl) {}

    /** A fresh, empty location for one server. */
    Location newLocation(Path dataDir) {
        return new Location(dataDir, this == POSTGRESQL ? EmbeddedPostgresServer.newDatabase("trustdm_e2e") : null);
    }

    /** Starts a DM server in this JVM on any free loopback port. */
    RunningServer startInProcess(Location where, String serverId) throws Exception {
        if (this == H2) {
            return new RunningServer(DmServer.start(where.dataDir(), "127.0.0.1", 0, serverId, AuthScheme.MD5), null);
        }
        Database db = Database.open(
                where.dataDir(), where.jdbcUrl(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
        try {
            db.migrate();
            return new RunningServer(
                    DmServer.start(where.dataDir(), "127.0.0.1", 0, serverId, AuthScheme.MD5, new JdbcRegistry(db)),
                    db);
        } catch (Exception | Error e) {
            db.close();
            throw e;
        }
    }

    /** The arguments of {@link ServerProcessMain} for this location. */
    List<String> processArguments(Location where, int port, String serverId, long leaseMillis) {
        List<String> args = new ArrayList<>(
                List.of(where.dataDir().toString(), Integer.toString(port), serverId, Long.toString(leaseMillis)));
        if (this == POSTGRESQL) {
            args.add(where.jdbcUrl());
        }
        return args;
    }
}
