package io.trustdm.security.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.security.SecurityFormatException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HmacHeaderTest {
    private static final byte[] MAC = HexFormat.of().parseHex("0b4f3f28877e0105dcf3bc751a84df0b");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "algorithm=MD5, username=\"dmclient01\", mac=C08/KId+AQXc87x1GoTfCw==",
                "mac=C08/KId+AQXc87x1GoTfCw==, username=\"dmclient01\", algorithm=MD5",
                "ALGORITHM=md5,USERNAME=\"dmclient01\",MAC=C08/KId+AQXc87x1GoTfCw==",
                "  username = \"dmclient01\" ,\tmac = C08/KId+AQXc87x1GoTfCw==  ",
                "username=dmclient01, mac=C08/KId+AQXc87x1GoTfCw==",
                "username=\"dmclient01\", mac=C08/KId+AQXc87x1GoTfCw",
                "username=\"dmclient01\", mac=\"C08/KId+AQXc87x1GoTfCw==\"",
                ",, username=\"dmclient01\",, mac=C08/KId+AQXc87x1GoTfCw==,",
                "username=\"dmclient01\", future=\"ignored, even with commas\", mac=C08/KId+AQXc87x1GoTfCw=="
            })
    void parses_the_parameter_list_robustly(String value) {
        HmacHeader h = HmacHeader.parse(value);
        assertThat(h.username()).isEqualTo("dmclient01");
        assertThat(h.mac()).isEqualTo(MAC);
        assertThat(h.algorithm()).isEqualTo("MD5");
    }

    @Test
    void keeps_spaces_and_escaped_quotes_in_a_quoted_user_name() {
        HmacHeader h = HmacHeader.parse("username=\"Acme DM \\\"prod\\\" server\", mac=C08/KId+AQXc87x1GoTfCw==");
        assertThat(h.username()).isEqualTo("Acme DM \"prod\" server");
        assertThat(HmacHeader.parse(h.format())).isEqualTo(h);
        assertThat(h.format()).contains("username=\"Acme DM \\\"prod\\\" server\"");
    }

    @Test
    void username_and_mac_MUST_be_present() {
        assertThatThrownBy(() -> HmacHeader.parse("algorithm=MD5, mac=C08/KId+AQXc87x1GoTfCw=="))
                .isInstanceOf(SecurityFormatException.class)
                .hasMessageContaining("no username");
        assertThatThrownBy(() -> HmacHeader.parse("algorithm=MD5, username=\"dmclient01\""))
                .isInstanceOf(SecurityFormatException.class)
                .hasMessageContaining("no mac");
        assertThatThrownBy(() -> HmacHeader.parse("username=\"\", mac=C08/KId+AQXc87x1GoTfCw=="))
                .isInstanceOf(SecurityFormatException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "algorithm=SHA1, username=\"a\", mac=C08/KId+AQXc87x1GoTfCw==",
                "username=\"a\", username=\"b\", mac=C08/KId+AQXc87x1GoTfCw==",
                "username=\"a, mac=C08/KId+AQXc87x1GoTfCw==",
                "username=\"a\" mac=C08/KId+AQXc87x1GoTfCw==",
                "username=\"a\", mac=",
                "username=\"a\", =x, mac=C08/KId+AQXc87x1GoTfCw==",
                "username=\"a\", mac=C08/KId+AQXc87x1GoTfCw==; x=y",
                "username=\"a\u0001\", mac=C08/KId+AQXc87x1GoTfCw==",
                "username=\"a\", mac=not*base64",
                "username=\"a\", mac=AAAA",
                // The spec's own example: base64 of the hex text of a digest, 32 octets. Not accepted.
                "algorithm=MD5, username=\"Source LocName\", mac=NTY3ZDAwNmRhZjg1MjBhYjJjMDU1ZjY0Yzk4ODg1MTQ",
                ""
            })
    void rejects_malformed_values_with_a_401(String value) {
        assertThatThrownBy(() -> HmacHeader.parse(value))
                .isInstanceOf(SecurityFormatException.class)
                .satisfies(
                        e -> assertThat(((SecurityFormatException) e).status()).isEqualTo(401));
    }

    @Test
    void rejects_a_missing_or_overlong_header() {
        assertThatThrownBy(() -> HmacHeader.parse(null)).isInstanceOf(SecurityFormatException.class);
        String huge = "username=\"" + "a".repeat(HmacHeader.MAX_VALUE_CHARS) + "\", mac=C08/KId+AQXc87x1GoTfCw==";
        assertThatThrownBy(() -> HmacHeader.parse(huge))
                .isInstanceOf(SecurityFormatException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void header_name_is_matched_case_insensitively() {
        assertThat(HmacHeader.isHeaderName("X-SyncML-HMAC")).isTrue();
        assertThat(HmacHeader.isHeaderName("x-syncml-hmac")).isTrue();
        assertThat(HmacHeader.isHeaderName("x-syncml-hmac2")).isFalse();
    }

    @Test
    void cannot_write_a_user_name_that_would_inject_header_lines() {
        assertThatThrownBy(() -> HmacHeader.of("evil\r\nX-Other: 1", MAC)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arbitrary_input_only_ever_fails_with_the_typed_exception() {
        Random random = new Random(20261128L);
        String alphabet = "aeumsrnd=,\"\\ \t/+ACG0129=\u0000\u00ff";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(60);
            for (int j = 0; j < len; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                HmacHeader h = HmacHeader.parse(sb.toString());
                assertThat(h.mac()).hasSize(16);
            } catch (SecurityFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
