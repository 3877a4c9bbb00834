package io.trustdm.client.transport;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLSession;

/**
 * The server's answer: the encoded message, its encoding, its {@code x-syncml-hmac} (or {@code null}), and the TLS
 * session it came over ({@code null} for plain HTTP) with the server certificates the client verified.
 */
public record DmReply(
        byte[] body,
        Encoding encoding,
        String hmacHeader,
        SSLSession tlsSession,
        List<X509Certificate> serverCertificates) {
    public DmReply {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(encoding, "encoding");
        serverCertificates = List.copyOf(serverCertificates);
    }
}
