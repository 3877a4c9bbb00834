package io.trustdm.security.transport;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a TLS handshake negotiated, kept with the {@link TransportSecurity} derived from it so that a server can bind
 * the client certificate to a device account and audits can name protocol and suite.
 *
 * @param protocol                  e.g. {@code TLSv1.3}
 * @param cipherSuite               e.g. {@code TLS_AES_128_GCM_SHA256}
 * @param peerCertificates          the peer's chain, leaf first; empty when the peer sent none
 * @param localCertificatePresented true when this side presented a certificate
 */
public record TlsDetails(
        String protocol,
        String cipherSuite,
        List<X509Certificate> peerCertificates,
        boolean localCertificatePresented) {
    public TlsDetails {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** The subject of the peer's leaf certificate, if it sent one. */
    public Optional<String> peerSubject() {
        return peerCertificates.isEmpty()
                ? Optional.empty()
                : Optional.of(peerCertificates.get(0).getSubjectX500Principal().getName());
    }
}
