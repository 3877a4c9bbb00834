package io.trustdm.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A 503 from the server surfaces as {@link ServerBusyException} with the server's Retry-After. */
class ServerBusyTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve(int status, String retryAfter) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/dm", ex -> {
            ex.getRequestBody().readAllBytes();
            if (retryAfter != null) {
                ex.getResponseHeaders().add("Retry-After", retryAfter);
            }
            byte[] body = "server busy\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/dm");
    }

    private static void exchange(URI uri) throws Exception {
        try (HttpDmTransport t = HttpDmTransport.builder().allowPlainHttp().build()) {
            t.exchange(new DmExchange(uri, "<SyncML/>".getBytes(StandardCharsets.UTF_8), Encoding.XML, null));
        }
    }

    @Test
    void a_503_with_delta_seconds_is_a_server_busy_exception_carrying_them() throws Exception {
        URI uri = serve(503, "12");
        assertThatThrownBy(() -> exchange(uri)).isInstanceOfSatisfying(ServerBusyException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
            assertThat(e.getMessage()).contains("retry after 12 s");
        });
    }

    @Test
    void a_503_without_retry_after_is_still_typed() throws Exception {
        URI uri = serve(503, null);
        assertThatThrownBy(() -> exchange(uri))
                .isInstanceOfSatisfying(
                        ServerBusyException.class,
                        e -> assertThat(e.retryAfter()).isEmpty());
    }

    @Test
    void other_errors_stay_plain_transport_exceptions() throws Exception {
        URI uri = serve(500, "12");
        assertThatThrownBy(() -> exchange(uri))
                .isInstanceOf(DmTransportException.class)
                .isNotInstanceOf(ServerBusyException.class);
    }

    @Test
    void retry_after_reads_delta_seconds_and_http_dates_and_ignores_garbage() {
        assertThat(HttpDmTransport.retryAfter("0")).isEqualTo(Duration.ZERO);
        assertThat(HttpDmTransport.retryAfter(" 30 ")).isEqualTo(Duration.ofSeconds(30));
        String in90 = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(90).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(HttpDmTransport.retryAfter(in90)).isBetween(Duration.ofSeconds(80), Duration.ofSeconds(91));
        String past = "Sun, 06 Nov 1994 08:49:37 GMT";
        assertThat(HttpDmTransport.retryAfter(past)).isEqualTo(Duration.ZERO);
        assertThat(HttpDmTransport.retryAfter("-5")).isNull();
        assertThat(HttpDmTransport.retryAfter("soon")).isNull();
        assertThat(HttpDmTransport.retryAfter(null)).isNull();
    }
}
