package io.trustdm.client.bootstrap;

import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.transport.TransportSecurity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

/**
 * Fetches the bootstrap from the server's HTTPS bootstrap endpoint with mutual TLS: the Device presents its
 * certificate, verifies the server's against the configured trust anchors, and reports the TLS session it actually
 * got as the delivery's transport security.
 */
public final class HttpsBootstrapSource implements BootstrapSource {
    private static final int MAX_BYTES = 256 * 1024;

    private final URI uri;
    private final HttpClient http;

    public HttpsBootstrapSource(URI uri, IssuedCertificate deviceCertificate, List<X509Certificate> trustAnchors) {
        this.uri = Objects.requireNonNull(uri, "uri");
        SSLContext ctx = TlsContexts.create(deviceCertificate, trustAnchors);
        this.http = HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(TlsContexts.clientParameters(ctx))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Override
    public BootstrapDelivery fetch() throws IOException {
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IOException("bootstrap is only fetched over HTTPS, not " + uri);
        }
        HttpResponse<InputStream> r;
        try {
            r = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(MAX_BYTES + 1);
        }
        if (r.statusCode() != 200) {
            throw new IOException("bootstrap endpoint answered HTTP " + r.statusCode() + ": "
                    + new String(body, 0, Math.min(200, body.length), java.nio.charset.StandardCharsets.UTF_8).strip());
        }
        if (body.length > MAX_BYTES) {
            throw new IOException("bootstrap larger than " + MAX_BYTES + " bytes");
        }
        SSLSession tls = r.sslSession().orElseThrow(() -> new IOException("no TLS session"));
        return new BootstrapDelivery(
                body,
                r.headers().firstValue("Content-Type").orElse(""),
                TransportSecurity.fromTlsSession(tls, true),
                uri.toString());
    }
}
