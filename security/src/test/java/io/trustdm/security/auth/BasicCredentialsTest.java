package io.trustdm.security.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.message.Cred;
import io.trustdm.security.Secret;
import io.trustdm.security.SecurityFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class BasicCredentialsTest {
    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/vectors/auth/basic.csv", useHeadersInDisplayName = true)
    void encodes_the_spec_vector(String username, String password, String credData) {
        Credentials c = new Credentials(username, Secret.ofUtf8(password));
        assertThat(BasicCredentials.encode(c)).isEqualTo(credData);
        Credentials back = BasicCredentials.decode(credData);
        assertThat(back.username()).isEqualTo(username);
        assertThat(back.password().matches(Secret.ofUtf8(password))).isTrue();
    }

    @Test
    void cred_element_has_basic_type_and_b64_format() {
        Cred cred = BasicCredentials.toCred(new Credentials("Bruce2", Secret.ofUtf8("OhBehave")));
        assertThat(cred.meta().type()).isEqualTo("syncml:auth-basic");
        assertThat(cred.meta().format()).isEqualTo("b64");
        assertThat(cred.data()).isEqualTo("QnJ1Y2UyOk9oQmVoYXZl");
    }

    @Test
    void password_may_contain_colons_and_splits_at_the_first() {
        String data = Base64.getEncoder().encodeToString("dev:pa:ss:word".getBytes(StandardCharsets.UTF_8));
        Credentials c = BasicCredentials.decode(data);
        assertThat(c.username()).isEqualTo("dev");
        assertThat(c.password().bytes()).isEqualTo("pa:ss:word".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_user_name_with_a_colon_cannot_be_encoded() {
        assertThatThrownBy(() -> BasicCredentials.encode(new Credentials("a:b", Secret.ofUtf8("x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejects_data_without_colon_or_not_base64() {
        String noColon = Base64.getEncoder().encodeToString("nocolon".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> BasicCredentials.decode(noColon))
                .isInstanceOf(SecurityFormatException.class)
                .hasMessageContaining("':'");
        assertThatThrownBy(() -> BasicCredentials.decode("***"))
                .isInstanceOf(SecurityFormatException.class)
                .satisfies(
                        e -> assertThat(((SecurityFormatException) e).status()).isEqualTo(401));
    }

    @Test
    void rejects_oversized_data_before_decoding() {
        String huge = "A".repeat(BasicCredentials.MAX_DATA_CHARS + 4);
        assertThatThrownBy(() -> BasicCredentials.decode(huge)).isInstanceOf(SecurityFormatException.class);
    }

    @Test
    void credentials_to_string_hides_the_password() {
        Credentials c = new Credentials("Bruce2", Secret.ofUtf8("OhBehave"));
        assertThat(c.toString()).contains("Bruce2").doesNotContain("OhBehave");
    }
}
