package io.trustdm.security.transport;

import java.util.Set;

/**
 * Which TLS versions count as secure. DM Security 1.2 names SSL 3.0 and TLS 1.0, both broken today (RFC 7568, RFC
 * 8996); TrustDM accepts TLS 1.2 and 1.3 by default and TLS 1.0/1.1 only behind the explicit legacy switch. SSL 3.0
 * and SSL 2.0 are never accepted.
 */
public enum TlsProfile {
    MODERN(Set.of("TLSv1.2", "TLSv1.3")),
    LEGACY_INTEROP(Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"));

    private final Set<String> protocols;

    TlsProfile(Set<String> protocols) {
        this.protocols = protocols;
    }

    /** True when a session that negotiated {@code protocol} (as {@code SSLSession.getProtocol()} names it) is fine. */
    public boolean permits(String protocol) {
        return protocol != null && protocols.contains(protocol);
    }

    public Set<String> protocols() {
        return protocols;
    }
}
