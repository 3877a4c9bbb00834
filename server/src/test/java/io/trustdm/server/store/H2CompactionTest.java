package io.trustdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** H2 appends every chunk (REUSE_SPACE=FALSE, for crash safety), so a grown file is compacted when opened. */
class H2CompactionTest {
    @TempDir
    Path dir;

    @Test
    void a_grown_h2_file_is_compacted_on_open_and_keeps_its_data() throws Exception {
        String job;
        try (Database db = Database.open(dir)) {
            db.migrate();
            JdbcRegistry r = new JdbcRegistry(db, Clock.systemUTC(), JdbcRegistry.DEFAULT_LEASE);
            r.register("IMEI:1");
            job = r.enqueue("IMEI:1", List.of(new Get("0", false, null, null, List.of(Item.target("./A")))));
            for (int i = 0; i < 200; i++) {
                r.recordDevInfo("IMEI:1", java.util.Map.of("Mod", "m" + i));
            }
        }
        Path file = dir.resolve("db").resolve("trustdm.mv.db");
        long grown = Files.size(file);
        String url = "jdbc:h2:file:" + dir.resolve("db").resolve("trustdm").toAbsolutePath() + Database.H2_SETTINGS;

        assertThat(Database.compactIfLarger(file, url, grown))
                .as("not above the limit")
                .isFalse();
        assertThat(Database.compactIfLarger(file, url, grown / 4)).isTrue();

        assertThat(Files.size(file)).isLessThan(grown / 2);
        try (Database db = Database.open(dir)) {
            assertThat(db.migrate()).isZero();
            JdbcRegistry r = new JdbcRegistry(db, Clock.systemUTC(), JdbcRegistry.DEFAULT_LEASE);
            assertThat(r.devInfo("IMEI:1")).containsEntry("Mod", "m199");
            assertThat(r.claim("IMEI:1", "s").orElseThrow().jobId()).isEqualTo(job);
        }
    }
}
