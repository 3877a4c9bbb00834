package io.trustdm.security.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.message.Chal;
import io.trustdm.protocol.message.Meta;
import io.trustdm.security.SecurityFormatException;
import org.junit.jupiter.api.Test;

class ChallengeTest {
    @Test
    void md5_and_mac_challenges_carry_a_b64_next_nonce() {
        for (AuthScheme scheme : new AuthScheme[] {AuthScheme.MD5, AuthScheme.HMAC}) {
            Challenge c = Challenge.issue(scheme);
            Chal chal = c.toChal();
            assertThat(chal.meta().type()).isEqualTo(scheme.metaType().orElseThrow());
            assertThat(chal.meta().format()).isEqualTo("b64");
            assertThat(Nonce.fromB64(chal.meta().nextNonce())).isEqualTo(c.nextNonce());
            assertThat(c.nextNonce().length()).isGreaterThanOrEqualTo(16);
            assertThat(Challenge.fromChal(chal)).isEqualTo(c);
        }
    }

    @Test
    void every_challenge_has_a_new_nonce() {
        assertThat(Challenge.issue(AuthScheme.MD5).nextNonce())
                .isNotEqualTo(Challenge.issue(AuthScheme.MD5).nextNonce());
    }

    @Test
    void basic_challenge_has_no_nonce() {
        Challenge c = Challenge.issue(AuthScheme.BASIC);
        assertThat(c.nonce()).isEmpty();
        assertThat(c.toChal().meta().nextNonce()).isNull();
    }

    @Test
    void reads_peer_challenges_and_rejects_non_b64_nonces_and_unknown_types() {
        Chal mac = new Chal(Meta.builder()
                .type("syncml:auth-mac")
                .format("b64")
                .nextNonce("AAAAAA==")
                .build());
        assertThat(Challenge.fromChal(mac).scheme()).isEqualTo(AuthScheme.HMAC);
        Chal bin = new Chal(Meta.builder()
                .type("syncml:auth-md5")
                .format("bin")
                .nextNonce("abc")
                .build());
        assertThatThrownBy(() -> Challenge.fromChal(bin)).isInstanceOf(SecurityFormatException.class);
        Chal unknown = new Chal(Meta.builder().type("syncml:auth-foo").build());
        assertThatThrownBy(() -> Challenge.fromChal(unknown)).isInstanceOf(SecurityFormatException.class);
        Chal x509 = new Chal(Meta.builder().type("syncml:auth-X509").build());
        assertThat(Challenge.fromChal(x509).scheme()).isEqualTo(AuthScheme.X509);
    }

    @Test
    void cannot_issue_a_challenge_for_an_unsupported_scheme() {
        assertThatThrownBy(() -> Challenge.issue(AuthScheme.SECURID)).isInstanceOf(IllegalArgumentException.class);
    }
}
