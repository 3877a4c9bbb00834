package io.trustdm.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void to_string_never_shows_the_value() {
        Secret s = Secret.ofUtf8("hunter2");
        assertThat(s.toString()).doesNotContain("hunter2").isEqualTo("Secret[hidden]");
    }

    @Test
    void chars_are_encoded_as_utf8() {
        Secret s = Secret.ofChars("pässwörd".toCharArray());
        assertThat(s.bytes()).isEqualTo("pässwörd".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void matches_compares_values_and_equals_is_identity() {
        Secret a = Secret.ofUtf8("same");
        Secret b = Secret.ofBytes("same".getBytes(StandardCharsets.UTF_8));
        assertThat(a.matches(b)).isTrue();
        assertThat(a.matches(Secret.ofUtf8("other"))).isFalse();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void bytes_returns_a_copy() {
        Secret s = Secret.ofUtf8("abc");
        byte[] copy = s.bytes();
        copy[0] = 'X';
        assertThat(s.bytes()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void destroyed_secret_is_wiped_and_unusable() {
        Secret s = Secret.ofUtf8("abc");
        s.destroy();
        assertThat(s.isDestroyed()).isTrue();
        assertThatThrownBy(s::bytes).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void invalid_unicode_in_a_typed_password_is_rejected() {
        char[] loneSurrogate = {'a', '\uD800'};
        assertThatThrownBy(() -> Secret.ofChars(loneSurrogate)).isInstanceOf(IllegalArgumentException.class);
    }
}
