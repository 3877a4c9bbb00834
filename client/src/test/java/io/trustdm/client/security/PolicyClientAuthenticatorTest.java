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
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.Verdict;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    /** A-9 (S-PRO): a 200 (not 212) means the transport gives no session authentication: Cred on every message. */
    @Test
    void after_200_to_credentials_the_client_MUST_send_credentials_again_in_the_next_request_with_the_new_nonce() {
        Cred first = auth.credentials();
        assertThat(new CredentialVerifier(device).verifyCred(first, stored).outcome())
                .isEqualTo(VerificationResult.Outcome.VALID);
        Challenge next = Challenge.issue(AuthScheme.MD5);

        HeaderOutcome o = auth.onHeaderStatus(StatusCode.OK, next.toChal());
        Cred again = auth.credentials();

        assertThat(o).isEqualTo(HeaderOutcome.CONTINUE);
        assertThat(again).as("credentials are sent again").isNotNull();
        assertThat(new CredentialVerifier(device)
                        .verifyCred(again, next.nonce().orElseThrow())
                        .outcome())
                .as("computed with the nonce the 200 carried")
                .isEqualTo(VerificationResult.Outcome.VALID);
    }

    /** H-4 (S-SEC): the running session keeps the key it started with; the changed secret applies next session. */
    @Test
    void a_secret_changed_during_a_session_takes_effect_in_the_next_session() {
        Credentials changed = Credentials.of("device-42", "changed-secret-9876543210".toCharArray());
        ClientAccount replaced =
                new ClientAccount(SERVER_ID, AccountSecurity.of(SERVER_ID, AuthScheme.MD5, true), changed, server);
        Challenge mid = Challenge.issue(AuthScheme.MD5);
        auth.onHeaderStatus(StatusCode.OK, mid.toChal());

        Cred stillOld = auth.credentials();
        PolicyClientAuthenticator nextSession = new PolicyClientAuthenticator(
                replaced, nonces, new MessageSecurityPolicy(e -> {}), URI.create("https://dm.example.com/dm"));
        Cred fresh = nextSession.credentials();

        Nonce n = mid.nonce().orElseThrow();
        assertThat(new CredentialVerifier(device).verifyCred(stillOld, n).outcome())
                .as("the running session still uses the old secret")
                .isEqualTo(VerificationResult.Outcome.VALID);
        assertThat(new CredentialVerifier(changed).verifyCred(stillOld, n).outcome())
                .isNotEqualTo(VerificationResult.Outcome.VALID);
        Nonce nextNonce = nonces.clientNonce();
        assertThat(new CredentialVerifier(changed).verifyCred(fresh, nextNonce).outcome())
                .as("the next session uses the new secret")
                .isEqualTo(VerificationResult.Outcome.VALID);
        assertThat(new CredentialVerifier(device).verifyCred(fresh, nextNonce).outcome())
                .isNotEqualTo(VerificationResult.Outcome.VALID);
    }

    private PolicyClientAuthenticator overPlainHttp(Nonce clientNonce, List<SecurityAuditEvent> events) {
        return new PolicyClientAuthenticator(
                new ClientAccount(SERVER_ID, AccountSecurity.of(SERVER_ID, AuthScheme.MD5, false), device, server),
                NonceStore.inMemory(clientNonce, Nonce.random()),
                new MessageSecurityPolicy(events::add),
                URI.create("http://dm.example.com/dm"));
    }

    /** CR-8: over plain HTTP the MAC authenticates the message; the MD5 Cred is left out and no refusal recorded. */
    @Test
    void over_plain_http_transport_neutral_integrity_MUST_be_used_and_replaces_the_md5_cred() {
        List<SecurityAuditEvent> events = new ArrayList<>();
        PolicyClientAuthenticator plain = overPlainHttp(stored, events);

        Cred cred = plain.credentials();
        String mac = plain.sign("<SyncML/>".getBytes(StandardCharsets.UTF_8));

        assertThat(cred).isNull();
        assertThat(mac).contains("algorithm=MD5").contains("mac=");
        assertThat(events).isNotEmpty().noneMatch(e -> e.verdict() == Verdict.REFUSE);
    }

    /** without a nonce the Device's Package 1 goes unsigned to be challenged, recorded as such, not refused. */
    @Test
    void a_device_without_a_nonce_MAY_send_package_1_unsigned_to_be_challenged_and_records_no_refusal() {
        List<SecurityAuditEvent> events = new ArrayList<>();
        PolicyClientAuthenticator plain = overPlainHttp(null, events);

        assertThat(plain.credentials()).isNull();
        assertThat(plain.sign("<SyncML/>".getBytes(StandardCharsets.UTF_8))).isNull();

        assertThat(events).noneMatch(e -> e.verdict() == Verdict.REFUSE);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(e.rules()).contains("A-13");
        });

        HeaderOutcome o = plain.onHeaderStatus(
                StatusCode.AUTHENTICATION_REQUIRED,
                Challenge.issue(AuthScheme.HMAC).toChal());
        assertThat(o).isEqualTo(HeaderOutcome.RESEND_PACKAGE_1);
        assertThat(plain.sign("<SyncML/>".getBytes(StandardCharsets.UTF_8)))
                .as("challenged with a nonce, the resent Package 1 carries the MAC")
                .isNotNull();
    }
}
