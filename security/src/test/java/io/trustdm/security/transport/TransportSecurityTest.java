package io.trustdm.security.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransportSecurityTest {
    static TestPki pki;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.shared();
    }

    /** An SSLSession that reports the given negotiation; everything else is unsupported. */
    static SSLSession session(String protocol, String suite, Certificate[] peer, Certificate[] local) {
        return (SSLSession) Proxy.newProxyInstance(
                TransportSecurityTest.class.getClassLoader(), new Class<?>[] {SSLSession.class}, (p, m, args) -> {
                    switch (m.getName()) {
                        case "getProtocol":
                            return protocol;
                        case "getCipherSuite":
                            return suite;
                        case "getPeerCertificates":
                            if (peer == null) {
                                throw new SSLPeerUnverifiedException("no peer certificate");
                            }
                            return peer.clone();
                        case "getLocalCertificates":
                            return local;
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
    }

    private SSLSession clientSession(String protocol, String suite) {
        return session(protocol, suite, new Certificate[] {pki.serverCert}, null);
    }

    @Test
    void each_transport_declares_its_authentication_integrity_and_confidentiality() {
        record Row(TransportSecurity t, boolean server, boolean client, boolean integrity, boolean confidentiality) {}
        List<Row> rows = List.of(
                new Row(TransportSecurity.https(), true, false, true, true),
                new Row(TransportSecurity.httpsMutualTls(), true, true, true, true),
                new Row(TransportSecurity.httpsUnverified(), false, false, false, false),
                new Row(TransportSecurity.plainHttp(), false, false, false, false),
                new Row(TransportSecurity.obexOverTcp(), false, false, false, false),
                new Row(TransportSecurity.obexOverTls(false), true, false, true, true),
                new Row(TransportSecurity.obexOverTls(true), true, true, true, true),
                new Row(TransportSecurity.wapPushSms(), false, false, false, false),
                new Row(TransportSecurity.wdpUdp(), false, false, false, false),
                new Row(TransportSecurity.smartcard(), true, true, true, true),
                new Row(TransportSecurity.factoryFile(), true, true, true, true));
        for (Row r : rows) {
            assertThat(r.t().serverAuthenticated()).as(r.t().channel()).isEqualTo(r.server());
            assertThat(r.t().clientAuthenticated()).as(r.t().channel()).isEqualTo(r.client());
            assertThat(r.t().integrity()).as(r.t().channel()).isEqualTo(r.integrity());
            assertThat(r.t().confidentiality()).as(r.t().channel()).isEqualTo(r.confidentiality());
            assertThat(r.t().channel()).isNotBlank();
        }
    }

    @Test
    void secure_transport_means_authentication_integrity_and_encryption() {
        assertThat(TransportSecurity.https().isSecureTransport()).isTrue();
        assertThat(TransportSecurity.httpsMutualTls().isSecureTransport()).isTrue();
        assertThat(TransportSecurity.obexOverTls(true).isSecureTransport()).isTrue();
        assertThat(TransportSecurity.httpsUnverified().isSecureTransport()).isFalse();
        assertThat(TransportSecurity.plainHttp().isSecureTransport()).isFalse();
        assertThat(TransportSecurity.wapPushSms().isSecureTransport()).isFalse();
        assertThat(TransportSecurity.wdpUdp().isSecureTransport()).isFalse();
        assertThat(TransportSecurity.obexOverTcp().isSecureTransport()).isFalse();
        // Authentication and integrity without encryption is not a secure transport.
        TransportSecurity nullCipher =
                TransportSecurity.fromTlsSession(clientSession("TLSv1.2", "TLS_RSA_WITH_NULL_SHA256"), true);
        assertThat(nullCipher.providesAuthenticationAndIntegrity()).isTrue();
        assertThat(nullCipher.confidentiality()).isFalse();
        assertThat(nullCipher.isSecureTransport()).isFalse();
    }

    @Test
    void smartcard_is_a_secure_transport() {
        TransportSecurity card = TransportSecurity.smartcard();
        assertThat(card.isSecureTransport()).isTrue();
        assertThat(card.kind()).isEqualTo(ChannelKind.SMARTCARD);
        assertThat(card.authenticates(Party.SERVER)).isTrue();
        assertThat(card.hasDefect()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SSLv3", "SSLv2Hello", "NONE"})
    void ssl_3_and_older_are_never_accepted(String protocol) {
        TransportSecurity t = TransportSecurity.fromTlsSession(
                ChannelKind.HTTPS,
                clientSession(protocol, "SSL_RSA_WITH_3DES_EDE_CBC_SHA"),
                true,
                TlsProfile.LEGACY_INTEROP);
        assertThat(t.hasDefect()).isTrue();
        assertThat(t.defectReason().orElseThrow()).contains(protocol).contains("not permitted");
        assertThat(t.isSecureTransport()).isFalse();
    }

    @Test
    void tls_1_0_needs_the_explicit_legacy_switch() {
        SSLSession s = clientSession("TLSv1", "TLS_RSA_WITH_AES_128_CBC_SHA");
        assertThat(TransportSecurity.fromTlsSession(s, true).hasDefect()).isTrue();
        TransportSecurity legacy =
                TransportSecurity.fromTlsSession(ChannelKind.HTTPS, s, true, TlsProfile.LEGACY_INTEROP);
        assertThat(legacy.hasDefect()).isFalse();
        assertThat(legacy.isSecureTransport()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "TLS_RSA_WITH_RC4_128_SHA",
                "SSL_RSA_EXPORT_WITH_RC4_40_MD5",
                "SSL_RSA_WITH_DES_CBC_SHA",
                "TLS_DH_anon_WITH_AES_128_GCM_SHA256",
                "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
                "SSL_NULL_WITH_NULL_NULL"
            })
    void broken_or_anonymous_cipher_suites_make_the_channel_defective(String suite) {
        TransportSecurity t = TransportSecurity.fromTlsSession(clientSession("TLSv1.2", suite), true);
        assertThat(t.hasDefect()).isTrue();
        assertThat(t.providesAuthenticationAndIntegrity()).isFalse();
    }

    @Test
    void a_client_that_did_not_verify_or_got_no_certificate_has_a_defective_channel() {
        SSLSession s = clientSession("TLSv1.3", "TLS_AES_128_GCM_SHA256");
        assertThat(TransportSecurity.fromTlsSession(s, false).defectReason())
                .hasValue("server certificate was not verified");
        SSLSession noCert = session("TLSv1.3", "TLS_AES_128_GCM_SHA256", null, null);
        assertThat(TransportSecurity.fromTlsSession(noCert, true).defectReason())
                .hasValue("server presented no certificate");
    }

    @Test
    void the_server_view_counts_a_verified_client_certificate_as_client_authentication() {
        Certificate[] own = {pki.serverCert};
        SSLSession withClientCert =
                session("TLSv1.3", "TLS_AES_256_GCM_SHA384", new Certificate[] {pki.deviceCert}, own);
        TransportSecurity t = TransportSecurity.fromServerTlsSession(withClientCert, true);
        assertThat(t.clientAuthenticated()).isTrue();
        assertThat(t.tlsDetails().orElseThrow().peerSubject().orElseThrow()).contains("IMEI:490154203237518");
        SSLSession anonymousClient = session("TLSv1.3", "TLS_AES_256_GCM_SHA384", null, own);
        assertThat(TransportSecurity.fromServerTlsSession(anonymousClient, true).clientAuthenticated())
                .isFalse();
        SSLSession noServerCert = session("TLSv1.3", "TLS_AES_256_GCM_SHA384", null, null);
        assertThat(TransportSecurity.fromServerTlsSession(noServerCert, true).hasDefect())
                .isTrue();
    }

    @Test
    void a_defective_channel_cannot_claim_any_property() {
        assertThatThrownBy(() -> new TransportSecurity(ChannelKind.HTTPS, "x", true, false, true, true, "broken", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
