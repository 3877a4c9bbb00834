package io.trustdm.security.notification;

import static io.trustdm.security.TestVectors.hex;
import static io.trustdm.security.TestVectors.hexFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.security.Secret;
import io.trustdm.security.SecurityFormatException;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.notification.NotificationDigest.Outcome;
import io.trustdm.security.notification.NotificationDigest.ResyncMode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class NotificationDigestTest {
    private static final byte[] PACKAGE0 = hexFile("/vectors/notification/package0-v11.hex");
    private static final byte[] TRIGGER = Arrays.copyOfRange(PACKAGE0, 16, PACKAGE0.length);
    private static final byte[] DIGEST = Arrays.copyOfRange(PACKAGE0, 0, 16);
    private static final DigestKey KEY = DigestKey.of("com.example.dms", Secret.ofUtf8("serverSecret"));
    private static final Nonce STORED = Nonce.of(hex("a1b2c3d4e5f60718293a4b5c6d7e8f90"));

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/vectors/notification/digest.csv", useHeadersInDisplayName = true)
    void server_MUST_send_the_digest_of_the_worked_examples(
            String name, String serverId, String password, String nonceHex, String triggerHex, String digestHex) {
        byte[] digest =
                NotificationDigest.compute(serverId, Secret.ofUtf8(password), Nonce.of(hex(nonceHex)), hex(triggerHex));
        assertThat(digest).isEqualTo(hex(digestHex));
        DigestKey key = DigestKey.of(serverId, Secret.ofUtf8(password));
        assertThat(NotificationDigest.verify(key, Nonce.of(hex(nonceHex)), hex(triggerHex), hex(digestHex)))
                .isTrue();
    }

    @Test
    void seals_the_39_octet_package_of_the_example() {
        assertThat(PACKAGE0).hasSize(39);
        assertThat(NotificationDigest.seal(KEY, STORED, TRIGGER)).isEqualTo(PACKAGE0);
        assertThat(NotificationDigest.verifyPackage(KEY, STORED, PACKAGE0, ResyncMode.ZERO_OCTETS))
                .isEqualTo(Outcome.STORED_NONCE);
    }

    @Test
    void on_digest_failure_the_client_SHOULD_retry_with_the_resync_nonce_else_ignore() {
        byte[] resyncDigest = hex("0b8609a19620e8858e51276d741d1533");
        Nonce staleStored = Nonce.random();
        assertThat(NotificationDigest.verifyWithResync(KEY, staleStored, TRIGGER, resyncDigest, ResyncMode.ZERO_OCTETS))
                .isEqualTo(Outcome.RESYNC_NONCE);
        assertThat(NotificationDigest.verifyWithResync(KEY, staleStored, TRIGGER, resyncDigest, ResyncMode.NONE))
                .isEqualTo(Outcome.REJECTED);
        assertThat(NotificationDigest.verifyWithResync(KEY, STORED, TRIGGER, DIGEST, ResyncMode.ZERO_OCTETS))
                .isEqualTo(Outcome.STORED_NONCE);
        byte[] random = Nonce.random().bytes();
        assertThat(NotificationDigest.verifyWithResync(KEY, STORED, TRIGGER, random, ResyncMode.ZERO_OCTETS_THEN_ASCII))
                .isEqualTo(Outcome.REJECTED);
    }

    @Test
    void the_ascii_resync_form_is_tried_only_when_configured() {
        byte[] asciiDigest = hex("fb4c18973cb2a5e165131727ea05935b");
        assertThat(NotificationDigest.verifyWithResync(KEY, STORED, TRIGGER, asciiDigest, ResyncMode.ZERO_OCTETS))
                .isEqualTo(Outcome.REJECTED);
        assertThat(NotificationDigest.verifyWithResync(
                        KEY, STORED, TRIGGER, asciiDigest, ResyncMode.ZERO_OCTETS_THEN_ASCII))
                .isEqualTo(Outcome.RESYNC_NONCE);
    }

    @Test
    void any_change_to_the_trigger_or_a_wrong_password_is_rejected() {
        byte[] tampered = PACKAGE0.clone();
        tampered[22] ^= 0x01; // session id low octet
        assertThat(NotificationDigest.verifyPackage(KEY, STORED, tampered, ResyncMode.ZERO_OCTETS))
                .isEqualTo(Outcome.REJECTED);
        DigestKey wrong = DigestKey.of("com.example.dms", Secret.ofUtf8("serverSecreT"));
        assertThat(NotificationDigest.verifyPackage(wrong, STORED, PACKAGE0, ResyncMode.ZERO_OCTETS))
                .isEqualTo(Outcome.REJECTED);
    }

    @Test
    void a_package_without_trigger_is_a_typed_error() {
        assertThatThrownBy(() -> NotificationDigest.verifyPackage(KEY, STORED, new byte[16], ResyncMode.NONE))
                .isInstanceOf(SecurityFormatException.class)
                .satisfies(
                        e -> assertThat(((SecurityFormatException) e).status()).isEqualTo(400));
    }

    @Test
    void identifier_is_aauthname_or_serverid_when_empty() {
        assertThat(NotificationDigest.identifier("com.example.dms", "other")).isEqualTo("com.example.dms");
        assertThat(NotificationDigest.identifier("", "com.example.dms")).isEqualTo("com.example.dms");
        assertThat(NotificationDigest.identifier(null, "com.example.dms")).isEqualTo("com.example.dms");
    }
}
