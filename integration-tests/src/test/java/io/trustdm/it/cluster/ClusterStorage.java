package io.trustdm.it.cluster;

import io.trustdm.security.pki.DevelopmentPki;
import io.trustdm.server.api.RegistryManagementApi;
import io.trustdm.server.store.Database;
import io.trustdm.server.store.JdbcRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * What every node of a test cluster shares: an embedded PostgreSQL with a migrated database, and one data directory
 * holding the development PKI and {@code secrets.key}, created before any node starts so that every node loads the
 * same ones. The test registers Devices and queues jobs through {@link #api}.
 */
final class ClusterStorage implements AutoCloseable {
    final Path data;
    final String url;
    final DevelopmentPki pki;
    final RegistryManagementApi api;
    private final EmbeddedPostgres pg;
    private final Database db;

    private ClusterStorage(Path data, String url, DevelopmentPki pki, EmbeddedPostgres pg, Database db) {
        this.data = data;
        this.url = url;
        this.pki = pki;
        this.pg = pg;
        this.db = db;
        this.api = new RegistryManagementApi(new JdbcRegistry(db), new SecureRandom());
    }

    /** Starts PostgreSQL, creates database {@code name} and {@code tmp/shared-data}, and migrates the database. */
    static ClusterStorage start(Path tmp, String name) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("shared-data"));
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        try {
            String url = ClusterNodes.createDatabase(pg, name);
            DevelopmentPki pki = DevelopmentPki.loadOrCreate(data, List.of("localhost", "127.0.0.1"));
            Database db = Database.open(data, url, "postgres", "postgres");
            db.migrate();
            return new ClusterStorage(data, url, pki, pg, db);
        } catch (Exception | Error e) {
            pg.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            db.close();
        } finally {
            pg.close();
        }
    }
}
