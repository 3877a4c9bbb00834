package io.trustdm.security.auth;

import static io.trustdm.security.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Cred;
import io.trustdm.security.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class Md5DigestTest {
    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/vectors/auth/md5-digest.csv", useHeadersInDisplayName = true)
    void computes_the_worked_examples(
            String name,
            String username,
            String password,
            String nonceHex,
            String nextNonceB64,
            String digestKey,
            String credData) {
        Credentials c = new Credentials(username, Secret.ofUtf8(password));
        Nonce nonce = Nonce.of(hex(nonceHex));
        assertThat(Nonce.fromB64(nextNonceB64)).isEqualTo(nonce);
        assertThat(new String(c.digestKey().encodedOctets(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo(digestKey);
        assertThat(Md5Digest.credData(c, nonce)).isEqualTo(credData);
        assertThat(Md5Digest.credData(DigestKey.fromB64(digestKey), nonce)).isEqualTo(credData);
        assertThat(Md5Digest.verify(c.digestKey(), nonce, credData)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/vectors/auth/md5-wrong-nonce.csv", useHeadersInDisplayName = true)
    void hashes_the_decoded_nonce_not_its_base64_text(
            String username, String password, String nextNonceB64, String wrongCredData) {
        Credentials c = new Credentials(username, Secret.ofUtf8(password));
        String ours = Md5Digest.credData(c, Nonce.fromB64(nextNonceB64));
        assertThat(ours).isNotEqualTo(wrongCredData);
        // The wrong value is what hashing the text gives; a verifier must not accept it.
        assertThat(Md5Digest.verify(c.digestKey(), Nonce.fromB64(nextNonceB64), wrongCredData))
                .isFalse();
        Nonce textAsOctets = Nonce.of(nextNonceB64.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(Md5Digest.credData(c, textAsOctets)).isEqualTo(wrongCredData);
    }

    @Test
    void md5_cred_format_is_b64() {
        Cred cred = Md5Digest.toCred(DigestKey.fromB64("PtEdr8lBQ45IbT1bZIkrOQ=="), Nonce.of(hex("4e6f6e6365")));
        assertThat(cred.meta().format()).isEqualTo("b64");
        assertThat(cred.meta().type()).isEqualTo("syncml:auth-md5");
        assertThat(cred.data()).isEqualTo("Zz6EivR3yeaaENcRN6lpAQ==").hasSize(24);
    }

    @Test
    void verify_rejects_a_wrong_password_a_wrong_nonce_and_garbage() {
        DigestKey key = new Credentials("dmclient01", Secret.ofUtf8("clientSecret")).digestKey();
        Nonce nonce = Nonce.fromB64("Q2xpZW50Tm9uY2UwMQ==");
        assertThat(Md5Digest.verify(key, nonce, "x+i0t8Z1hlAjpQlUxKYiyA==")).isTrue();
        DigestKey wrongPwd = new Credentials("dmclient01", Secret.ofUtf8("clientSecreT")).digestKey();
        assertThat(Md5Digest.verify(wrongPwd, nonce, "x+i0t8Z1hlAjpQlUxKYiyA=="))
                .isFalse();
        assertThat(Md5Digest.verify(key, Nonce.random(), "x+i0t8Z1hlAjpQlUxKYiyA=="))
                .isFalse();
        assertThat(Md5Digest.verify(key, nonce, "not base64 !")).isFalse();
        assertThat(Md5Digest.verify(key, nonce, "")).isFalse();
    }

    @Test
    void digest_key_never_prints_its_value() {
        DigestKey key = DigestKey.fromB64("PtEdr8lBQ45IbT1bZIkrOQ==");
        assertThat(key.toString()).doesNotContain("PtEdr8");
        assertThat(key.matches(new Credentials("Bruce2", Secret.ofUtf8("OhBehave")).digestKey()))
                .isTrue();
    }
}
