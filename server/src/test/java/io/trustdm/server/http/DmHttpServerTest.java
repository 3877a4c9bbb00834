package io.trustdm.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DmHttpServerTest {
    private static CertificateAuthority ca;
    private static IssuedCertificate serverCert;
    private static IssuedCertificate deviceCert;

    private DmHttpServer server;
    private final AtomicReference<DmHttpRequest> seen = new AtomicReference<>();

    @BeforeAll
    static void pki() {
        ca = CertificateAuthority.generate("test CA", Duration.ofDays(1));
        serverCert = ca.issueServer("srv", List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
        deviceCert = ca.issueDevice("IMEI:490154203237518", Duration.ofDays(1));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private DmHttpServer start(ClientAuth auth, DmExchangeHandler handler) throws Exception {
        server = DmHttpServer.builder()
                .tls(TlsContexts.create(serverCert, List.of(ca.certificate())), auth)
                .maxMessageBytes(1000)
                .handler(handler)
                .build()
                .start();
        return server;
    }

    private DmExchangeHandler echo() {
        return req -> {
            seen.set(req);
            return new DmHttpResponse(("echo:" + new String(req.body())).getBytes(), "algorithm=MD5, mac=xyz");
        };
    }

    private static HttpClient client(IssuedCertificate identity) {
        SSLContext ctx = TlsContexts.create(identity, List.of(ca.certificate()));
        return HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(TlsContexts.clientParameters(ctx))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private HttpResponse<String> post(HttpClient c, String contentType, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/dm"))
                .header("Content-Type", contentType)
                .header("x-syncml-hmac", "algorithm=MD5, username=\"dev\", mac=abc")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return c.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void posts_a_dm_message_over_tls_and_passes_body_headers_and_tls_facts_to_the_handler() throws Exception {
        start(ClientAuth.WANT, echo());
        HttpResponse<String> r = post(client(null), "application/vnd.syncml.dm+wbxml", "hello");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("echo:hello");
        assertThat(r.headers().firstValue("content-type")).hasValue("application/vnd.syncml.dm+wbxml");
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
        assertThat(r.headers().firstValue("x-syncml-hmac")).hasValue("algorithm=MD5, mac=xyz");
        DmHttpRequest req = seen.get();
        assertThat(req.encoding()).isEqualTo(Encoding.WBXML);
        assertThat(req.hmacHeader()).isEqualTo("algorithm=MD5, username=\"dev\", mac=abc");
        assertThat(req.isTls()).isTrue();
        assertThat(req.tlsSession().getProtocol()).isIn(TlsContexts.PROTOCOLS);
        assertThat(req.peerCertificates()).isEmpty();
        assertThat(req.remoteAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void accepts_the_older_syncml_content_types_and_answers_with_the_same_type() throws Exception {
        start(ClientAuth.WANT, echo());
        HttpResponse<String> r = post(client(null), "application/vnd.syncml+xml; charset=UTF-8", "<x/>");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/vnd.syncml+xml");
        assertThat(seen.get().encoding()).isEqualTo(Encoding.XML);
    }

    @Test
    void wrong_content_type_gets_415_and_never_reaches_the_handler() throws Exception {
        start(ClientAuth.WANT, echo());
        assertThat(post(client(null), "text/plain", "x").statusCode()).isEqualTo(415);
        assertThat(seen.get()).isNull();
    }

    @Test
    void get_gets_405() throws Exception {
        start(ClientAuth.WANT, echo());
        HttpResponse<String> r = client(null)
                .send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/dm"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("POST");
    }

    @Test
    void message_over_the_limit_gets_413() throws Exception {
        start(ClientAuth.WANT, echo());
        assertThat(post(client(null), "application/vnd.syncml.dm+xml", "x".repeat(1001))
                        .statusCode())
                .isEqualTo(413);
        assertThat(seen.get()).isNull();
    }

    @Test
    void malformed_message_reported_by_the_handler_gets_its_http_equivalent() throws Exception {
        start(ClientAuth.WANT, req -> {
            throw new SyncMlFormatException("broken", "byte 3");
        });
        HttpResponse<String> r = post(client(null), "application/vnd.syncml.dm+xml", "x");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("broken").contains("byte 3");
    }

    @Test
    void unexpected_failure_gets_500_without_details() throws Exception {
        start(ClientAuth.WANT, req -> {
            throw new IllegalStateException("secret internal detail");
        });
        HttpResponse<String> r = post(client(null), "application/vnd.syncml.dm+xml", "x");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("secret");
    }

    @Test
    void required_client_certificate_is_enforced_and_its_identity_reaches_the_handler() throws Exception {
        start(ClientAuth.NEED, echo());
        assertThatThrownBy(() -> post(client(null), "application/vnd.syncml.dm+xml", "x"))
                .isInstanceOf(IOException.class);
        HttpResponse<String> r = post(client(deviceCert), "application/vnd.syncml.dm+xml", "x");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(seen.get().peerCertificates()).hasSize(2);
        assertThat(CertificateAuthority.commonName(seen.get().peerCertificates().get(0)))
                .isEqualTo("IMEI:490154203237518");
    }

    @Test
    void plain_http_is_never_a_silent_default() {
        assertThatThrownBy(() -> DmHttpServer.builder().handler(echo()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plainHttp");
    }
}
