package io.trustdm.security.bootstrap;

import static io.trustdm.security.TestVectors.hex;
import static io.trustdm.security.TestVectors.hexFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.security.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class BootstrapMacTest {
    private static final byte[] DOC = hexFile("/vectors/bootstrap/document.hex");

    private static BootstrapKey key(String sec, String imsi, String pin) {
        switch (SecurityMethod.fromName(sec).orElseThrow()) {
            case NETWPIN:
                return BootstrapKey.netwpin(new Imsi(imsi));
            case USERPIN:
                return BootstrapKey.userpin(Secret.ofUtf8(pin));
            case USERNETWPIN:
                return BootstrapKey.usernetwpin(new Imsi(imsi), Secret.ofUtf8(pin));
            default:
                throw new IllegalArgumentException(sec);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/vectors/bootstrap/sec-mac.csv", useHeadersInDisplayName = true)
    void networkid_and_userpin_MUST_be_supported_worked_examples(
            String sec, String imsi, String pin, String keyHex, String macHex) {
        assertThat(DOC).hasSize(23);
        BootstrapKey key = key(sec, imsi, pin);
        assertThat(key.keyOctets()).isEqualTo(hex(keyHex));
        assertThat(BootstrapMac.computeHex(key, DOC)).isEqualTo(macHex);
        assertThat(BootstrapMac.verify(key, DOC, macHex)).isTrue();
        assertThat(BootstrapMac.verify(key, DOC, macHex.toLowerCase(Locale.ROOT)))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/vectors/bootstrap/imsi-keys.csv", useHeadersInDisplayName = true)
    void derives_the_netwpin_key_from_the_imsi_semi_octets(String imsi, String keyHex) {
        assertThat(new Imsi(imsi).semiOctets()).isEqualTo(hex(keyHex));
    }

    @Test
    void wrong_pin_wrong_imsi_or_changed_document_is_rejected() {
        String mac = "9F770E52886303B8AAE645E9DA116FDE8868241A";
        assertThat(BootstrapMac.verify(BootstrapKey.userpin(Secret.ofUtf8("1234")), DOC, mac))
                .isTrue();
        assertThat(BootstrapMac.verify(BootstrapKey.userpin(Secret.ofUtf8("1235")), DOC, mac))
                .isFalse();
        byte[] changed = DOC.clone();
        changed[5] ^= 0x20;
        assertThat(BootstrapMac.verify(BootstrapKey.userpin(Secret.ofUtf8("1234")), changed, mac))
                .isFalse();
        String netMac = "23A851747AA37B9F626B820FB180BBBB978B9790";
        assertThat(BootstrapMac.verify(BootstrapKey.netwpin(new Imsi("262019876543211")), DOC, netMac))
                .isFalse();
    }

    @Test
    void a_mac_that_is_not_40_hex_digits_never_verifies() {
        BootstrapKey key = BootstrapKey.userpin(Secret.ofUtf8("1234"));
        assertThat(BootstrapMac.verify(key, DOC, null)).isFalse();
        assertThat(BootstrapMac.verify(key, DOC, "9F770E52")).isFalse();
        assertThat(BootstrapMac.verify(key, DOC, "ZZ770E52886303B8AAE645E9DA116FDE8868241A"))
                .isFalse();
        assertThat(BootstrapMac.verify(key, DOC, "9F770E52886303B8AAE645E9DA116FDE8868241A00"))
                .isFalse();
    }

    @ParameterizedTest(name = "PIN {0}")
    @CsvFileSource(resources = "/vectors/bootstrap/userpinmac.csv", useHeadersInDisplayName = true)
    void userpinmac_derives_the_digits_the_user_types(String pin, String digits, String userCode) {
        Secret code = BootstrapMac.userPinMacCode(Secret.ofUtf8(pin), DOC);
        assertThat(new String(code.bytes(), StandardCharsets.US_ASCII))
                .isEqualTo(userCode)
                .endsWith(digits);
        assertThat(BootstrapMac.verifyUserPinMac(Secret.ofUtf8(userCode), DOC, null))
                .isTrue();
        String fullMac = BootstrapMac.computeHex(BootstrapKey.userpinmac(Secret.ofUtf8(pin)), DOC);
        assertThat(BootstrapMac.verifyUserPinMac(Secret.ofUtf8(userCode), DOC, fullMac))
                .isTrue();
    }

    @Test
    void userpinmac_rejects_wrong_digits_wrong_pin_odd_length_and_a_contradicting_mac_header() {
        assertThat(BootstrapMac.verifyUserPinMac(Secret.ofUtf8("12349943"), DOC, null))
                .isFalse();
        assertThat(BootstrapMac.verifyUserPinMac(Secret.ofUtf8("12359942"), DOC, null))
                .isFalse();
        assertThat(BootstrapMac.verifyUserPinMac(Secret.ofUtf8("1234994"), DOC, null))
                .isFalse();
        assertThat(BootstrapMac.verifyUserPinMac(Secret.ofUtf8(""), DOC, null)).isFalse();
        assertThat(BootstrapMac.verifyUserPinMac(
                        Secret.ofUtf8("12349942"), DOC, "0000000000000000000000000000000000000000"))
                .isFalse();
        assertThatThrownBy(() -> BootstrapMac.verify(BootstrapKey.userpinmac(Secret.ofUtf8("1234")), DOC, "00"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sec_names_of_both_generations_and_wsp_values_map_to_the_same_method() {
        assertThat(SecurityMethod.fromName("NETWORKID")).hasValue(SecurityMethod.NETWPIN);
        assertThat(SecurityMethod.fromName("netwpin")).hasValue(SecurityMethod.NETWPIN);
        assertThat(SecurityMethod.fromName("USERPIN_NETWORKID")).hasValue(SecurityMethod.USERNETWPIN);
        assertThat(SecurityMethod.fromName("USERPINMAC")).hasValue(SecurityMethod.USERPINMAC);
        assertThat(SecurityMethod.fromName("NONE")).isEmpty();
        assertThat(SecurityMethod.fromWspValue(0x81)).hasValue(SecurityMethod.USERPIN);
        assertThat(SecurityMethod.fromWspValue(3)).hasValue(SecurityMethod.USERPINMAC);
        assertThat(SecurityMethod.fromWspValue(0x84)).isEmpty();
    }

    @Test
    void keys_and_imsi_never_print_their_secret_parts() {
        assertThat(new Imsi("262019876543210").toString()).isEqualTo("Imsi[26201**********]");
        assertThat(BootstrapKey.userpin(Secret.ofUtf8("1234")).toString()).doesNotContain("1234");
    }

    @Test
    void rejects_invalid_imsi_and_empty_pin() {
        assertThatThrownBy(() -> new Imsi("2620198765432101")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Imsi("26201A")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Imsi("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BootstrapKey.userpin(Secret.ofUtf8(""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void userpinmac_mac_parameter_is_the_full_hmac_under_the_pin_worked_example() {
        BootstrapKey pin = BootstrapKey.userpinmac(Secret.ofUtf8("1234"));
        // security.md §5.4: USERPINMAC uses M' of the USERPIN row
        assertThat(BootstrapMac.verifyUserPinMacParameter(pin, DOC, "9F770E52886303B8AAE645E9DA116FDE8868241A"))
                .isTrue();
        assertThat(BootstrapMac.verifyUserPinMacParameter(pin, DOC, "9f770e52886303b8aae645e9da116fde8868241a"))
                .isTrue();
        assertThat(BootstrapMac.verifyUserPinMacParameter(
                        BootstrapKey.userpinmac(Secret.ofUtf8("1235")),
                        DOC,
                        "9F770E52886303B8AAE645E9DA116FDE8868241A"))
                .isFalse();
        assertThat(BootstrapMac.verifyUserPinMacParameter(pin, DOC, null)).isFalse();
        assertThatThrownBy(() ->
                        BootstrapMac.verifyUserPinMacParameter(BootstrapKey.userpin(Secret.ofUtf8("1234")), DOC, "00"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
