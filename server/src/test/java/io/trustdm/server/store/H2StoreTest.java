package io.trustdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.security.auth.Nonce;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The storage contract on the embedded H2 file database (the default backend), and H2 backup/restore. */
class H2StoreTest extends StoreContract {
    @Test
    void script_backup_restores_into_an_empty_database() throws Exception {
        registry.register(account(DEV), Nonce.random(), null);
        String job = registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./A")))));
        Path backup = dataDir.resolve("backup.sql.gz");
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("SCRIPT TO '" + backup + "' COMPRESSION GZIP");
        }
        db.close();
        Path restored = dataDir.resolve("restored");
        Files.createDirectories(restored);
        // the same secrets.key goes with the backup
        Files.copy(dataDir.resolve(SecretSealer.KEY_FILE), restored.resolve(SecretSealer.KEY_FILE));
        db = Database.open(restored);
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("RUNSCRIPT FROM '" + backup + "' COMPRESSION GZIP");
        }
        assertThat(db.migrate()).as("restored at the same migration version").isZero();
        JdbcRegistry back = new JdbcRegistry(db, clock, LEASE);
        assertThat(back.account(DEV)
                        .orElseThrow()
                        .clientKey()
                        .matches(account(DEV).clientKey()))
                .isTrue();
        assertThat(back.claim(DEV, "s1").orElseThrow().jobId()).isEqualTo(job);
    }

    @Override
    Database openDatabase(Path dataDir) {
        return Database.open(dataDir);
    }

    @Override
    Database reopenDatabase(Path dataDir) {
        return Database.open(dataDir);
    }
}
