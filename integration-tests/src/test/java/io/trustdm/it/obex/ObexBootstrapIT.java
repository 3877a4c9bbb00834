package io.trustdm.it.obex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.client.bootstrap.BootstrapDelivery;
import io.trustdm.client.bootstrap.BootstrapProcessor;
import io.trustdm.client.bootstrap.BootstrapRefusedException;
import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.bootstrap.ObexBootstrapSource;
import io.trustdm.protocol.obex.DmObex;
import io.trustdm.protocol.obex.ObexCodec;
import io.trustdm.protocol.obex.ObexHeader;
import io.trustdm.protocol.obex.ObexHeaderId;
import io.trustdm.protocol.obex.ObexPacket;
import io.trustdm.protocol.obex.ObexResponse;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.pki.DevelopmentPki;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.Verdict;
import io.trustdm.security.transport.ChannelKind;
import io.trustdm.server.bootstrap.BootstrapPackage;
import io.trustdm.server.bootstrap.BootstrapProfile;
import io.trustdm.server.bootstrap.BootstrapService;
import io.trustdm.server.bootstrap.BootstrapTemplate;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.obex.ObexDmServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OBEX over TLS is a Secure Transport for bootstrap (DM Security §5.11.2, change request CR-1/CR-5); OBEX over TCP is
 * not, and both ends refuse it through the {@code BootstrapTransportPolicy}.
 */
class ObexBootstrapIT {
    private static final String DEV = "IMEI:353918050000059";

    /** One development PKI per class: generating its keys is the slow part of these tests. */
    @TempDir
    static Path dataDir;

    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final List<SecurityAuditEvent> deviceAudit = new CopyOnWriteArrayList<>();
    private DevelopmentPki pki;
    private IssuedCertificate deviceCert;
    private BootstrapService bootstrap;
    private ObexDmServer tlsServer;
    private ObexDmServer tcpServer;

    @BeforeEach
    void start() throws Exception {
        pki = DevelopmentPki.loadOrCreate(dataDir, List.of("localhost", "127.0.0.1"));
        deviceCert = pki.ca().issueDevice(DEV, Duration.ofDays(1));
        bootstrap = new BootstrapService(
                new BootstrapTemplate("dm.obex.test", "TrustDM", URI.create("obexs://localhost:1"), AuthScheme.MD5),
                registry,
                new BootstrapTransportPolicy(registry),
                new SecureRandom());
        tlsServer = ObexDmServer.builder()
                .tls(TlsContexts.create(pki.server(), List.of(pki.ca().certificate())), ClientAuth.WANT)
                .bootstrap(bootstrap)
                .build()
                .start();
        tcpServer =
                ObexDmServer.builder().plainTcp().bootstrap(bootstrap).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        tlsServer.close();
        tcpServer.close();
    }

    private BootstrapProcessor deviceProcessor() {
        return new BootstrapProcessor(new BootstrapTransportPolicy(deviceAudit::add), m -> Optional.empty());
    }

    private URI tls() {
        return URI.create("obexs://localhost:" + tlsServer.port());
    }

    @ParameterizedTest
    @EnumSource(BootstrapProfile.class)
    void bootstrap_over_obex_tls_with_mutual_tls_is_delivered_and_applied(BootstrapProfile profile) throws Exception {
        BootstrapPackage sent = bootstrap.prepare(DEV, profile, null);

        BootstrapDelivery d =
                new ObexBootstrapSource(tls(), deviceCert, List.of(pki.ca().certificate())).fetch();

        assertThat(d.body()).isEqualTo(sent.body());
        assertThat(d.contentType()).isEqualTo(sent.contentType());
        assertThat(d.transport().kind()).isEqualTo(ChannelKind.OBEX_TLS);
        assertThat(d.transport().isSecureTransport()).isTrue();
        assertThat(d.transport().clientAuthenticated())
                .as("the device presented its certificate")
                .isTrue();
        BootstrappedAccount acc = deviceProcessor().process(d);
        assertThat(acc.serverId()).isEqualTo("dm.obex.test");
        assertThat(deviceAudit).anySatisfy(e -> assertThat(e.verdict()).isEqualTo(Verdict.ACCEPT));
        assertThat(registry.auditEvents()).anySatisfy(e -> {
            assertThat(e.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(e.channel()).contains("OBEX over TLS");
        });
    }

    @Test
    void bootstrap_MUST_only_be_sent_over_a_secure_transport_so_obex_tcp_is_refused_by_the_server() throws Exception {
        bootstrap.prepare(DEV, BootstrapProfile.PLAIN, null);

        assertThatThrownBy(() -> new ObexBootstrapSource(
                                URI.create("obex://127.0.0.1:" + tcpServer.port()),
                                deviceCert,
                                List.of(pki.ca().certificate()))
                        .fetch())
                .hasMessageContaining("0xC3")
                .hasMessageContaining("bootstrap refused");

        assertThat(bootstrap.hasPending(DEV))
                .as("still waiting for a secure channel")
                .isTrue();
        assertThat(registry.auditEvents()).anySatisfy(e -> {
            assertThat(e.verdict()).isEqualTo(Verdict.REFUSE);
            assertThat(e.channel()).contains("OBEX over TCP");
        });
    }

    @Test
    void bootstrap_over_obex_tls_without_a_device_certificate_is_refused() {
        bootstrap.prepare(DEV, BootstrapProfile.PLAIN, null);
        assertThatThrownBy(() ->
                        new ObexBootstrapSource(tls(), null, List.of(pki.ca().certificate())).fetch())
                .hasMessageContaining("bootstrap refused");
        assertThat(bootstrap.hasPending(DEV)).isTrue();
    }

    /**
     * A rogue OBEX server on plain TCP that hands out a real bootstrap to whoever asks: the device fetches it but its
     * policy refuses to apply it, because the channel it came over is not a Secure Transport.
     */
    @Test
    void bootstrap_MUST_only_be_accepted_over_a_secure_transport_so_the_device_refuses_one_from_obex_tcp()
            throws Exception {
        BootstrapPackage pkg = bootstrap.prepare(DEV, BootstrapProfile.PLAIN, null);
        try (ServerSocket rogue = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> serveOnce(rogue, pkg));
            t.setDaemon(true);
            t.start();
            BootstrapDelivery d = new ObexBootstrapSource(
                            URI.create("obex://127.0.0.1:" + rogue.getLocalPort()),
                            deviceCert,
                            List.of(pki.ca().certificate()))
                    .fetch();
            assertThat(d.body()).isEqualTo(pkg.body());
            assertThat(d.transport().kind()).isEqualTo(ChannelKind.OBEX_TCP);

            assertThatThrownBy(() -> deviceProcessor().process(d))
                    .isInstanceOf(BootstrapRefusedException.class)
                    .hasMessageContaining("OBEX over TCP");
            t.join(5000);
        }
        assertThat(deviceAudit).anySatisfy(e -> assertThat(e.verdict()).isEqualTo(Verdict.REFUSE));
    }

    private static void serveOnce(ServerSocket listener, BootstrapPackage pkg) {
        try (Socket s = listener.accept()) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            ObexCodec.readFrame(in, 65535); // CONNECT
            ObexCodec.write(
                    out,
                    new ObexPacket(
                            ObexResponse.SUCCESS, new ObexPacket.ConnectFields(0x10, 0, 65535), List.of(DmObex.who())));
            ObexCodec.readFrame(in, 65535); // GET bootstrap
            ObexCodec.write(
                    out,
                    ObexPacket.of(
                            ObexResponse.SUCCESS,
                            DmObex.type(pkg.contentType()),
                            new ObexHeader.Bytes(ObexHeaderId.END_OF_BODY, pkg.body())));
            ObexCodec.readFrame(in, 65535); // DISCONNECT
            ObexCodec.write(out, ObexPacket.of(ObexResponse.SUCCESS));
            in.read();
        } catch (Exception e) {
            // the test's assertions report what went wrong
        }
    }
}
