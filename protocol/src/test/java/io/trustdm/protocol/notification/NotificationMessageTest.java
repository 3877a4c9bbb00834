package io.trustdm.protocol.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.notification.NotificationMessage.Initiator;
import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Worked example of shared/spec/security.md §4.7 and the validation rules of §4.3. */
class NotificationMessageTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String WORKED_PACKAGE0 =
            "5161760f6a1b8d60fa3a043bbe96e85e02e800000000ab0f636f6d2e6578616d706c652e646d73";

    @Test
    void parses_the_worked_example_field_by_field() {
        NotificationMessage n = NotificationMessage.parse(HEX.parseHex(WORKED_PACKAGE0));
        assertThat(n.version()).isEqualTo(11);
        assertThat(n.uiMode()).isEqualTo(UiMode.INFORMATIVE);
        assertThat(n.initiator()).isEqualTo(Initiator.SERVER);
        assertThat(n.futureUse()).isZero();
        assertThat(n.sessionId()).isEqualTo(0xAB);
        assertThat(n.sessionIdHex()).isEqualTo("AB");
        assertThat(n.serverId()).isEqualTo("com.example.dms");
        assertThat(HEX.formatHex(n.digest())).isEqualTo("5161760f6a1b8d60fa3a043bbe96e85e");
        assertThat(n.vendorSpecific()).isEmpty();
        assertThat(HEX.formatHex(n.toBytes())).isEqualTo(WORKED_PACKAGE0);
    }

    @Test
    void builds_the_worked_example_trigger_for_versions_11_and_12() {
        byte[] t11 =
                NotificationMessage.trigger(11, UiMode.INFORMATIVE, Initiator.SERVER, 0xAB, "com.example.dms", null);
        assertThat(HEX.formatHex(t11)).isEqualTo("02e800000000ab0f636f6d2e6578616d706c652e646d73");
        byte[] t12 =
                NotificationMessage.trigger(12, UiMode.INFORMATIVE, Initiator.SERVER, 0xAB, "com.example.dms", null);
        assertThat(HEX.formatHex(t12)).startsWith("0328000000");
    }

    @Test
    void session_id_is_written_as_upper_case_hex_without_leading_zeros() {
        byte[] t = NotificationMessage.trigger(11, UiMode.BACKGROUND, Initiator.SERVER, 0x0C4F, "s", null);
        byte[] all = new byte[16 + t.length];
        System.arraycopy(t, 0, all, 16, t.length);
        assertThat(NotificationMessage.parse(all).sessionIdHex()).isEqualTo("C4F");
    }

    @Test
    void vendor_specific_bytes_survive_a_round_trip() {
        byte[] t = NotificationMessage.trigger(
                12, UiMode.USER_INTERACTION, Initiator.CLIENT, 1, "srv", new byte[] {1, 2, 3});
        byte[] all = new byte[16 + t.length];
        System.arraycopy(t, 0, all, 16, t.length);
        NotificationMessage n = NotificationMessage.parse(all);
        assertThat(n.vendorSpecific()).containsExactly(1, 2, 3);
        assertThat(n.uiMode()).isEqualTo(UiMode.USER_INTERACTION);
        assertThat(n.initiator()).isEqualTo(Initiator.CLIENT);
        assertThat(n.toBytes()).isEqualTo(all);
    }

    @Test
    void shorter_than_24_octets_is_rejected() {
        assertThatThrownBy(() -> NotificationMessage.parse(new byte[23]))
                .isInstanceOf(NotificationFormatException.class)
                .hasMessageContaining("shorter than the 24 minimum");
    }

    @Test
    void server_id_length_past_the_end_is_rejected_with_its_offset() {
        byte[] b = HEX.parseHex(WORKED_PACKAGE0);
        byte[] cut = Arrays.copyOf(b, b.length - 1);
        assertThatThrownBy(() -> NotificationMessage.parse(cut))
                .isInstanceOfSatisfying(
                        NotificationFormatException.class,
                        e -> assertThat(e.offset()).isEqualTo(23));
    }

    @Test
    void zero_length_server_id_is_rejected() {
        byte[] b = new byte[30];
        assertThatThrownBy(() -> NotificationMessage.parse(b))
                .isInstanceOf(NotificationFormatException.class)
                .hasMessageContaining("ServerID length is 0");
    }

    @Test
    void every_truncation_of_a_valid_message_fails_with_a_typed_error() {
        byte[] b = HEX.parseHex(WORKED_PACKAGE0);
        for (int len = 0; len < b.length; len++) {
            byte[] cut = Arrays.copyOf(b, len);
            assertThatThrownBy(() -> NotificationMessage.parse(cut)).isInstanceOf(NotificationFormatException.class);
        }
    }
}
