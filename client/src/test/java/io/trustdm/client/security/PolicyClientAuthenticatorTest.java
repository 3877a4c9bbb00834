package io.trustdm.client.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.session.ClientAuthenticator.HeaderOutcome;
import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Challenge;
import io.trustdm.security.auth.CredentialVerifier;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.auth.VerificationResult;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The Device's side of a challenge from a server that has not authenticated itself yet (S-SEC §5.1.3.4, S-PRO). */
class PolicyClientAuthenticatorTest {
    private static final String SERVER_ID = "dm.example.com";
    private final Credentials device = Credentials.of("device-42", "device-secret-0123456789".toCharArray());
    private final Credentials server = Credentials.of(SERVER_ID, "server-secret-0123456789".toCharArray());
    private final Nonce stored = Nonce.random();
    private final NonceStore nonces = NonceStore.inMemory(stored, Nonce.random());
    private final PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
            new ClientAccount(SERVER_ID, AccountSecurity.of(SERVER_ID, AuthScheme.MD5, true), device, server),
            nonces,
            new MessageSecurityPolicy(e -> {}),
            URI.create("https://dm.example.com/dm"));

    @Test
    void challenged_in_package_2_the_client_MUST_resend_package_1_with_credentials() {
        HeaderOutcome o = auth.onHeaderStatus(
                StatusCode.AUTHENTICATION_REQUIRED,
                Challenge.issue(AuthScheme.MD5).toChal());

        assertThat(o).isEqualTo(HeaderOutcome.RESEND_PACKAGE_1);
        assertThat(auth.credentials()).isNotNull();
    }

    @Test
    void nonce_of_an_unauthenticated_server_is_used_for_cred_but_SHOULD_NOT_be_persisted() {
        Challenge fresh = Challenge.issue(AuthScheme.MD5);

        auth.onHeaderStatus(StatusCode.UNAUTHORIZED, fresh.toChal());
        Cred cred = auth.credentials();

        assertThat(new CredentialVerifier(device)
                        .verifyCred(cred, fresh.nonce().orElseThrow())
                        .outcome())
                .as("the answer uses the challenge's nonce")
                .isEqualTo(VerificationResult.Outcome.VALID);
        assertThat(nonces.clientNonce())
                .as("the server has not authenticated itself: its nonce is not stored")
                .isEqualTo(stored);
    }

    @Test
    void a_challenge_for_a_weaker_scheme_than_provisioned_ends_the_session() {
        HeaderOutcome o = auth.onHeaderStatus(
                StatusCode.AUTHENTICATION_REQUIRED,
                Challenge.issue(AuthScheme.BASIC).toChal());

        assertThat(o).isEqualTo(HeaderOutcome.FAIL);
    }
}
