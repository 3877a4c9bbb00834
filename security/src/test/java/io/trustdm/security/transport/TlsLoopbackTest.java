package io.trustdm.security.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.VerificationResult;
import io.trustdm.security.bootstrap.SecMacStatus;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.InboundMessage;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.security.policy.SecurityAuditSink;
import io.trustdm.security.policy.SecurityDecision;
import io.trustdm.security.policy.SessionSecurityState;
import io.trustdm.security.policy.Verdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Derives {@link TransportSecurity} from real TLS handshakes over loopback with keytool-made certificates. */
class TlsLoopbackTest {
    static TestPki pki;
    static ExecutorService executor;

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.shared();
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void tearDown() {
        executor.shutdownNow();
    }

    /** Both ends of one completed handshake. */
    record Handshake(SSLSession client, SSLSession server) {}

    private static Handshake handshake(SSLContext serverCtx, boolean needClientAuth, SSLContext clientCtx)
            throws Exception {
        try (SSLServerSocket server =
                (SSLServerSocket) serverCtx.getServerSocketFactory().createServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.setSoTimeout(20_000);
            server.setNeedClientAuth(needClientAuth);
            Future<SSLSession> serverSide = executor.submit(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(20_000);
                    s.startHandshake();
                    int b = s.getInputStream().read();
                    s.getOutputStream().write(b);
                    s.getOutputStream().flush();
                    return s.getSession();
                }
            });
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 20_000);
                plain.setSoTimeout(20_000);
                SSLSocket client = (SSLSocket)
                        clientCtx.getSocketFactory().createSocket(plain, "localhost", server.getLocalPort(), true);
                SSLParameters params = client.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(params);
                client.startHandshake();
                client.getOutputStream().write(42);
                client.getOutputStream().flush();
                assertThat(client.getInputStream().read()).isEqualTo(42);
                SSLSession clientSession = client.getSession();
                // Close the client first: a TLS 1.3 server's close waits for the peer's close_notify.
                client.close();
                SSLSession serverSession = serverSide.get(30, TimeUnit.SECONDS);
                return new Handshake(clientSession, serverSession);
            }
        }
    }

    @Test
    void https_with_verified_server_certificate_is_a_secure_transport_without_client_authentication() throws Exception {
        SSLContext serverCtx = TestPki.context(pki.serverKeys, TestPki.trustStoreOf(pki.deviceCert), null);
        SSLContext clientCtx = TestPki.context(null, TestPki.trustStoreOf(pki.serverCert), null);

        Handshake h = handshake(serverCtx, false, clientCtx);
        TransportSecurity t = TransportSecurity.fromTlsSession(h.client(), true);

        assertThat(t.hasDefect()).isFalse();
        assertThat(t.serverAuthenticated()).isTrue();
        assertThat(t.clientAuthenticated()).isFalse();
        assertThat(t.integrity()).isTrue();
        assertThat(t.confidentiality()).isTrue();
        assertThat(t.isSecureTransport()).isTrue();
        assertThat(t.kind()).isEqualTo(ChannelKind.HTTPS);
        TlsDetails tls = t.tlsDetails().orElseThrow();
        assertThat(tls.protocol())
                .isIn("TLSv1.2", "TLSv1.3")
                .isEqualTo(h.client().getProtocol());
        assertThat(tls.cipherSuite()).isEqualTo(h.client().getCipherSuite());
        assertThat(tls.peerSubject()).hasValueSatisfying(s -> assertThat(s).contains("CN=localhost"));
        assertThat(t.channel())
                .contains(tls.protocol())
                .contains(tls.cipherSuite())
                .contains("server certificate only");

        TransportSecurity serverView = TransportSecurity.fromServerTlsSession(h.server(), true);
        assertThat(serverView.serverAuthenticated()).isTrue();
        assertThat(serverView.clientAuthenticated()).isFalse();
        assertThat(serverView.tlsDetails().orElseThrow().peerCertificates()).isEmpty();
    }

    @Test
    void mutual_tls_authenticates_both_ends_and_exposes_the_device_certificate() throws Exception {
        SSLContext serverCtx = TestPki.context(pki.serverKeys, TestPki.trustStoreOf(pki.deviceCert), null);
        SSLContext clientCtx = TestPki.context(pki.deviceKeys, TestPki.trustStoreOf(pki.serverCert), null);

        Handshake h = handshake(serverCtx, true, clientCtx);

        TransportSecurity clientView = TransportSecurity.fromTlsSession(h.client(), true);
        assertThat(clientView.serverAuthenticated()).isTrue();
        assertThat(clientView.clientAuthenticated()).isTrue();
        assertThat(clientView.channel()).contains("mutual TLS");

        TransportSecurity serverView = TransportSecurity.fromServerTlsSession(h.server(), true);
        assertThat(serverView.isSecureTransport()).isTrue();
        assertThat(serverView.authenticates(Party.CLIENT)).isTrue();
        assertThat(serverView.tlsDetails().orElseThrow().peerSubject())
                .hasValueSatisfying(s -> assertThat(s).contains("IMEI:490154203237518"));

        // A client certificate the server's trust manager did not really check does not authenticate the client.
        assertThat(TransportSecurity.fromServerTlsSession(h.server(), false).clientAuthenticated())
                .isFalse();
    }

    @Test
    void tls_whose_server_certificate_was_not_verified_is_never_authenticated() throws Exception {
        SSLContext serverCtx = TestPki.context(pki.serverKeys, TestPki.trustStoreOf(pki.deviceCert), null);
        SSLContext trustAll = TestPki.context(null, null, new TrustManager[] {new AcceptAnything()});

        Handshake h = handshake(serverCtx, false, trustAll);
        TransportSecurity t = TransportSecurity.fromTlsSession(h.client(), false);

        assertThat(t.hasDefect()).isTrue();
        assertThat(t.defectReason()).hasValue("server certificate was not verified");
        assertThat(t.serverAuthenticated()).isFalse();
        assertThat(t.integrity()).isFalse();
        assertThat(t.confidentiality()).isFalse();
        assertThat(t.isSecureTransport()).isFalse();
        assertThat(t.providesAuthenticationAndIntegrity()).isFalse();

        // What the policies make of it: no session, no bootstrap, no fallback to the HMAC.
        SecurityDecision message = new MessageSecurityPolicy(SecurityAuditSink.discard())
                .decideInbound(
                        t,
                        AccountSecurity.of("com.example.dms", AuthScheme.MD5, true),
                        new InboundMessage(
                                Party.SERVER,
                                "com.example.dms",
                                VerificationResult.missing(),
                                VerificationResult.valid(AuthScheme.HMAC),
                                SessionSecurityState.initial()));
        assertThat(message.verdict()).isEqualTo(Verdict.TERMINATE);
        SecurityDecision bootstrap = new BootstrapTransportPolicy(SecurityAuditSink.discard())
                .decideReceive(t, "com.example.dms", SecMacStatus.VALID);
        assertThat(bootstrap.verdict()).isEqualTo(Verdict.REFUSE);
    }

    @Test
    void handshake_with_a_server_certificate_the_client_does_not_trust_fails() throws Exception {
        SSLContext serverCtx = TestPki.context(pki.serverKeys, TestPki.trustStoreOf(pki.deviceCert), null);
        // The client trusts only the device certificate, not the server's.
        SSLContext clientCtx = TestPki.context(null, TestPki.trustStoreOf(pki.deviceCert), null);

        assertThatThrownBy(() -> handshake(serverCtx, false, clientCtx)).isInstanceOf(SSLException.class);
    }

    /** A trust manager that checks nothing: what "TLS without verification" looks like in code. */
    private static final class AcceptAnything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
