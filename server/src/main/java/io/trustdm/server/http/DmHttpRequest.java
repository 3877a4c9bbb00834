package io.trustdm.server.http;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.security.transport.ChannelKind;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLSession;

/**
 * One DM message as it arrived over HTTP(S) or OBEX (the OBEX listener fills the same fields from the OBEX packets).
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
 * @param channel            the kind of channel it came over (HTTP(S), or OBEX over TCP or TLS)
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
        List<X509Certificate> peerCertificates,
        ChannelKind channel) {
    public DmHttpRequest {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(channel, "channel");
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** A message over HTTP ({@code tlsSession == null}) or HTTPS. */
    public DmHttpRequest(
            String path,
            String query,
            Encoding encoding,
            String mediaType,
            byte[] body,
            String hmacHeader,
            String remoteAddress,
            SSLSession tlsSession,
            List<X509Certificate> peerCertificates) {
        this(
                path,
                query,
                encoding,
                mediaType,
                body,
                hmacHeader,
                remoteAddress,
                tlsSession,
                peerCertificates,
                tlsSession == null ? ChannelKind.HTTP : ChannelKind.HTTPS);
    }

    public boolean isTls() {
        return tlsSession != null;
    }
}
