package io.trustdm.protocol.wap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.notification.NotificationMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Byte captures from Kannel 1.4.5's PPG and sendota (shared/peers.md §2). */
class WapPushTest {
    private static final HexFormat HEX = HexFormat.of();

    // DM notification pushed through Kannel's PPG: content type as TEXT, app id 0x07, Content-Length, Encoding-Version
    private static final String KANNEL_NOTIFICATION_UDH = "0605040b8423f0";
    private static final String KANNEL_NOTIFICATION_DATA =
            "02062a6170706c69636174696f6e2f766e642e73796e636d6c2e6e6f74696669636174696f6e00af878d9ec39300000000000000000000000000000000030800000000010661636d65646d";

    // OMA CP with USERPIN MAC through sendota: general-form content type with SEC and MAC parameters (header only)
    private static final String KANNEL_CP_HEADER =
            "01062f1f2db69181923443363544443841354632393731363136383033324339343435323131303243324632324330333000";

    @Test
    void decodes_the_notification_kannel_pushed_and_finds_the_package_0() {
        byte[] userData = HEX.parseHex(KANNEL_NOTIFICATION_UDH + KANNEL_NOTIFICATION_DATA);
        SmsUserDataHeader udh = SmsUserDataHeader.parse(userData);
        assertThat(udh.destinationPort()).isEqualTo(2948);
        assertThat(udh.sourcePort()).isEqualTo(9200);
        assertThat(udh.isConcatenated()).isFalse();

        WspPushPdu pdu = WspPushPdu.decode(HEX.parseHex(KANNEL_NOTIFICATION_DATA));
        assertThat(pdu.transactionId()).isEqualTo(2);
        assertThat(pdu.contentType()).isEqualTo(NotificationMessage.MEDIA_TYPE);
        assertThat(pdu.applicationId()).isEqualTo(WspPushPdu.APP_ID_SYNCML_DM);
        NotificationMessage n = NotificationMessage.parse(pdu.body());
        assertThat(n.serverId()).isEqualTo("acmedm");
        assertThat(n.version()).isEqualTo(12);
        assertThat(n.sessionId()).isEqualTo(1);
    }

    @Test
    void decodes_sec_and_mac_parameters_of_a_provisioning_push() {
        byte[] pdu = HEX.parseHex(KANNEL_CP_HEADER + "030b6a00");
        WspPushPdu p = WspPushPdu.decode(pdu);
        assertThat(p.contentType()).isEqualTo("application/vnd.wap.connectivity-wbxml");
        assertThat(p.sec()).isEqualTo(WspPushPdu.SEC_USERPIN);
        assertThat(p.mac()).isEqualTo("4C65DD8A5F29716168032C944521102C2F22C030");
        assertThat(p.body()).containsExactly(0x03, 0x0b, 0x6a, 0x00);
    }

    @Test
    void notification_push_uses_binary_content_type_0x44_and_application_id_0x07() {
        byte[] body = new byte[30];
        byte[] pdu = WspPushPdu.notification(5, body).encode();
        // TID, Push, headers length 3, content type 0x44|0x80, X-Wap-Application-Id 0xAF, value 0x87
        assertThat(HEX.formatHex(Arrays.copyOf(pdu, 6))).isEqualTo("050603c4af87");
        assertThat(WspPushPdu.decode(pdu)).isEqualTo(WspPushPdu.notification(5, body));
    }

    @Test
    void push_with_sec_and_mac_round_trips() {
        WspPushPdu p = new WspPushPdu(
                9,
                "application/vnd.wap.connectivity-wbxml",
                WspPushPdu.SEC_USERNETWPIN,
                "0123456789ABCDEF0123456789ABCDEF01234567",
                -1,
                null,
                new byte[] {1, 2});
        assertThat(WspPushPdu.decode(p.encode())).isEqualTo(p);
    }

    @Test
    void long_push_is_segmented_and_reassembled_in_any_order_ignoring_duplicates() {
        byte[] body = new byte[500];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        byte[] pdu = WspPushPdu.notification(1, body).encode();
        List<byte[]> sms = SmsSegmenter.segment(pdu, 2948, 9200, 0x42);
        assertThat(sms)
                .hasSizeGreaterThan(1)
                .allSatisfy(s -> assertThat(s.length).isLessThanOrEqualTo(140));
        assertThat(HEX.formatHex(Arrays.copyOf(sms.get(0), 12))).isEqualTo("0b05040b8423f00003420" + sms.size() + "01");

        SmsReassembler r = SmsReassembler.withDefaults();
        List<byte[]> shuffled = new ArrayList<>(sms);
        java.util.Collections.reverse(shuffled);
        shuffled.add(1, sms.get(sms.size() - 1)); // a duplicate
        Optional<SmsReassembler.Datagram> done = Optional.empty();
        for (byte[] s : shuffled) {
            done = r.accept("+4912345678", s);
        }
        assertThat(done).isPresent();
        assertThat(done.get().payload()).isEqualTo(pdu);
        assertThat(done.get().destinationPort()).isEqualTo(2948);
        assertThat(r.pendingCount()).isZero();
    }

    @Test
    void reassembly_refuses_more_segments_than_the_limit() {
        SmsReassembler r = new SmsReassembler(4, 8, Duration.ofMinutes(1), Clock.systemUTC());
        byte[] udh = HEX.parseHex("0b05040b8423f00003070501");
        assertThatThrownBy(() -> r.accept("x", udh)).isInstanceOf(WapFormatException.class);
    }

    @Test
    void partial_messages_expire_and_the_pending_count_is_bounded() {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        SmsReassembler r = new SmsReassembler(4, 2, Duration.ofMinutes(1), clock);
        for (int ref = 0; ref < 5; ref++) {
            r.accept("x", HEX.parseHex("0b05040b8423f000030" + ref + "0201aa"));
        }
        assertThat(r.pendingCount()).isEqualTo(2);
        now[0] = now[0].plusSeconds(61);
        assertThat(r.pendingCount()).isZero();
    }

    @Test
    void malformed_udh_and_pdu_give_typed_errors() {
        assertThatThrownBy(() -> SmsUserDataHeader.parse(HEX.parseHex("0705040b84")))
                .isInstanceOf(WapFormatException.class);
        assertThatThrownBy(() -> SmsUserDataHeader.parse(HEX.parseHex("0500030a0304")))
                .isInstanceOf(WapFormatException.class)
                .hasMessageContaining("segment 4 of 3");
        byte[] pdu = HEX.parseHex(KANNEL_NOTIFICATION_DATA);
        for (int len = 0; len < 45; len++) { // 45 = end of the headers; an empty body is valid
            byte[] cut = Arrays.copyOf(pdu, len);
            assertThatThrownBy(() -> WspPushPdu.decode(cut)).isInstanceOf(WapFormatException.class);
        }
        assertThatThrownBy(() -> WspPushPdu.decode(HEX.parseHex("0140")))
                .isInstanceOf(WapFormatException.class)
                .hasMessageContaining("not a Push");
    }
}
