package io.trustdm.it.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.DeviceAgent;
import io.trustdm.client.bootstrap.HttpsBootstrapSource;
import io.trustdm.client.notification.NotificationReceiver;
import io.trustdm.protocol.notification.NotificationMessage;
import io.trustdm.protocol.notification.NotificationMessage.Initiator;
import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.protocol.wap.SmsUserDataHeader;
import io.trustdm.protocol.wap.WspPushPdu;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.notification.NotificationDigest;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.server.DmServer;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.bootstrap.BootstrapProfile;
import io.trustdm.server.notification.Delivery;
import io.trustdm.server.notification.NotificationService.State;
import io.trustdm.server.notification.NotificationService.Wake;
import io.trustdm.server.notification.PapNotificationSender;
import io.trustdm.server.session.SessionOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-initiated session through a real Push Proxy Gateway: our server submits Package #0 to Kannel's PPG with PAP,
 * Kannel sends it as a WAP Push SMS to fakesmsc, and the SMS bytes fakesmsc received are fed into our Device's raw
 * SMS entry point, which verifies the digest with its SRVCRED and opens a session over HTTPS with Alert 1200 and the
 * trigger's SessionID. Needs Debian's kannel and kannel-extras; fails without them unless -DskipPeers=true.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KannelPushIT {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KannelPushIT.class);
    private static final String DEV = "IMEI:356938035640001";
    private static final String MSISDN = "+4912345678";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path tmp;

    private static KannelPeer kannel;
    private static DmServer server;
    private static DeviceAgent agent;
    private static NotificationReceiver receiver;
    private static final List<Throwable> sessionErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        long t0 = System.nanoTime();
        kannel = KannelPeer.start(tmp);
        LOG.info("Kannel (bearerbox, fakesmsc, wapbox) ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
        server = DmServer.start(tmp.resolve("server"), "127.0.0.1", 0, "dm.trustdm.test", AuthScheme.MD5);
        IssuedCertificate cert = server.ca().issueDevice(DEV, Duration.ofDays(1));
        agent = DeviceAgent.builder(DEV)
                .trustAnchors(List.of(server.ca().certificate()))
                .certificate(cert)
                .build();
        server.bootstrap().prepare(DEV, BootstrapProfile.PLAIN, null);
        agent.bootstrap(
                new HttpsBootstrapSource(
                        server.bootstrapUri(), cert, List.of(server.ca().certificate())),
                m -> Optional.empty());
        agent.runSession();
        server.registerMsisdn(DEV, MSISDN);
        server.usePushProxy(PapNotificationSender.builder(kannel.ppgUrl())
                .msisdns(server::msisdn)
                .timeout(Duration.ofSeconds(10))
                .build());
        receiver = agent.notificationReceiver(sessionErrors::add);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (agent != null) {
                agent.close();
            }
            if (server != null) {
                server.close();
            }
        } finally {
            if (kannel != null) {
                kannel.close();
                assertThat(kannel.allStopped())
                        .as("every Kannel process stopped")
                        .isTrue();
            }
        }
    }

    @Test
    @Order(1)
    void notification_through_kannels_ppg_wakes_our_device_which_answers_with_alert_1200_over_https() {
        int before = kannel.received().size();
        long t0 = System.nanoTime();
        Wake wake = wake();
        long submitted = System.nanoTime();
        assertThat(wake.state()).as(wake.lastResult()).isEqualTo(State.AWAITING_ANSWER);
        assertThat(wake.lastResult()).contains("1001");

        KannelPeer.Sms sms = kannel.awaitMessages(before, 1).get(0);
        long atSmsc = System.nanoTime();
        assertThat(sms.to()).isEqualTo(MSISDN);
        SmsUserDataHeader udh = SmsUserDataHeader.parse(sms.userData());
        assertThat(udh.destinationPort()).isEqualTo(SmsUserDataHeader.PORT_WAP_PUSH);
        assertThat(udh.isConcatenated()).isFalse();
        WspPushPdu pdu = WspPushPdu.decode(sms.data());
        assertThat(pdu.contentType()).isEqualTo(NotificationMessage.MEDIA_TYPE);
        assertThat(pdu.applicationId()).isEqualTo(WspPushPdu.APP_ID_SYNCML_DM);
        NotificationMessage n = NotificationMessage.parse(pdu.body());
        assertThat(n.sessionId()).isEqualTo(wake.sessionId());
        assertThat(n.serverId()).isEqualTo("dm.trustdm.test");

        Optional<NotificationReceiver.Trigger> t = receiver.onSms(sms.from(), sms.userData());
        assertThat(t).as("the device verified the trigger").isPresent();
        assertThat(t.get().sessionIdHex()).isEqualTo(wake.sessionIdHex());
        assertThat(t.get().resync()).isFalse();

        await(
                "Alert 1200 with SessionID " + wake.sessionIdHex(),
                () -> server.notifications().lastWake(DEV).isAnswered());
        long answered = System.nanoTime();
        assertThat(sessionErrors).isEmpty();
        LOG.info(
                "PAP submit answered in {} ms; SMS at fakesmsc {} ms later; device answered (Alert 1200 {}) {} ms"
                        + " after reading the SMS",
                (submitted - t0) / 1_000_000,
                (atSmsc - submitted) / 1_000_000,
                wake.sessionIdHex(),
                (answered - atSmsc) / 1_000_000);
        await(
                "the server-initiated session to end",
                () -> server.registry().sessions().stream()
                        .anyMatch(s -> s.deviceId().equals(DEV) && s.sessionId().equals(wake.sessionIdHex())));
        assertThat(server.registry().sessions())
                .filteredOn(s -> s.sessionId().equals(wake.sessionIdHex()))
                .singleElement()
                .satisfies(s -> assertThat(s.outcome()).isEqualTo(SessionOutcome.COMPLETED));
    }

    @Test
    @Order(2)
    void sms_with_a_forged_digest_starts_no_session() throws Exception {
        int sessions = server.registry().sessions().size();
        int before = kannel.received().size();
        DeviceAccount account = server.registry().account(DEV).orElseThrow();
        byte[] trigger = NotificationMessage.trigger(
                11, UiMode.BACKGROUND, Initiator.SERVER, 0x4242, account.serverName(), null);
        byte[] pkg0 =
                NotificationDigest.seal(account.serverKey(), server.registry().serverNonce(DEV), trigger);
        pkg0[3] ^= 0x01;
        assertThat(pap().send(DEV, pkg0)).isInstanceOf(Delivery.Accepted.class);

        KannelPeer.Sms sms = kannel.awaitMessages(before, 1).get(0);
        assertThat(receiver.onSms(sms.from(), sms.userData())).isEmpty();
        assertThat(server.registry().sessions()).hasSize(sessions);
    }

    @Test
    @Order(3)
    void long_trigger_goes_out_as_concatenated_sms_and_is_reassembled_by_the_device() throws Exception {
        Thread.sleep(1100); // not a readiness wait: the Device accepts one trigger per ServerID per second
        int before = kannel.received().size();
        DeviceAccount account = server.registry().account(DEV).orElseThrow();
        byte[] vendor = new byte[180];
        Arrays.fill(vendor, (byte) 'v');
        byte[] trigger = NotificationMessage.trigger(
                11, UiMode.BACKGROUND, Initiator.SERVER, 0x0BEE, account.serverName(), vendor);
        byte[] pkg0 =
                NotificationDigest.seal(account.serverKey(), server.registry().serverNonce(DEV), trigger);
        assertThat(pap().send(DEV, pkg0)).isInstanceOf(Delivery.Accepted.class);

        int total = SmsUserDataHeader.parse(
                        kannel.awaitMessages(before, 1).get(0).userData())
                .total();
        assertThat(total).as("segments of a %d-octet package", pkg0.length).isGreaterThan(1);
        List<KannelPeer.Sms> parts = new ArrayList<>(kannel.awaitMessages(before, total));
        assertThat(parts).hasSize(total);
        for (int i = 0; i < total; i++) {
            SmsUserDataHeader udh = SmsUserDataHeader.parse(parts.get(i).userData());
            assertThat(udh.sequence()).isEqualTo(i + 1);
            assertThat(udh.destinationPort()).isEqualTo(SmsUserDataHeader.PORT_WAP_PUSH);
        }
        // deliver the last segment first: the reassembler must not care about order
        Optional<NotificationReceiver.Trigger> t = Optional.empty();
        for (int i = total - 1; i >= 0; i--) {
            t = receiver.onSms(parts.get(i).from(), parts.get(i).userData());
            assertThat(t.isPresent()).as("complete after segment %d", i + 1).isEqualTo(i == 0);
        }
        assertThat(t).isPresent();
        assertThat(t.get().sessionIdHex()).isEqualTo("BEE");
    }

    private static Wake wake() {
        return server.notifications().wake(DEV, UiMode.BACKGROUND);
    }

    private static PapNotificationSender pap() {
        return PapNotificationSender.builder(kannel.ppgUrl())
                .msisdns(server::msisdn)
                .build();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "no " + what + " within " + WAIT + "; session errors " + sessionErrors + "\n" + kannel.logs());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
