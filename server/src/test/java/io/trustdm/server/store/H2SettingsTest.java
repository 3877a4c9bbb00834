package io.trustdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings the embedded H2 database is opened with are the ones STORAGE.md and OPERATIONS.md promise: every
 * commit written at once, no reuse of freed space (crash safety) and a parsed-statement cache large enough for the
 * statements of one DM message. (DB_CLOSE_ON_EXIT is not listed by H2; {@code ServerSigtermIT} checks its effect.)
 */
class H2SettingsTest {
    @TempDir
    Path dir;

    @Test
    void the_file_database_runs_with_the_documented_settings() throws Exception {
        Map<String, String> settings = new HashMap<>();
        try (Database db = Database.open(dir);
                Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT setting_name, setting_value FROM"
                        + " information_schema.settings WHERE setting_name IN"
                        + " ('WRITE_DELAY', 'REUSE_SPACE', 'QUERY_CACHE_SIZE', 'MODE')");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                settings.put(r.getString(1), r.getString(2));
            }
        }
        assertThat(settings)
                .containsEntry("WRITE_DELAY", "0")
                .containsEntry("REUSE_SPACE", "FALSE")
                .containsEntry("QUERY_CACHE_SIZE", "64")
                .containsEntry("MODE", "PostgreSQL");
    }
}
