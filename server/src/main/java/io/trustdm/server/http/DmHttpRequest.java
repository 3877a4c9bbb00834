package io.trustdm.server.http;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLSession;

/**
 * One DM message as it arrived over HTTP.
 *
 * @param path               request path (one of the configured DM paths)
 * @param query              raw query string or {@code null} (a RespURI may carry a session token)
 * @param encoding           XML or WBXML, from the Content-Type
 * @param mediaType          the Content-Type's media type as sent (the reply uses the same one)
 * @param body               the message bytes, at most the configured limit
 * @param hmacHeader         value of {@code x-syncml-hmac}, or {@code null}
 * @param remoteAddress      peer IP address, for audit events
 * @param tlsSession         the TLS session, or {@code null} on plain HTTP
 * @param peerCertificates   client certificates that the TLS layer verified (empty when none)
 */
public record DmHttpRequest(
        String path,
        String query,
        Encoding encoding,
        String mediaType,
        byte[] body,
        String hmacHeader,
        String remoteAddress,
        SSLSession tlsSession,
        List<X509Certificate> peerCertificates) {
    public DmHttpRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(body, "body");
        peerCertificates = List.copyOf(peerCertificates);
    }

    public boolean isTls() {
        return tlsSession != null;
    }
}
