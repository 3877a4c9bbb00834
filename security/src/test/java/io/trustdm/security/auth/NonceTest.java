package io.trustdm.security.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.security.SecurityFormatException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NonceTest {
    @Test
    void nonce_SHOULD_have_at_least_128_bits_and_be_new_each_time() {
        Set<Nonce> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Nonce n = Nonce.random();
            assertThat(n.length()).isGreaterThanOrEqualTo(16);
            assertThat(seen.add(n)).as("nonce repeated").isTrue();
        }
    }

    @Test
    void generated_nonces_shorter_than_128_bits_are_refused() {
        assertThatThrownBy(() -> Nonce.random(new SecureRandom(), 8)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Nonce.random(new SecureRandom(), 32).length()).isEqualTo(32);
    }

    @Test
    void base64_form_round_trips_and_padding_is_optional_on_input() {
        Nonce n = Nonce.fromB64("LG3iZQhhdmKNHg==");
        assertThat(n.bytes()).containsExactly(0x2c, 0x6d, 0xe2 - 256, 0x65, 0x08, 0x61, 0x76, 0x62, 0x8d - 256, 0x1e);
        assertThat(n.b64()).isEqualTo("LG3iZQhhdmKNHg==");
        assertThat(Nonce.fromB64("LG3iZQhhdmKNHg")).isEqualTo(n);
        assertThat(Nonce.fromB64(" LG3iZQhhdmKNHg== ")).isEqualTo(n);
    }

    @Test
    void malformed_or_huge_base64_is_a_typed_error() {
        assertThatThrownBy(() -> Nonce.fromB64("@@@")).isInstanceOf(SecurityFormatException.class);
        assertThatThrownBy(() -> Nonce.fromB64(null)).isInstanceOf(SecurityFormatException.class);
        assertThatThrownBy(() -> Nonce.fromB64("A".repeat(5000))).isInstanceOf(SecurityFormatException.class);
    }

    @Test
    void resync_nonces_are_four_zero_octets_and_the_ascii_text() {
        assertThat(Nonce.RESYNC.bytes()).containsExactly(0, 0, 0, 0);
        assertThat(Nonce.RESYNC.b64()).isEqualTo("AAAAAA==");
        assertThat(new String(Nonce.RESYNC_ASCII.bytes(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("0x00000000");
    }

    @Test
    void to_string_shows_only_the_length() {
        Nonce n = Nonce.fromB64("LG3iZQhhdmKNHg==");
        assertThat(n.toString()).isEqualTo("Nonce[10 octets]");
    }
}
