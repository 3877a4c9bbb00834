package io.trustdm.client.transport;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * DM over HTTP(S) with the JDK's {@link HttpClient}. HTTPS always verifies the server certificate against the
 * configured trust anchors and the host name (there is no way to turn that off). Plain {@code http://} targets are
 * refused unless {@link Builder#allowPlainHttp()} was called, because over plain HTTP the session must then rely on
 * the x-syncml-hmac header alone.
 */
public final class HttpDmTransport implements DmTransport {
    private static final String HMAC_HEADER = "x-syncml-hmac";

    private final HttpClient http;
    private final boolean plainHttpAllowed;
    private final int maxReplyBytes;
    private final Duration requestTimeout;

    private HttpDmTransport(Builder b) {
        HttpClient.Builder hb = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(b.connectTimeout);
        if (b.trustAnchors != null) {
            SSLContext ctx = TlsContexts.create(b.identity, b.trustAnchors);
            hb.sslContext(ctx).sslParameters(TlsContexts.clientParameters(ctx));
        }
        this.http = hb.build();
        this.plainHttpAllowed = b.plainHttpAllowed;
        this.maxReplyBytes = b.maxReplyBytes;
        this.requestTimeout = b.requestTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public DmReply exchange(DmExchange ex) throws DmTransportException {
        String scheme =
                ex.target().getScheme() == null ? "" : ex.target().getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !plainHttpAllowed) {
            throw new DmTransportException(
                    "refusing plain HTTP to " + ex.target() + ": not configured to allow an insecure transport", null);
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new DmTransportException("unsupported URI scheme in " + ex.target(), null);
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(ex.target())
                .timeout(requestTimeout)
                .header("Content-Type", ex.encoding().mediaType())
                .header("Accept", ex.encoding().mediaType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(ex.body()));
        if (ex.hmacHeader() != null) {
            rb.header(HMAC_HEADER, ex.hmacHeader());
        }
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new DmTransportException("cannot reach " + ex.target() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DmTransportException("interrupted while talking to " + ex.target(), e);
        }
        byte[] body;
        try (InputStream in = resp.body()) {
            body = in.readNBytes(maxReplyBytes + 1);
        } catch (IOException e) {
            throw new DmTransportException("reply from " + ex.target() + " broke off: " + e.getMessage(), e);
        }
        if (resp.statusCode() == 503) {
            Duration retryAfter =
                    retryAfter(resp.headers().firstValue("Retry-After").orElse(null));
            throw new ServerBusyException(
                    "server busy (HTTP 503)"
                            + (retryAfter == null ? "" : ", retry after " + retryAfter.toSeconds() + " s"),
                    retryAfter);
        }
        if (resp.statusCode() != 200) {
            String text =
                    new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8).strip();
            throw new DmTransportException(
                    "server answered HTTP " + resp.statusCode() + (text.isEmpty() ? "" : ": " + text),
                    resp.statusCode(),
                    null);
        }
        if (body.length > maxReplyBytes) {
            throw new DmTransportException("reply larger than " + maxReplyBytes + " bytes", null);
        }
        Encoding enc;
        try {
            enc = Encoding.fromContentType(
                    resp.headers().firstValue("Content-Type").orElse(null));
        } catch (SyncMlFormatException e) {
            throw new DmTransportException("reply is not a DM message: " + e.getMessage(), e);
        }
        SSLSession tls = resp.sslSession().orElse(null);
        return new DmReply(
                body, enc, resp.headers().firstValue(HMAC_HEADER).orElse(null), tls, serverCertificates(tls));
    }

    /** Reads Retry-After (RFC 9110 §10.2.3): delta-seconds or an HTTP-date; {@code null} when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.ZonedDateTime at =
                        java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static List<X509Certificate> serverCertificates(SSLSession tls) {
        List<X509Certificate> out = new ArrayList<>();
        if (tls == null) {
            return out;
        }
        try {
            for (Certificate c : tls.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // no verified certificates: the list stays empty and the session treats the server as unauthenticated
        }
        return out;
    }

    /** Configures an {@link HttpDmTransport}. */
    public static final class Builder {
        private List<X509Certificate> trustAnchors;
        private IssuedCertificate identity;
        private boolean plainHttpAllowed;
        private int maxReplyBytes = 1024 * 1024;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);

        /** The CAs that may sign the server's certificate; required for HTTPS. */
        public Builder trustAnchors(List<X509Certificate> v) {
            this.trustAnchors = List.copyOf(v);
            return this;
        }

        /** The device's own certificate for mutual TLS. */
        public Builder clientCertificate(IssuedCertificate v) {
            this.identity = Objects.requireNonNull(v, "identity");
            return this;
        }

        /** Allows {@code http://} targets; the session must then use the x-syncml-hmac header on every message. */
        public Builder allowPlainHttp() {
            this.plainHttpAllowed = true;
            return this;
        }

        public Builder maxReplyBytes(int v) {
            this.maxReplyBytes = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            this.connectTimeout = v;
            return this;
        }

        public Builder requestTimeout(Duration v) {
            this.requestTimeout = v;
            return this;
        }

        public HttpDmTransport build() {
            if (trustAnchors == null && !plainHttpAllowed) {
                throw new IllegalStateException("HTTPS needs trust anchors: call trustAnchors(...)");
            }
            if (trustAnchors == null) {
                trustAnchors = List.of();
            }
            return new HttpDmTransport(this);
        }
    }
}
