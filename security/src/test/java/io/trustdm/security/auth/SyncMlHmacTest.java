package io.trustdm.security.auth;

import static io.trustdm.security.TestVectors.bytes;
import static io.trustdm.security.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.security.Secret;
import io.trustdm.security.TestVectors;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SyncMlHmacTest {
    private static final Properties V = TestVectors.properties("/vectors/auth/hmac.properties");
    private static final byte[] BODY = bytes("/vectors/auth/hmac-body.xml");
    private static final Credentials CREDS =
            new Credentials(V.getProperty("username"), Secret.ofUtf8(V.getProperty("password")));
    private static final Nonce NONCE = Nonce.of(hex(V.getProperty("nonce_hex")));

    @Test
    void computes_the_worked_example_over_the_exact_body_octets() {
        assertThat(BODY).hasSize(110);
        assertThat(new String(CREDS.digestKey().encodedOctets(), StandardCharsets.US_ASCII))
                .isEqualTo(V.getProperty("digest_key"));
        assertThat(Base64.getEncoder().encodeToString(Md5.newDigest().digest(BODY)))
                .isEqualTo(V.getProperty("body_digest"));
        assertThat(SyncMlHmac.compute(CREDS.digestKey(), NONCE, BODY)).isEqualTo(hex(V.getProperty("mac_hex")));
    }

    @Test
    void the_header_is_written_exactly_as_in_the_example() {
        HmacHeader h = SyncMlHmac.sign(CREDS, NONCE, BODY);
        assertThat(h.format()).isEqualTo(V.getProperty("header"));
        assertThat(HmacHeader.parse(V.getProperty("header"))).isEqualTo(h);
    }

    @Test
    void verifies_the_example_and_rejects_any_change_to_body_nonce_key_or_name() {
        HmacHeader h = HmacHeader.parse(V.getProperty("header"));
        DigestKey key = CREDS.digestKey();
        assertThat(SyncMlHmac.verify(h, "dmclient01", key, NONCE, BODY)).isTrue();

        byte[] tampered = BODY.clone();
        tampered[tampered.length - 3] ^= 1;
        assertThat(SyncMlHmac.verify(h, "dmclient01", key, NONCE, tampered)).isFalse();
        assertThat(SyncMlHmac.verify(h, "dmclient01", key, Nonce.random(), BODY))
                .isFalse();
        DigestKey other = new Credentials("dmclient01", Secret.ofUtf8("wrong")).digestKey();
        assertThat(SyncMlHmac.verify(h, "dmclient01", other, NONCE, BODY)).isFalse();
        // A valid MAC presented under another account's name is not accepted for this account.
        assertThat(SyncMlHmac.verify(h, "dmclient02", key, NONCE, BODY)).isFalse();
    }

    @Test
    void the_mac_covers_the_body_not_a_reencoding_of_it() {
        byte[] withNewline = (new String(BODY, StandardCharsets.US_ASCII) + "\n").getBytes(StandardCharsets.US_ASCII);
        HmacHeader h = SyncMlHmac.sign(CREDS, NONCE, BODY);
        assertThat(SyncMlHmac.verify(h, "dmclient01", CREDS.digestKey(), NONCE, withNewline))
                .isFalse();
    }
}
