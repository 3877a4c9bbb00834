package io.trustdm.server.store;

import java.nio.file.Path;

/** The storage contract on the embedded H2 file database (the default backend). */
class H2StoreTest extends StoreContract {
    @Override
    Database openDatabase(Path dataDir) {
        return Database.open(dataDir);
    }

    @Override
    Database reopenDatabase(Path dataDir) {
        return Database.open(dataDir);
    }
}
