package io.trustdm.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.security.pki.TlsContexts;
import io.trustdm.server.DmServer;
import io.trustdm.server.store.Database;
import io.trustdm.server.store.JdbcRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health asks the database: UP while it answers, 503 DOWN once it is gone (here: its pool closed under the server). */
class HealthCheckTest {
    @TempDir
    Path data;

    @Test
    void health_turns_503_down_when_the_database_stops_answering() throws Exception {
        Database db = Database.open(data);
        db.migrate();
        try (DmServer server = DmServer.builder().dataDir(data).port(0).start(new JdbcRegistry(db))) {
            var ctx = TlsContexts.create(null, List.of(server.ca().certificate()));
            HttpClient http = HttpClient.newBuilder()
                    .sslContext(ctx)
                    .sslParameters(TlsContexts.clientParameters(ctx))
                    .build();
            HttpRequest health = HttpRequest.newBuilder(URI.create(server.apiUri() + "/health"))
                    .build();

            HttpResponse<String> up = http.send(health, HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).contains("\"status\":\"UP\"").contains("\"storage\":\"UP\"");

            db.close();
            HttpResponse<String> down = http.send(health, HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("\"storage\":\"DOWN\"");
        } finally {
            db.close();
        }
    }
}
