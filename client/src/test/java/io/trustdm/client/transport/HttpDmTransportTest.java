package io.trustdm.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the JDK's own HTTPS server, so this layer is tested without the TrustDM server. */
class HttpDmTransportTest {
    private static CertificateAuthority ca;
    private static CertificateAuthority rogue;
    private HttpsServer server;
    private final AtomicReference<String> seenHmac = new AtomicReference<>();

    @BeforeAll
    static void pki() {
        ca = CertificateAuthority.generate("test CA", Duration.ofDays(1));
        rogue = CertificateAuthority.generate("rogue CA", Duration.ofDays(1));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI start(IssuedCertificate cert, int status, String contentType) throws Exception {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.create(cert, List.of())));
        server.createContext("/dm", ex -> {
            seenHmac.set(ex.getRequestHeaders().getFirst("x-syncml-hmac"));
            byte[] in = ex.getRequestBody().readAllBytes();
            byte[] out = ("re:" + new String(in)).getBytes();
            ex.getResponseHeaders().add("Content-Type", contentType);
            ex.getResponseHeaders().add("x-syncml-hmac", "algorithm=MD5, username=\"srv\", mac=QUJD");
            ex.sendResponseHeaders(status, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/dm");
    }

    @Test
    void exchanges_a_message_over_verified_tls_and_reports_the_tls_session() throws Exception {
        URI uri = start(
                ca.issueServer("s", List.of("localhost"), Duration.ofDays(1)), 200, "application/vnd.syncml.dm+xml");
        try (HttpDmTransport t = HttpDmTransport.builder()
                .trustAnchors(List.of(ca.certificate()))
                .build()) {
            DmReply r = t.exchange(new DmExchange(uri, "hi".getBytes(), Encoding.XML, "algorithm=MD5, mac=x"));
            assertThat(new String(r.body())).isEqualTo("re:hi");
            assertThat(r.encoding()).isEqualTo(Encoding.XML);
            assertThat(r.hmacHeader()).contains("mac=QUJD");
            assertThat(r.tlsSession()).isNotNull();
            assertThat(r.serverCertificates()).isNotEmpty();
            assertThat(seenHmac.get()).isEqualTo("algorithm=MD5, mac=x");
        }
    }

    @Test
    void server_certificate_that_does_not_verify_is_fatal() throws Exception {
        URI uri = start(
                rogue.issueServer("s", List.of("localhost"), Duration.ofDays(1)), 200, "application/vnd.syncml.dm+xml");
        try (HttpDmTransport t = HttpDmTransport.builder()
                .trustAnchors(List.of(ca.certificate()))
                .build()) {
            assertThatThrownBy(() -> t.exchange(new DmExchange(uri, new byte[1], Encoding.XML, null)))
                    .isInstanceOf(DmTransportException.class)
                    .hasMessageContaining("cannot reach");
        }
    }

    @Test
    void plain_http_is_refused_unless_explicitly_allowed() {
        try (HttpDmTransport t = HttpDmTransport.builder()
                .trustAnchors(List.of(ca.certificate()))
                .build()) {
            assertThatThrownBy(() -> t.exchange(
                            new DmExchange(URI.create("http://127.0.0.1:1/dm"), new byte[1], Encoding.XML, null)))
                    .isInstanceOf(DmTransportException.class)
                    .hasMessageContaining("refusing plain HTTP");
        }
    }

    @Test
    void http_error_status_and_non_dm_reply_are_transport_errors() throws Exception {
        URI uri = start(ca.issueServer("s", List.of("localhost"), Duration.ofDays(1)), 200, "text/html");
        try (HttpDmTransport t = HttpDmTransport.builder()
                .trustAnchors(List.of(ca.certificate()))
                .build()) {
            assertThatThrownBy(() -> t.exchange(new DmExchange(uri, new byte[1], Encoding.XML, null)))
                    .isInstanceOf(DmTransportException.class)
                    .hasMessageContaining("not a DM message");
        }
        server.stop(0);
        URI uri2 = start(
                ca.issueServer("s", List.of("localhost"), Duration.ofDays(1)), 503, "application/vnd.syncml.dm+xml");
        try (HttpDmTransport t = HttpDmTransport.builder()
                .trustAnchors(List.of(ca.certificate()))
                .build()) {
            assertThatThrownBy(() -> t.exchange(new DmExchange(uri2, new byte[1], Encoding.XML, null)))
                    .isInstanceOfSatisfying(
                            DmTransportException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(503));
        }
    }

    @Test
    void https_without_trust_anchors_cannot_be_built() {
        assertThatThrownBy(() -> HttpDmTransport.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
