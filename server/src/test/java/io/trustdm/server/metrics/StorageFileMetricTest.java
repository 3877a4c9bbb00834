package io.trustdm.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.server.DmServer;
import io.trustdm.server.memory.InMemoryRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trustdm_storage_file_bytes}: the embedded H2 file only grows while the server runs (docs/STORAGE.md), so the
 * server publishes its size for an alert; a server without the embedded file publishes nothing under that name.
 */
class StorageFileMetricTest {
    private static final Pattern GAUGE = Pattern.compile("(?m)^trustdm_storage_file_bytes(?:\\{[^}]*})? (\\S+)$");

    @TempDir
    Path dataDir;

    @Test
    void the_embedded_h2_server_publishes_the_size_of_its_database_file() throws Exception {
        try (DmServer s = DmServer.builder().dataDir(dataDir).port(0).start()) {
            Path file = dataDir.resolve("db").resolve("trustdm.mv.db");
            Matcher m = GAUGE.matcher(s.metrics().scrape());
            assertThat(m.find()).as("gauge present").isTrue();
            double published = Double.parseDouble(m.group(1));
            assertThat(published).isPositive();
            // the file only grows while the server runs: what was published is at most what is there now
            assertThat(published).isLessThanOrEqualTo(Files.size(file));
        }
    }

    @Test
    void a_server_without_the_embedded_file_publishes_no_file_size() throws Exception {
        try (DmServer s = DmServer.builder().dataDir(dataDir).port(0).start(new InMemoryRegistry())) {
            assertThat(GAUGE.matcher(s.metrics().scrape()).find()).isFalse();
        }
    }
}
