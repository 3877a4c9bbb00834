package io.trustdm.client.notification;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.trustdm.client.notification.NotificationReceiver.ServerKey;
import io.trustdm.client.notification.NotificationReceiver.Trigger;
import io.trustdm.protocol.notification.NotificationMessage;
import io.trustdm.protocol.notification.NotificationMessage.Initiator;
import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.protocol.wap.SmsSegmenter;
import io.trustdm.protocol.wap.SmsUserDataHeader;
import io.trustdm.protocol.wap.WspPushPdu;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.notification.NotificationDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The raw-SMS entry point (DM Notification §6.2–6.3, security.md §4.3): what a real PPG put into an SMS, checked
 * with the account's SRVCRED and ServerNonce. Vectors: the SMS that Kannel 1.4.5's PPG sent for a Package #0 push
 * (peers.md §2, captured from fakesmsc), with the zero digest replaced where a valid one is needed.
 */
class NotificationReceiverTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String KANNEL_UDH = "0605040b8423f0";
    private static final String KANNEL_DATA =
            "02062a6170706c69636174696f6e2f766e642e73796e636d6c2e6e6f74696669636174696f6e"
                    + "00af878d9ec39300000000000000000000000000000000030800000000010661636d65646d";
    private static final String SERVER_ID = "acmedm";
    private static final DigestKey SRVCRED = DigestKey.of(SERVER_ID, Secret.ofUtf8("srvcred-secret-of-this-device"));
    private static final Nonce SERVER_NONCE = Nonce.of(HEX.parseHex("a1b2c3d4e5f60718293a4b5c6d7e8f90"));

    private final List<Trigger> started = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Instant now = Instant.parse("2026-11-28T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private final NotificationReceiver receiver = new NotificationReceiver(
            id -> SERVER_ID.equals(id) ? Optional.of(new ServerKey(SRVCRED, SERVER_NONCE)) : Optional.empty(),
            started::add,
            clock,
            Duration.ofSeconds(10));

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(NotificationReceiver.class)).addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(NotificationReceiver.class)).detachAppender(log);
    }

    /** Kannel's SMS with the digest field made valid for {@link #SRVCRED} and {@link #SERVER_NONCE}. */
    private static byte[] kannelSmsSigned() {
        byte[] data = HEX.parseHex(KANNEL_DATA);
        int body = data.length - 30;
        byte[] trigger = Arrays.copyOfRange(data, body + 16, data.length);
        byte[] digest = NotificationDigest.compute(SRVCRED, SERVER_NONCE, trigger);
        System.arraycopy(digest, 0, data, body, 16);
        return concat(HEX.parseHex(KANNEL_UDH), data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private void assertDroppedWithOneLogLine(String reason) {
        assertThat(started).isEmpty();
        assertThat(log.list).singleElement().satisfies(e -> {
            assertThat(e.getFormattedMessage())
                    .startsWith("notification dropped: ")
                    .contains(reason);
        });
    }

    @Test
    void sms_from_kannels_ppg_with_a_valid_digest_starts_a_session_with_alert_1200_and_its_session_id() {
        Optional<Trigger> t = receiver.onSms("1234", kannelSmsSigned());

        assertThat(t).contains(new Trigger(SERVER_ID, "1", UiMode.NOT_SPECIFIED, false));
        assertThat(started).containsExactly(t.get());
        assertThat(log.list).isEmpty();
    }

    @Test
    void forged_digest_is_dropped_silently_with_one_log_line() {
        byte[] zeroDigest = concat(HEX.parseHex(KANNEL_UDH), HEX.parseHex(KANNEL_DATA));
        assertThat(receiver.onSms("1234", zeroDigest)).isEmpty();
        assertDroppedWithOneLogLine("digest does not verify for ServerID acmedm");
    }

    @Test
    void trigger_signed_with_another_devices_server_secret_is_dropped() {
        DigestKey otherDevice = DigestKey.of(SERVER_ID, Secret.ofUtf8("srvcred-secret-of-another-device"));
        byte[] trigger = NotificationMessage.trigger(11, UiMode.BACKGROUND, Initiator.SERVER, 0xAB, SERVER_ID, null);
        byte[] pdu = WspPushPdu.notification(0, NotificationDigest.seal(otherDevice, SERVER_NONCE, trigger))
                .encode();
        assertThat(receiver.onWdpDatagram(pdu)).isEmpty();
        assertDroppedWithOneLogLine("digest does not verify");
    }

    @Test
    void unknown_server_id_is_dropped_silently_with_one_log_line() {
        byte[] trigger = NotificationMessage.trigger(11, UiMode.BACKGROUND, Initiator.SERVER, 7, "evil.example", null);
        byte[] pdu = WspPushPdu.notification(0, NotificationDigest.seal(SRVCRED, SERVER_NONCE, trigger))
                .encode();
        byte[] sms = concat(new SmsUserDataHeader(2948, 9200, -1, 1, 1).encode(), pdu);
        assertThat(receiver.onSms("+4900", sms)).isEmpty();
        assertDroppedWithOneLogLine("no account for ServerID evil.example");
    }

    @Test
    void truncated_pdu_is_dropped_silently_with_one_log_line() {
        byte[] sms = kannelSmsSigned();
        assertThat(receiver.onSms("1234", Arrays.copyOf(sms, 30))).isEmpty();
        assertDroppedWithOneLogLine("malformed");
    }

    @Test
    void every_truncation_and_bit_flip_of_a_valid_sms_is_dropped_without_an_exception() {
        byte[] sms = kannelSmsSigned();
        for (int len = 0; len < sms.length; len++) {
            assertThat(receiver.onSms("1234", Arrays.copyOf(sms, len)))
                    .as("length %d", len)
                    .isEmpty();
        }
        for (int i = 0; i < sms.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = sms.clone();
                flipped[i] ^= (byte) (1 << bit);
                Optional<Trigger> t = receiver.onSms("1234", flipped);
                // a flip in a header byte the digest does not cover (TID, the skipped UA) may still verify; what
                // verifies must be the genuine trigger
                t.ifPresent(x -> assertThat(x.sessionIdHex()).isEqualTo("1"));
            }
        }
        assertThat(started).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void sms_for_another_port_is_not_treated_as_a_notification() {
        byte[] sms = kannelSmsSigned();
        sms[3] = 0x0B;
        sms[4] = (byte) 0x85; // destination port 2949 (secure push), which this receiver does not serve
        assertThat(receiver.onSms("1234", sms)).isEmpty();
        assertDroppedWithOneLogLine("port 2949");
    }

    @Test
    void concatenated_sms_are_reassembled_in_any_order() {
        byte[] vendor = new byte[200];
        Arrays.fill(vendor, (byte) 0x5A);
        byte[] trigger =
                NotificationMessage.trigger(12, UiMode.INFORMATIVE, Initiator.SERVER, 0x1F2E, SERVER_ID, vendor);
        byte[] pdu = WspPushPdu.notification(9, NotificationDigest.seal(SRVCRED, SERVER_NONCE, trigger))
                .encode();
        List<byte[]> parts = SmsSegmenter.segment(pdu, 2948, 9200, 0x42);
        assertThat(parts).hasSizeGreaterThan(1);

        for (int i = parts.size() - 1; i > 0; i--) {
            assertThat(receiver.onSms("+4912345678", parts.get(i))).isEmpty();
        }
        assertThat(started).isEmpty();
        Optional<Trigger> t = receiver.onSms("+4912345678", parts.get(0));
        assertThat(t).contains(new Trigger(SERVER_ID, "1F2E", UiMode.INFORMATIVE, false));
        assertThat(log.list).isEmpty();
    }

    @Test
    void segments_from_another_sender_do_not_complete_a_message() {
        byte[] trigger =
                NotificationMessage.trigger(11, UiMode.BACKGROUND, Initiator.SERVER, 0x33, SERVER_ID, new byte[200]);
        byte[] pdu = WspPushPdu.notification(1, NotificationDigest.seal(SRVCRED, SERVER_NONCE, trigger))
                .encode();
        List<byte[]> parts = SmsSegmenter.segment(pdu, 2948, 9200, 7);
        receiver.onSms("+491", parts.get(0));
        for (int i = 1; i < parts.size(); i++) {
            assertThat(receiver.onSms("+492", parts.get(i))).isEmpty();
        }
        assertThat(started).isEmpty();
    }

    @Test
    void the_same_session_id_needs_only_one_session_so_a_replayed_sms_is_dropped() {
        assertThat(receiver.onSms("1234", kannelSmsSigned())).isPresent();
        now = now.plus(Duration.ofHours(1));
        assertThat(receiver.onSms("1234", kannelSmsSigned())).isEmpty();
        assertThat(started).hasSize(1);
        assertThat(log.list)
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("duplicate session id 1"));
    }

    @Test
    void triggers_per_ServerID_are_rate_limited() {
        byte[] t1 = NotificationMessage.trigger(11, UiMode.BACKGROUND, Initiator.SERVER, 0x10, SERVER_ID, null);
        byte[] t2 = NotificationMessage.trigger(11, UiMode.BACKGROUND, Initiator.SERVER, 0x11, SERVER_ID, null);
        assertThat(receiver.onPackage0(NotificationDigest.seal(SRVCRED, SERVER_NONCE, t1)))
                .isPresent();
        now = now.plus(Duration.ofSeconds(9));
        assertThat(receiver.onPackage0(NotificationDigest.seal(SRVCRED, SERVER_NONCE, t2)))
                .isEmpty();
        now = now.plus(Duration.ofSeconds(1));
        assertThat(receiver.onPackage0(NotificationDigest.seal(SRVCRED, SERVER_NONCE, t2)))
                .isPresent();
        assertThat(started).extracting(Trigger::sessionIdHex).containsExactly("10", "11");
    }

    @Test
    void client_SHOULD_accept_the_resync_nonce_digest_when_the_stored_nonce_fails() {
        byte[] trigger = NotificationMessage.trigger(11, UiMode.BACKGROUND, Initiator.SERVER, 0xAB, SERVER_ID, null);
        byte[] pkg0 = NotificationDigest.seal(SRVCRED, Nonce.RESYNC, trigger);
        assertThat(receiver.onPackage0(pkg0)).contains(new Trigger(SERVER_ID, "AB", UiMode.BACKGROUND, true));
    }

    @Test
    void log_lines_never_carry_the_digest_or_the_package() {
        byte[] zeroDigest = concat(HEX.parseHex(KANNEL_UDH), HEX.parseHex(KANNEL_DATA));
        receiver.onSms("1234", zeroDigest);
        receiver.onSms("1234", Arrays.copyOf(kannelSmsSigned(), 40));
        String all = log.list.stream().map(ILoggingEvent::getFormattedMessage).reduce("", String::concat);
        byte[] signed = kannelSmsSigned();
        String digestHex = HEX.formatHex(Arrays.copyOfRange(signed, signed.length - 30, signed.length - 14));
        assertThat(all).doesNotContainIgnoringCase(digestHex).doesNotContain("srvcred-secret");
    }
}
