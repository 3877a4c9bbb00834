package io.trustdm.client.transport;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.security.transport.ChannelKind;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLSession;

/**
 * The server's answer: the encoded message, its encoding, its {@code x-syncml-hmac} (or {@code null}), the TLS
 * session it came over ({@code null} without TLS) with the server certificates the client verified, and the kind of
 * channel (HTTP(S), OBEX over TCP or TLS) so that the security policy can name what the transport provided.
 */
public record DmReply(
        byte[] body,
        Encoding encoding,
        String hmacHeader,
        SSLSession tlsSession,
        List<X509Certificate> serverCertificates,
        ChannelKind channel) {
    public DmReply {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(channel, "channel");
        serverCertificates = List.copyOf(serverCertificates);
    }

    /** A reply over HTTP ({@code tlsSession == null}) or HTTPS. */
    public DmReply(
            byte[] body,
            Encoding encoding,
            String hmacHeader,
            SSLSession tlsSession,
            List<X509Certificate> serverCertificates) {
        this(
                body,
                encoding,
                hmacHeader,
                tlsSession,
                serverCertificates,
                tlsSession == null ? ChannelKind.HTTP : ChannelKind.HTTPS);
    }
}
