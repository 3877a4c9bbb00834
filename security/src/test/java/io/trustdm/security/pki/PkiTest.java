package io.trustdm.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiTest {
    @TempDir
    Path dir;

    @Test
    void development_pki_is_created_once_and_reloaded_with_a_private_key_file_only_the_owner_can_read()
            throws Exception {
        DevelopmentPki first = DevelopmentPki.loadOrCreate(dir, List.of("localhost", "127.0.0.1"));
        assertThat(first.created()).isTrue();
        assertThat(Files.getPosixFilePermissions(dir.resolve("pki/ca-key.pem")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        DevelopmentPki second = DevelopmentPki.loadOrCreate(dir, List.of("localhost"));
        assertThat(second.created()).isFalse();
        assertThat(second.ca().certificate()).isEqualTo(first.ca().certificate());
        assertThat(second.server().certificate()).isEqualTo(first.server().certificate());
        assertThat(second.server().privateKey().getEncoded())
                .isEqualTo(first.server().privateKey().getEncoded());
    }

    @Test
    void device_certificate_carries_the_device_identity_as_common_name() {
        CertificateAuthority ca = CertificateAuthority.generate("test CA", Duration.ofDays(1));
        IssuedCertificate dev = ca.issueDevice("IMEI:490154203237518", Duration.ofDays(1));
        assertThat(CertificateAuthority.commonName(dev.certificate())).isEqualTo("IMEI:490154203237518");
        assertThat(dev.toString()).doesNotContain("PRIVATE").contains("key=<hidden>");
    }

    @Test
    void mutual_tls_handshake_on_loopback_authenticates_both_sides() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("test CA", Duration.ofDays(1));
        IssuedCertificate server = ca.issueServer("srv", List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
        IssuedCertificate device = ca.issueDevice("IMEI:1", Duration.ofDays(1));
        SSLContext sctx = TlsContexts.create(server, List.of(ca.certificate()));
        SSLContext cctx = TlsContexts.create(device, List.of(ca.certificate()));
        try (SSLServerSocket ss = (SSLServerSocket)
                sctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ss.setNeedClientAuth(true);
            ss.setEnabledProtocols(TlsContexts.PROTOCOLS.toArray(new String[0]));
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    InputStream in = s.getInputStream();
                    int b = in.read();
                    X509Certificate c = (X509Certificate) s.getSession().getPeerCertificates()[0];
                    s.getOutputStream().write(b + 1);
                    return CertificateAuthority.commonName(c);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (SSLSocket c = (SSLSocket) cctx.getSocketFactory().createSocket("localhost", ss.getLocalPort())) {
                c.setSSLParameters(TlsContexts.clientParameters(cctx));
                OutputStream out = c.getOutputStream();
                out.write(41);
                out.flush();
                assertThat(c.getInputStream().read()).isEqualTo(42);
                assertThat(c.getSession().getProtocol()).isIn(TlsContexts.PROTOCOLS);
            }
            assertThat(peer.get(10, TimeUnit.SECONDS)).isEqualTo("IMEI:1");
        }
    }

    @Test
    void client_refuses_a_server_certificate_from_an_untrusted_ca() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("real CA", Duration.ofDays(1));
        CertificateAuthority rogue = CertificateAuthority.generate("rogue CA", Duration.ofDays(1));
        IssuedCertificate server = rogue.issueServer("srv", List.of("localhost"), Duration.ofDays(1));
        SSLContext sctx = TlsContexts.create(server, List.of());
        SSLContext cctx = TlsContexts.create(null, List.of(ca.certificate()));
        try (SSLServerSocket ss = (SSLServerSocket)
                sctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.startHandshake();
                } catch (Exception expected) {
                    // the client aborts the handshake
                }
            });
            try (SSLSocket c = (SSLSocket) cctx.getSocketFactory().createSocket("localhost", ss.getLocalPort())) {
                c.setSSLParameters(TlsContexts.clientParameters(cctx));
                assertThatThrownBy(c::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
        }
    }

    @Test
    void client_refuses_a_trusted_certificate_issued_for_another_host() throws Exception {
        CertificateAuthority ca = CertificateAuthority.generate("real CA", Duration.ofDays(1));
        IssuedCertificate server = ca.issueServer("srv", List.of("dm.example.com"), Duration.ofDays(1));
        SSLContext sctx = TlsContexts.create(server, List.of());
        SSLContext cctx = TlsContexts.create(null, List.of(ca.certificate()));
        try (SSLServerSocket ss = (SSLServerSocket)
                sctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.startHandshake();
                } catch (Exception expected) {
                    // the client aborts the handshake
                }
            });
            try (SSLSocket c = (SSLSocket) cctx.getSocketFactory().createSocket("localhost", ss.getLocalPort())) {
                c.setSSLParameters(TlsContexts.clientParameters(cctx));
                assertThatThrownBy(c::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
        }
    }
}
