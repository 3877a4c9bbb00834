package io.trustdm.it.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.client.bootstrap.BootstrapDelivery;
import io.trustdm.client.bootstrap.BootstrapProcessor;
import io.trustdm.client.bootstrap.BootstrapRefusedException;
import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.bootstrap.BootstrapKey;
import io.trustdm.security.bootstrap.SecurityMethod;
import io.trustdm.security.policy.BootstrapTransportPolicy;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.Verdict;
import io.trustdm.security.transport.TransportSecurity;
import io.trustdm.server.bootstrap.BootstrapPackage;
import io.trustdm.server.bootstrap.BootstrapProfile;
import io.trustdm.server.bootstrap.BootstrapService;
import io.trustdm.server.bootstrap.BootstrapTemplate;
import io.trustdm.server.memory.InMemoryRegistry;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bootstrap decision matrix on <em>both</em> sides, as explicit data ({@link #EXPECTED}, mirrored in
 * docs/SECURITY.md §6): every channel TrustDM knows × {no MAC, valid MAC, wrong MAC}.
 *
 * <ul>
 *   <li>Device: a real bootstrap document from the server's {@link BootstrapService} goes through the real {@link
 *       BootstrapProcessor} as if it had arrived over the channel; the expected verdict and the {@code
 *       bootstrap.receive} audit event (verdict and rule ids) are checked.
 *   <li>Server: {@link BootstrapService#deliver} over the same channel; the {@code bootstrap.send} decision recorded
 *       through the {@code SecurityAuditSink} is checked. SEC/MAC is added by the server itself, so it cannot make a
 *       channel acceptable there either: the server's verdict is the same for every MAC column.
 * </ul>
 *
 * What a channel provides is taken from its {@link TransportSecurity} factory here; that real connections are
 * classified into those values is shown by BootstrapConformanceIT (HTTPS, HTTP, WDP, SMS, card, file on the wire),
 * ObexBootstrapIT (OBEX/TCP and OBEX/TLS) and TransportSecurityTest.
 */
class BootstrapSecurityMatrixIT {
    private static final String PIN = "4711";
    private static final String SERVER_ID = "dm.matrix.test";

    enum Outcome {
        ACCEPT,
        REFUSE
    }

    enum Mac {
        NONE,
        VALID,
        WRONG
    }

    /** One row of the table: the channel and what each side must decide. */
    record Row(
            String channel,
            Supplier<TransportSecurity> transport,
            Outcome deviceNoMac,
            Outcome deviceValidMac,
            Outcome deviceWrongMac,
            Outcome serverDeliver) {
        Outcome device(Mac m) {
            return switch (m) {
                case NONE -> deviceNoMac;
                case VALID -> deviceValidMac;
                case WRONG -> deviceWrongMac;
            };
        }

        boolean secureForDevice() {
            return deviceNoMac == Outcome.ACCEPT;
        }

        @Override
        public String toString() {
            return channel;
        }
    }

    private static final Outcome A = Outcome.ACCEPT;
    private static final Outcome R = Outcome.REFUSE;

    /** The expected outcomes (docs/SECURITY.md §6 is this table). */
    static final List<Row> EXPECTED = List.of(
            new Row("HTTPS + mutual TLS", TransportSecurity::httpsMutualTls, A, A, R, A),
            new Row("HTTPS, server authenticated only", TransportSecurity::https, A, A, R, R),
            new Row("plain HTTP", TransportSecurity::plainHttp, R, R, R, R),
            new Row("OBEX over TCP", TransportSecurity::obexOverTcp, R, R, R, R),
            new Row("OBEX over TLS, mutual", () -> TransportSecurity.obexOverTls(true), A, A, R, A),
            new Row("OBEX over TLS, server authenticated only", () -> TransportSecurity.obexOverTls(false), A, A, R, R),
            new Row("WAP Push over SMS", TransportSecurity::wapPushSms, R, R, R, R),
            new Row("WDP over UDP", TransportSecurity::wdpUdp, R, R, R, R),
            new Row("smartcard", TransportSecurity::smartcard, A, A, R, A),
            new Row("factory file", TransportSecurity::factoryFile, A, A, R, A));

    record Case(Row row, BootstrapProfile profile, Mac mac) {
        @Override
        public String toString() {
            return row.channel + " / " + profile + " / " + mac + " MAC -> device " + row.device(mac);
        }
    }

    static Stream<Case> deviceCases() {
        List<Case> all = new ArrayList<>();
        for (Row r : EXPECTED) {
            for (BootstrapProfile p : BootstrapProfile.values()) {
                for (Mac m : Mac.values()) {
                    all.add(new Case(r, p, m));
                }
            }
        }
        return all.stream();
    }

    static Stream<Row> rows() {
        return EXPECTED.stream();
    }

    private static final AtomicInteger DEVICE = new AtomicInteger();
    private final List<SecurityAuditEvent> serverAudit = new ArrayList<>();
    private final BootstrapService service = new BootstrapService(
            new BootstrapTemplate(SERVER_ID, "matrix", URI.create("https://dm.example.test/dm"), AuthScheme.MD5),
            new InMemoryRegistry(),
            new BootstrapTransportPolicy(serverAudit::add),
            new SecureRandom());

    private static BootstrapKey userPin() {
        return BootstrapKey.userpin(Secret.ofUtf8(PIN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deviceCases")
    void bootstrap_MUST_arrive_over_secure_transport_and_transport_neutral_MAC_MAY_be_added_but_never_replaces_it(
            Case c) throws Exception {
        String dev = "IMEI:35391805" + DEVICE.incrementAndGet();
        BootstrapPackage p = service.prepare(dev, c.profile, c.mac == Mac.NONE ? null : userPin());
        String contentType = p.contentType();
        if (c.mac == Mac.WRONG) {
            contentType = withOneMacDigitChanged(contentType);
        }
        List<SecurityAuditEvent> deviceAudit = new ArrayList<>();
        BootstrapProcessor device = new BootstrapProcessor(
                new BootstrapTransportPolicy(deviceAudit::add),
                m -> m == SecurityMethod.USERPIN ? Optional.of(userPin()) : Optional.empty());
        BootstrapDelivery delivery = new BootstrapDelivery(p.body(), contentType, c.row.transport.get(), SERVER_ID);

        if (c.row.device(c.mac) == Outcome.ACCEPT) {
            BootstrappedAccount a = device.process(delivery);
            assertThat(a.serverId()).isEqualTo(SERVER_ID);
        } else {
            assertThatThrownBy(() -> device.process(delivery)).isInstanceOf(BootstrapRefusedException.class);
        }

        assertThat(deviceAudit).hasSize(1);
        SecurityAuditEvent e = deviceAudit.get(0);
        assertThat(e.decisionPoint()).isEqualTo("bootstrap.receive");
        assertThat(e.verdict()).isEqualTo(c.row.device(c.mac) == Outcome.ACCEPT ? Verdict.ACCEPT : Verdict.REFUSE);
        assertThat(e.rules()).contains("CR-1");
        if (!c.row.secureForDevice()) {
            assertThat(e.rules()).contains("CR-5");
            if (c.mac == Mac.VALID) {
                assertThat(e.reason()).contains("a valid SEC/MAC does not replace a secure transport");
            }
        }
        if (c.mac != Mac.NONE) {
            assertThat(e.rules()).contains("CR-2");
        }
        if (c.row.secureForDevice() && c.mac == Mac.WRONG) {
            assertThat(e.reason()).contains("does not verify");
        }
        assertThat(e.toLogLine()).doesNotContain("MAC=");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void server_MUST_deliver_bootstrap_only_over_secure_transport_that_authenticated_the_device(Row row) {
        for (Mac m : Mac.values()) {
            serverAudit.clear();
            String dev = "IMEI:35391806" + DEVICE.incrementAndGet();
            service.prepare(dev, BootstrapProfile.PLAIN, m == Mac.NONE ? null : userPin());
            serverAudit.clear();

            BootstrapService.Delivery d = service.deliver(dev, row.transport.get());

            assertThat(d.bootstrap().isPresent())
                    .as("%s with %s MAC", row, m)
                    .isEqualTo(row.serverDeliver == Outcome.ACCEPT);
            assertThat(serverAudit).hasSize(1);
            SecurityAuditEvent e = serverAudit.get(0);
            assertThat(e.decisionPoint()).isEqualTo("bootstrap.send");
            assertThat(e.subject()).isEqualTo(dev);
            assertThat(e.verdict()).isEqualTo(row.serverDeliver == Outcome.ACCEPT ? Verdict.ACCEPT : Verdict.REFUSE);
            assertThat(e.rules()).contains("CR-1");
            if (row.serverDeliver == Outcome.REFUSE) {
                assertThat(e.rules()).contains("CR-5");
            }
        }
    }

    @Test
    void expected_table_covers_every_channel_the_brief_names_and_no_insecure_channel_is_ever_accepted() {
        assertThat(EXPECTED).hasSize(10);
        for (Row r : EXPECTED) {
            TransportSecurity t = r.transport.get();
            assertThat(r.deviceWrongMac).as(r.channel).isEqualTo(Outcome.REFUSE);
            if (!t.isSecureTransport()) {
                assertThat(List.of(r.deviceNoMac, r.deviceValidMac, r.serverDeliver))
                        .as(r.channel)
                        .containsOnly(Outcome.REFUSE);
            }
        }
    }

    /** Changes one hex digit of the MAC parameter: the document is intact, the MAC is not. */
    private static String withOneMacDigitChanged(String contentType) {
        int i = contentType.indexOf("MAC=") + 4;
        char ch = contentType.charAt(i);
        char other = ch == '0' ? '1' : '0';
        return contentType.substring(0, i) + other + contentType.substring(i + 1);
    }
}
