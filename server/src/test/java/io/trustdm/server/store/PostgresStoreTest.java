package io.trustdm.server.store;

import java.nio.file.Path;

/** The storage contract on a real PostgreSQL 18 server (zonky embedded binaries), one fresh database per test. */
class PostgresStoreTest extends StoreContract {
    private String url;

    @Override
    Database openDatabase(Path dataDir) {
        url = TestPostgres.freshDatabase();
        return Database.open(dataDir, url, "postgres", "postgres");
    }

    @Override
    Database reopenDatabase(Path dataDir) {
        return Database.open(dataDir, url, "postgres", "postgres");
    }
}
