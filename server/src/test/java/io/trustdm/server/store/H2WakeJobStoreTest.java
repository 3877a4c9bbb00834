package io.trustdm.server.store;

import java.nio.file.Path;

/** Wake jobs on the embedded H2 file database (the default backend). */
class H2WakeJobStoreTest extends WakeJobStoreContract {
    @Override
    Database openDatabase(Path dataDir) {
        return Database.open(dataDir);
    }

    @Override
    Database reopenDatabase(Path dataDir) {
        return Database.open(dataDir);
    }
}
