package io.trustdm.it.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.client.bootstrap.BootstrapDelivery;
import io.trustdm.client.bootstrap.BootstrapProcessor;
import io.trustdm.client.bootstrap.BootstrapRefusedException;
import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.bootstrap.FactoryFileSource;
import io.trustdm.client.bootstrap.HttpsBootstrapSource;
import io.trustdm.client.bootstrap.SmartcardBootstrapSource;
import io.trustdm.protocol.smartcard.CardImage;
import io.trustdm.protocol.wap.SmsReassembler;
import io.trustdm.protocol.wap.SmsSegmenter;
import io.trustdm.protocol.wap.SmsUserDataHeader;
import io.trustdm.protocol.wap.WspPushPdu;
import io.trustdm.security.Secret;
import io.trustdm.security.bootstrap.BootstrapKey;
import io.trustdm.security.bootstrap.Imsi;
import io.trustdm.security.bootstrap.SecurityMethod;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.Verdict;
import io.trustdm.security.transport.TransportSecurity;
import io.trustdm.server.bootstrap.BootstrapPackage;
import io.trustdm.server.bootstrap.BootstrapProfile;
import io.trustdm.server.http.DmHttpServer;
import io.trustdm.smartcard.sim.CardPersonaliser;
import io.trustdm.smartcard.sim.SimulatedCardTerminal;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bootstrap conformance matrix: every delivery channel × profile (Plain, CP) × SEC/MAC option, each case named
 * after the change-request rule it checks (CR-1 bootstrap only over a Secure Transport, CR-2 transport-neutral
 * security MAY be added on top but never replaces it, CR-4 a smartcard is a Secure Transport, CR-5 Secure Transport =
 * authentication + integrity + encryption). Real parts throughout: the DM server's bootstrap service and HTTPS
 * endpoint on loopback, a plain-HTTP endpoint, real UDP datagrams for WDP, SMS segmentation and reassembly, the
 * jcardsim card, a factory file on disk. The table in docs/SECURITY.md is written from this test
 * ({@code target/bootstrap-conformance.md}).
 */
class BootstrapConformanceIT {
    private static final String IMSI = "262019876543210";
    private static final String PIN = "1234";

    /** What the rules require for a channel. */
    enum Expect {
        ACCEPTED,
        REFUSED,
        REFUSED_FATAL
    }

    enum Channel {
        HTTPS_VERIFIED("HTTPS, server certificate verified (mutual TLS)", Expect.ACCEPTED, "CR-1"),
        HTTPS_UNVERIFIABLE("HTTPS, server certificate does not verify", Expect.REFUSED_FATAL, "CR-5"),
        PLAIN_HTTP("plain HTTP", Expect.REFUSED, "CR-1"),
        WAP_PUSH_WDP("WAP Push over WDP/UDP", Expect.REFUSED, "CR-2"),
        WAP_PUSH_SMS("WAP Push over SMS", Expect.REFUSED, "CR-2"),
        SMARTCARD("smartcard (jcardsim PKCS#15 applet)", Expect.ACCEPTED, "CR-4"),
        FACTORY_FILE("factory file", Expect.ACCEPTED, "CR-1");

        final String label;
        final Expect expect;
        final String rule;

        Channel(String label, Expect expect, String rule) {
            this.label = label;
            this.expect = expect;
            this.rule = rule;
        }
    }

    enum SecMac {
        NONE(null),
        NETWPIN(SecurityMethod.NETWPIN),
        USERPIN(SecurityMethod.USERPIN),
        USERNETWPIN(SecurityMethod.USERNETWPIN),
        USERPINMAC(SecurityMethod.USERPINMAC);

        final SecurityMethod method;

        SecMac(SecurityMethod method) {
            this.method = method;
        }

        BootstrapKey key() {
            if (method == null) {
                return null;
            }
            return switch (method) {
                case NETWPIN -> BootstrapKey.netwpin(new Imsi(IMSI));
                case USERPIN -> BootstrapKey.userpin(Secret.ofUtf8(PIN));
                case USERNETWPIN -> BootstrapKey.usernetwpin(new Imsi(IMSI), Secret.ofUtf8(PIN));
                case USERPINMAC -> BootstrapKey.userpinmac(Secret.ofUtf8(PIN));
            };
        }
    }

    record Case(Channel channel, BootstrapProfile profile, SecMac secMac) {
        @Override
        public String toString() {
            String what = switch (channel.expect) {
                case ACCEPTED -> "accepted";
                case REFUSED -> "refused";
                case REFUSED_FATAL -> "refused, fatal, no fallback";
            };
            return channel.rule + ": " + channel.label + " is " + what + " [" + profile + ", SEC/MAC " + secMac + "]";
        }
    }

    static Stream<Case> matrix() {
        List<Case> all = new ArrayList<>();
        for (Channel c : Channel.values()) {
            for (BootstrapProfile p : BootstrapProfile.values()) {
                for (SecMac s : SecMac.values()) {
                    all.add(new Case(c, p, s));
                }
            }
        }
        return all.stream();
    }

    private static BootstrapServerFixture fx;
    private static DmHttpServer plain;
    private static final AtomicInteger DEVICE = new AtomicInteger(100);
    private static final List<String> RESULTS = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        fx = new BootstrapServerFixture();
        plain = DmHttpServer.builder()
                .port(0)
                .plainHttp()
                .handler(r -> {
                    throw new IllegalStateException("no DM sessions on this endpoint");
                })
                .mount("/bootstrap", new io.trustdm.server.bootstrap.BootstrapHttpHandler(fx.bootstrap))
                .build()
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        plain.close();
        fx.close();
        Path out = Path.of("target", "bootstrap-conformance.md");
        Files.createDirectories(out.getParent());
        Files.write(out, RESULTS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void bootstrap_MUST_be_sent_via_secure_transport_and_transport_neutral_security_MAY_only_be_added(Case c)
            throws Exception {
        String dev = "IMEI:3539180500" + DEVICE.incrementAndGet();
        BootstrapKey key = c.secMac.key();
        BootstrapPackage p = fx.bootstrap.prepare(dev, c.profile, key);
        List<SecurityAuditEvent> deviceAudit = new ArrayList<>();
        BootstrapProcessor device = new BootstrapProcessor(
                new BootstrapTransportPolicy(deviceAudit::add),
                m -> m == c.secMac.method ? Optional.of(c.secMac.key()) : Optional.empty());
        String outcome = switch (c.channel) {
            case HTTPS_VERIFIED -> acceptedOverHttps(c, dev, device, deviceAudit);
            case HTTPS_UNVERIFIABLE -> refusedOverUnverifiableHttps(c, dev, p, device, deviceAudit);
            case PLAIN_HTTP -> refusedOverPlainHttp(dev, p, device, deviceAudit);
            case WAP_PUSH_WDP -> refusedOverPush(c, dev, p, device, deviceAudit, false);
            case WAP_PUSH_SMS -> refusedOverPush(c, dev, p, device, deviceAudit, true);
            case SMARTCARD -> acceptedFromSmartcard(c, dev, device, deviceAudit);
            case FACTORY_FILE -> acceptedFromFactoryFile(c, dev, p, device, deviceAudit);
        };
        synchronized (RESULTS) {
            if (RESULTS.isEmpty()) {
                RESULTS.add("| rule | channel | profile | SEC/MAC | outcome |");
                RESULTS.add("|---|---|---|---|---|");
            }
            RESULTS.add("| " + c.channel.rule + " | " + c.channel.label + " | " + c.profile + " | " + c.secMac + " | "
                    + outcome + " |");
        }
    }

    // ---- accepted channels --------------------------------------------------------------------------------------

    private String acceptedOverHttps(Case c, String dev, BootstrapProcessor device, List<SecurityAuditEvent> audit)
            throws Exception {
        IssuedCertificate cert = fx.ca.issueDevice(dev, Duration.ofDays(1));
        BootstrapDelivery d = new HttpsBootstrapSource(fx.bootstrapUri(), cert, List.of(fx.ca.certificate())).fetch();
        assertThat(d.transport().isSecureTransport()).isTrue();
        assertAccepted(c, dev, device.process(d), audit);
        assertThat(serverDecisions(dev))
                .singleElement()
                .satisfies(e -> assertThat(e.verdict()).isEqualTo(Verdict.ACCEPT));
        return "accepted";
    }

    private String acceptedFromSmartcard(Case c, String dev, BootstrapProcessor device, List<SecurityAuditEvent> audit)
            throws Exception {
        CardImage image = fx.bootstrap.cardImage(dev).orElseThrow();
        SimulatedCardTerminal reader = SimulatedCardTerminal.withBootstrapApplet("SIM");
        new CardPersonaliser(reader.connect("*").getBasicChannel()).personalise(image);
        BootstrapDelivery d = new SmartcardBootstrapSource(reader).fetch();
        assertAccepted(c, dev, device.process(d), audit);
        assertThat(audit.get(0).rules()).contains("CR-4");
        return "accepted";
    }

    private String acceptedFromFactoryFile(
            Case c, String dev, BootstrapPackage p, BootstrapProcessor device, List<SecurityAuditEvent> audit)
            throws Exception {
        assertThat(fx.bootstrap.deliver(dev, TransportSecurity.factoryFile()).bootstrap())
                .isPresent();
        Path file = tmp.resolve("factory-bootstrap.wbxml");
        Files.write(file, p.body());
        assertAccepted(c, dev, device.process(new FactoryFileSource(file, p.contentType()).fetch()), audit);
        return "accepted";
    }

    private static void assertAccepted(Case c, String dev, BootstrappedAccount acc, List<SecurityAuditEvent> audit) {
        assertThat(acc.serverId()).isEqualTo(BootstrapServerFixture.SERVER_ID);
        assertThat(acc.client().username()).isEqualTo(dev);
        assertThat(fx.registry.account(dev)).isPresent();
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(e.rules()).contains("CR-1");
            if (c.secMac != SecMac.NONE) {
                assertThat(e.rules()).as("a verified SEC/MAC on top").contains("CR-2");
                assertThat(e.reason()).contains("with a verified SEC/MAC");
            }
        });
    }

    // ---- refused channels ---------------------------------------------------------------------------------------

    private String refusedOverUnverifiableHttps(
            Case c, String dev, BootstrapPackage p, BootstrapProcessor device, List<SecurityAuditEvent> audit)
            throws Exception {
        CertificateAuthority stranger = CertificateAuthority.generate("Not the server's CA", Duration.ofDays(1));
        IssuedCertificate cert = fx.ca.issueDevice(dev, Duration.ofDays(1));
        HttpsBootstrapSource source =
                new HttpsBootstrapSource(fx.bootstrapUri(), cert, List.of(stranger.certificate()));
        assertThatThrownBy(source::fetch)
                .as("the handshake fails: fatal, the source has no plain-HTTP or trust-all fallback")
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(serverDecisions(dev))
                .as("nothing reached the bootstrap endpoint")
                .isEmpty();
        assertThat(fx.bootstrap.hasPending(dev)).isTrue();
        // Had the bytes come over such a channel anyway, the Device would refuse them as defective.
        assertRefused(
                device,
                new BootstrapDelivery(p.body(), p.contentType(), TransportSecurity.httpsUnverified(), "HTTPS"),
                audit,
                "failed verification (server certificate was not verified)");
        assertThat(audit.get(0).rules()).contains("CR-1", "CR-5");
        return "refused: TLS handshake fails, no fallback";
    }

    private String refusedOverPlainHttp(
            String dev, BootstrapPackage p, BootstrapProcessor device, List<SecurityAuditEvent> audit)
            throws Exception {
        URI http = URI.create("http://127.0.0.1:" + plain.port() + "/bootstrap");
        assertThatThrownBy(() -> new HttpsBootstrapSource(http, null, List.of(fx.ca.certificate())).fetch())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("only fetched over HTTPS");
        int before = fx.registry.auditEvents().size();
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(http).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body())
                .startsWith("bootstrap refused: bootstrap not sent: HTTP (no TLS) is not a secure transport");
        List<SecurityAuditEvent> server = fx.registry
                .auditEvents()
                .subList(before, fx.registry.auditEvents().size());
        assertThat(server).singleElement().satisfies(e -> {
            assertThat(e.decisionPoint()).isEqualTo("bootstrap.send");
            assertThat(e.verdict()).isEqualTo(Verdict.REFUSE);
            assertThat(e.channel()).isEqualTo("HTTP (no TLS)");
            assertThat(e.rules()).contains("CR-1", "CR-5");
        });
        assertRefused(
                device,
                new BootstrapDelivery(p.body(), p.contentType(), TransportSecurity.plainHttp(), http.toString()),
                audit,
                "HTTP (no TLS) is not a secure transport");
        return "refused (server 403 + audit; device refuses + audit)";
    }

    private String refusedOverPush(
            Case c,
            String dev,
            BootstrapPackage p,
            BootstrapProcessor device,
            List<SecurityAuditEvent> audit,
            boolean sms)
            throws Exception {
        TransportSecurity channel = sms ? TransportSecurity.wapPushSms() : TransportSecurity.wdpUdp();
        assertThat(fx.bootstrap.deliver(dev, channel).decision().verdict())
                .as("our server never pushes a bootstrap")
                .isEqualTo(Verdict.REFUSE);
        // A legacy sender pushes it anyway, with the SEC/MAC parameters in the WSP Content-Type.
        byte[] pdu = new WspPushPdu(
                        0x42,
                        p.profile().mediaType(),
                        p.sec() == null ? -1 : p.sec().wspValue(),
                        p.macHex(),
                        p.profile() == BootstrapProfile.PLAIN ? WspPushPdu.APP_ID_SYNCML_DM : -1,
                        null,
                        p.body())
                .encode();
        byte[] received = sms ? overSms(pdu) : overUdp(pdu);
        WspPushPdu push = WspPushPdu.decode(received);
        String contentType = push.contentType()
                + (push.sec() < 0
                        ? ""
                        : "; SEC=" + SecurityMethod.fromWspValue(push.sec()).orElseThrow() + "; MAC=" + push.mac());
        assertThat(contentType).isEqualTo(p.contentType());
        String why = c.secMac == SecMac.NONE
                ? channel.channel() + " is not a secure transport (no authentication, integrity, encryption)"
                : "a valid SEC/MAC does not replace a secure transport";
        assertRefused(
                device,
                new BootstrapDelivery(push.body(), contentType, channel, "push from +491701234567"),
                audit,
                why);
        if (c.secMac != SecMac.NONE) {
            assertThat(audit.get(0).rules()).contains("CR-1", "CR-2", "CR-5");
        }
        return c.secMac == SecMac.NONE ? "refused" : "refused although the SEC/MAC verifies";
    }

    private static byte[] overUdp(byte[] pdu) throws IOException {
        try (DatagramSocket device = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            device.setSoTimeout(5000);
            sender.send(new DatagramPacket(pdu, pdu.length, InetAddress.getLoopbackAddress(), device.getLocalPort()));
            DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
            device.receive(in);
            return Arrays.copyOf(in.getData(), in.getLength());
        }
    }

    private static byte[] overSms(byte[] pdu) {
        SmsReassembler phone = SmsReassembler.withDefaults();
        Optional<SmsReassembler.Datagram> d = Optional.empty();
        for (byte[] segment :
                SmsSegmenter.segment(pdu, SmsUserDataHeader.PORT_WAP_PUSH, SmsUserDataHeader.PORT_WSP, 7)) {
            d = phone.accept("+491701234567", segment);
        }
        return d.orElseThrow().payload();
    }

    private static void assertRefused(
            BootstrapProcessor device, BootstrapDelivery d, List<SecurityAuditEvent> audit, String why) {
        assertThatThrownBy(() -> device.process(d))
                .isInstanceOf(BootstrapRefusedException.class)
                .hasMessageContaining(why);
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e.verdict()).isEqualTo(Verdict.REFUSE);
            assertThat(e.decisionPoint()).isEqualTo("bootstrap.receive");
            assertThat(e.rules()).contains("CR-1");
        });
    }

    private static List<SecurityAuditEvent> serverDecisions(String dev) {
        return fx.registry.auditEvents().stream()
                .filter(e -> e.decisionPoint().equals("bootstrap.send")
                        && e.subject().equals(dev))
                .toList();
    }
}
