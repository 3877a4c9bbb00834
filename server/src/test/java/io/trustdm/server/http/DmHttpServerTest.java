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

    /** Sends a PROXY v1 line (or nothing), then one DM POST over TLS on the same connection; returns the status line. */
    private String postThroughProxyHeader(String proxyLine) throws Exception {
        SSLContext ctx = TlsContexts.create(null, List.of(ca.certificate()));
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", server.port())) {
            raw.setSoTimeout(5000);
            if (proxyLine != null) {
                raw.getOutputStream().write(proxyLine.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                raw.getOutputStream().flush();
            }
            try (javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket)
                    ctx.getSocketFactory().createSocket(raw, "localhost", server.port(), true)) {
                tls.setSSLParameters(TlsContexts.clientParameters(ctx));
                tls.startHandshake();
                byte[] body = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                String head = "POST /dm HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/vnd.syncml.dm+xml\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
                tls.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                tls.getOutputStream().write(body);
                tls.getOutputStream().flush();
                return new java.io.BufferedReader(new java.io.InputStreamReader(
                                tls.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
                        .readLine();
            }
        }
    }

    private void startWithProxyProtocol() throws Exception {
        server = DmHttpServer.builder()
                .tls(TlsContexts.create(serverCert, List.of(ca.certificate())), ClientAuth.WANT)
                .proxyProtocol(true)
                .handler(echo())
                .build()
                .start();
    }

    @Test
    void with_the_proxy_protocol_the_device_address_from_the_balancer_reaches_the_handler() throws Exception {
        startWithProxyProtocol();
        assertThat(postThroughProxyHeader("PROXY TCP4 192.0.2.7 127.0.0.1 51000 443\r\n"))
                .isEqualTo("HTTP/1.1 200 OK");
        assertThat(seen.get().remoteAddress()).isEqualTo("192.0.2.7");
        assertThat(seen.get().isTls()).as("TLS facts are the real handshake's").isTrue();
    }

    @Test
    void with_the_proxy_protocol_a_connection_without_a_header_keeps_its_own_address() throws Exception {
        startWithProxyProtocol();
        assertThat(postThroughProxyHeader(null)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(seen.get().remoteAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void without_the_proxy_protocol_a_proxy_header_is_never_believed() throws Exception {
        start(ClientAuth.WANT, echo());
        assertThatThrownBy(() -> postThroughProxyHeader("PROXY TCP4 192.0.2.7 127.0.0.1 51000 443\r\n"))
                .isInstanceOf(IOException.class);
        assertThat(seen.get()).as("nothing reached the handler").isNull();
    }
}
