package io.trustdm.security.transport;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What one concrete channel provides, in the terms of the DM Security change request: authentication of the server,
 * authentication of the client, integrity and confidentiality. A <em>Secure Transport</em> is one that provides
 * authentication, integrity and encryption ({@link #isSecureTransport()}).
 *
 * <p>A channel that tried to be secure and failed (TLS whose server certificate did not verify, an anonymous or broken
 * cipher suite, SSL 3.0) carries a {@link #defect()}. It provides nothing, and unlike a plain channel it is not a
 * candidate for transport-neutral fallback: the policies end the exchange.
 *
 * @param kind                the kind of channel
 * @param channel             a human-readable name for logs and audit events
 * @param serverAuthenticated the transport proved the server's identity to the client
 * @param clientAuthenticated the transport proved the client's identity to the server
 * @param integrity           the transport detects modification of the bytes
 * @param confidentiality     the transport encrypts the bytes
 * @param defect              why a cryptographic channel must not be trusted; {@code null} when there is none
 * @param tls                 the negotiated TLS parameters; {@code null} for non-TLS channels
 */
public record TransportSecurity(
        ChannelKind kind,
        String channel,
        boolean serverAuthenticated,
        boolean clientAuthenticated,
        boolean integrity,
        boolean confidentiality,
        String defect,
        TlsDetails tls) {

    public TransportSecurity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(channel, "channel");
        if (defect != null && (serverAuthenticated || clientAuthenticated || integrity || confidentiality)) {
            throw new IllegalArgumentException("a defective channel provides no security property");
        }
    }

    // ---- declared channels -------------------------------------------------------------------------------------

    /** HTTPS whose server certificate chain and host name were verified; the client is not authenticated by TLS. */
    public static TransportSecurity https() {
        return new TransportSecurity(
                ChannelKind.HTTPS, "HTTPS (server certificate verified)", true, false, true, true, null, null);
    }

    /** HTTPS with a verified server certificate and a client certificate (mutual TLS). */
    public static TransportSecurity httpsMutualTls() {
        return new TransportSecurity(ChannelKind.HTTPS, "HTTPS (mutual TLS)", true, true, true, true, null, null);
    }

    /** HTTPS where the server certificate was not verified: encrypted to an unknown party, so worth nothing. */
    public static TransportSecurity httpsUnverified() {
        return defective(
                ChannelKind.HTTPS, "HTTPS (server certificate not verified)", "server certificate was not verified");
    }

    /** Plain HTTP: nothing. */
    public static TransportSecurity plainHttp() {
        return none(ChannelKind.HTTP, "HTTP (no TLS)");
    }

    /** OBEX over a plain TCP link: nothing (OBEX's own challenge is not message integrity). */
    public static TransportSecurity obexOverTcp() {
        return none(ChannelKind.OBEX_TCP, "OBEX over TCP (no TLS)");
    }

    /** OBEX over TLS with a verified server certificate; {@code mutual} when the client presented one too. */
    public static TransportSecurity obexOverTls(boolean mutual) {
        return new TransportSecurity(
                ChannelKind.OBEX_TLS,
                mutual ? "OBEX over TLS (mutual TLS)" : "OBEX over TLS (server certificate verified)",
                true,
                mutual,
                true,
                true,
                null,
                null);
    }

    /** WAP Push over SMS: nothing end to end; SEC/MAC or a digest may protect the content, not the channel. */
    public static TransportSecurity wapPushSms() {
        return none(ChannelKind.WAP_PUSH_SMS, "WAP Push over SMS");
    }

    /** WDP over UDP (connectionless push to port 2948): nothing. */
    public static TransportSecurity wdpUdp() {
        return none(ChannelKind.WDP_UDP, "WDP over UDP");
    }

    /**
     * A smartcard (SIM, UICC, R-UIM). The change request declares it a secure transport: only the card issuer can
     * write the bootstrap file and the card is bound to the device it sits in, so both ends count as authenticated.
     */
    public static TransportSecurity smartcard() {
        return new TransportSecurity(ChannelKind.SMARTCARD, "Smartcard", true, true, true, true, null, null);
    }

    /**
     * Bootstrap data written into the device at manufacture (customized bootstrap): trusted by construction, no
     * secret crosses a network.
     */
    public static TransportSecurity factoryFile() {
        return new TransportSecurity(ChannelKind.FACTORY_FILE, "Factory file", true, true, true, true, null, null);
    }

    private static TransportSecurity none(ChannelKind kind, String name) {
        return new TransportSecurity(kind, name, false, false, false, false, null, null);
    }

    private static TransportSecurity defective(ChannelKind kind, String name, String defect) {
        return new TransportSecurity(kind, name, false, false, false, false, defect, null);
    }

    // ---- derived from a live TLS session -------------------------------------------------------------------------

    /**
     * The security of an HTTPS connection this side opened as the client. {@code serverVerified} must say whether the
     * server's chain and host name were checked (a trust manager that accepts everything means {@code false}); if
     * not, the result is defective.
     */
    public static TransportSecurity fromTlsSession(SSLSession session, boolean serverVerified) {
        return fromTlsSession(ChannelKind.HTTPS, session, serverVerified, TlsProfile.MODERN);
    }

    /** As {@link #fromTlsSession(SSLSession, boolean)} for any TLS-carried channel and TLS profile. */
    public static TransportSecurity fromTlsSession(
            ChannelKind kind, SSLSession session, boolean serverVerified, TlsProfile profile) {
        return classify(kind, Party.CLIENT, session, serverVerified, profile);
    }

    /**
     * The security of a TLS connection this side accepted as the server. The client counts as authenticated only
     * when it presented a certificate and {@code clientCertificateVerified} says the trust manager checked it.
     */
    public static TransportSecurity fromServerTlsSession(SSLSession session, boolean clientCertificateVerified) {
        return fromServerTlsSession(ChannelKind.HTTPS, session, clientCertificateVerified, TlsProfile.MODERN);
    }

    public static TransportSecurity fromServerTlsSession(
            ChannelKind kind, SSLSession session, boolean clientCertificateVerified, TlsProfile profile) {
        return classify(kind, Party.SERVER, session, clientCertificateVerified, profile);
    }

    private static TransportSecurity classify(
            ChannelKind kind, Party local, SSLSession session, boolean peerVerified, TlsProfile profile) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(profile, "profile");
        String protocol = String.valueOf(session.getProtocol());
        String suite = String.valueOf(session.getCipherSuite());
        List<X509Certificate> peer = peerCertificates(session);
        Certificate[] localCerts = session.getLocalCertificates();
        boolean localPresented = localCerts != null && localCerts.length > 0;
        TlsDetails details = new TlsDetails(protocol, suite, peer, localPresented);

        String defect = null;
        String upper = suite.toUpperCase(Locale.ROOT);
        if (upper.equals("SSL_NULL_WITH_NULL_NULL") || upper.equals("NULL")) {
            defect = "TLS handshake did not complete";
        } else if (!profile.permits(protocol)) {
            defect = protocol + " is not permitted by the " + profile + " TLS profile";
        } else if (upper.contains("_RC4_")
                || upper.contains("EXPORT")
                || upper.contains("_DES_CBC_")
                || upper.contains("DES40")) {
            defect = "cipher suite " + suite + " is prohibited";
        } else if (upper.contains("_ANON_") || upper.startsWith("TLS_NULL_") || upper.startsWith("SSL_NULL_")) {
            defect = "cipher suite " + suite + " does not authenticate the server";
        } else if (local == Party.CLIENT && !peerVerified) {
            defect = "server certificate was not verified";
        } else if (local == Party.CLIENT && peer.isEmpty()) {
            defect = "server presented no certificate";
        } else if (local == Party.SERVER && !localPresented) {
            defect = "this server presented no certificate";
        }

        String name = kind.displayName() + " over " + protocol + " (" + suite + ")";
        if (defect != null) {
            return new TransportSecurity(kind, name + ", " + defect, false, false, false, false, defect, details);
        }
        boolean clientAuthenticated = local == Party.CLIENT ? localPresented : !peer.isEmpty() && peerVerified;
        boolean confidentiality = !upper.contains("_WITH_NULL_");
        name += clientAuthenticated ? ", mutual TLS" : ", server certificate only";
        if (!confidentiality) {
            name += ", no encryption";
        }
        return new TransportSecurity(kind, name, true, clientAuthenticated, true, confidentiality, null, details);
    }

    private static List<X509Certificate> peerCertificates(SSLSession session) {
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
        List<X509Certificate> out = new ArrayList<>();
        if (chain != null) {
            for (Certificate c : chain) {
                if (c instanceof X509Certificate) {
                    out.add((X509Certificate) c);
                }
            }
        }
        return out;
    }

    // ---- questions the policies ask ------------------------------------------------------------------------------

    /** Why the channel must not be trusted, if it tried to be secure and failed. */
    public Optional<String> defectReason() {
        return Optional.ofNullable(defect);
    }

    public boolean hasDefect() {
        return defect != null;
    }

    public Optional<TlsDetails> tlsDetails() {
        return Optional.ofNullable(tls);
    }

    /** True when the transport proved {@code party}'s identity to the other end. */
    public boolean authenticates(Party party) {
        return party == Party.SERVER ? serverAuthenticated : clientAuthenticated;
    }

    /**
     * True when the transport provides authentication (of at least one end) and integrity; when it does, they MUST be
     * used, and when it does not, the {@code x-syncml-hmac} MUST be.
     */
    public boolean providesAuthenticationAndIntegrity() {
        return defect == null && integrity && (serverAuthenticated || clientAuthenticated);
    }

    /** The change request's Secure Transport: authentication, integrity and encryption. */
    public boolean isSecureTransport() {
        return providesAuthenticationAndIntegrity() && confidentiality;
    }
}
