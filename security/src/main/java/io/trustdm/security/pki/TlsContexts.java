package io.trustdm.security.pki;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * SSL contexts for Secure Transports. Only TLS 1.3 and 1.2 are enabled; a client always verifies the server's
 * certificate against explicit trust anchors and checks the host name — there is no "trust all" mode anywhere in
 * TrustDM.
 */
public final class TlsContexts {
    /** The protocol versions TrustDM accepts, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsContexts() {}

    /** A context presenting {@code identity} and trusting {@code trustAnchors} for peer certificates (may be empty). */
    public static SSLContext create(IssuedCertificate identity, List<X509Certificate> trustAnchors) {
        try {
            char[] pw = new char[0];
            KeyManagerFactory kmf = null;
            if (identity != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity.toKeyStore("identity", pw), pw);
            }
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            int i = 0;
            for (X509Certificate c : trustAnchors) {
                ts.setCertificateEntry("anchor-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    /** Client parameters: TLS 1.2/1.3 and HTTPS host-name verification. */
    public static SSLParameters clientParameters(SSLContext ctx) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS.toArray(new String[0]));
        p.setEndpointIdentificationAlgorithm("HTTPS");
        return p;
    }
}
