package io.trustdm.server.store;

import java.nio.file.Path;

/** Wake jobs on a real PostgreSQL server (zonky embedded binaries), one fresh database per test. */
class PostgresWakeJobStoreTest extends WakeJobStoreContract {
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
