package io.trustdm.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The HTTP binding answers a handler's {@link ServerBusyException} with 503 and Retry-After, never with 500. */
class ServerBusyMappingTest {
    @Test
    void a_busy_handler_becomes_503_with_retry_after() throws Exception {
        DmExchangeHandler busy = req -> {
            throw new ServerBusyException("full", Duration.ofSeconds(42));
        };
        try (DmHttpServer server =
                DmHttpServer.builder().plainHttp().port(0).handler(busy).build().start()) {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.baseUri() + "/dm"))
                                    .header("Content-Type", "application/vnd.syncml.dm+xml")
                                    .POST(HttpRequest.BodyPublishers.ofString("<SyncML/>"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("42");
            assertThat(r.body()).doesNotContain("full"); // the reason stays in the server's log
        }
    }
}
