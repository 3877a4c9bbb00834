package io.trustdm.it.server;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL (zonky's embedded binaries, no Docker) shared by every end-to-end test of this JVM. It lives
 * outside any server under test, so a DM server process can be killed and restarted against the same database.
 * Every caller gets its own empty database.
 */
final class EmbeddedPostgresServer {
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private static EmbeddedPostgres instance;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private EmbeddedPostgresServer() {}

    private static synchronized EmbeddedPostgres instance() {
        if (instance == null) {
            try {
                instance =
                        EmbeddedPostgres.builder().setRegisterShutdownHook(true).start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
        return instance;
    }

    /** Creates an empty database and returns its JDBC URL (user and password {@value #USER}). */
    static String newDatabase(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = instance().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return instance().getJdbcUrl(USER, name);
    }
}
