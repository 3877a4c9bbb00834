package io.trustdm.security.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.VerificationResult;
import io.trustdm.security.transport.Party;
import io.trustdm.security.transport.TransportSecurity;
import org.junit.jupiter.api.Test;

class SessionSecurityStateTest {
    private final MessageSecurityPolicy policy = new MessageSecurityPolicy(SecurityAuditSink.discard());
    private static final AccountSecurity ACCOUNT = AccountSecurity.of("com.example.dms", AuthScheme.MD5, false);

    private SecurityDecision decide(TransportSecurity t, SessionSecurityState s, VerificationResult cred) {
        return policy.decideInbound(
                t,
                ACCOUNT,
                new InboundMessage(
                        Party.CLIENT, "com.example.dms", cred, VerificationResult.missing(AuthScheme.HMAC), s));
    }

    @Test
    void a_first_407_is_not_a_failed_attempt_but_a_401_is() {
        SessionSecurityState s = SessionSecurityState.initial();
        SecurityDecision required = decide(TransportSecurity.https(), s, VerificationResult.missing());
        s = s.after(required);
        assertThat(s.failures()).isZero();
        assertThat(s.challenged()).isEqualTo(AuthScheme.MD5);

        SecurityDecision wrong =
                decide(TransportSecurity.https(), s, VerificationResult.invalid(AuthScheme.MD5, "digest"));
        s = s.after(wrong);
        assertThat(s.failures()).isEqualTo(1);
    }

    @Test
    void success_resets_failures_and_records_the_established_scheme() {
        SessionSecurityState s = new SessionSecurityState(AuthScheme.MD5, null, false, 1);
        SecurityDecision ok = decide(TransportSecurity.https(), s, VerificationResult.valid(AuthScheme.MD5));
        SessionSecurityState next = s.after(ok);
        assertThat(next.failures()).isZero();
        assertThat(next.established()).isEqualTo(AuthScheme.MD5);
        // 200: the same credentials are expected in the next message.
        assertThat(next.challenged()).isEqualTo(AuthScheme.MD5);
        assertThat(next.sessionAuthenticated()).isFalse();
    }

    @Test
    void a_212_authenticates_the_rest_of_the_session() {
        SecurityDecision ok = decide(
                TransportSecurity.httpsMutualTls(),
                SessionSecurityState.initial(),
                VerificationResult.valid(AuthScheme.MD5));
        SessionSecurityState next = SessionSecurityState.initial().after(ok);
        assertThat(next.sessionAuthenticated()).isTrue();
        assertThat(next.challenged()).isNull();
    }

    @Test
    void terminate_and_refuse_leave_the_state_unchanged() {
        SessionSecurityState s = new SessionSecurityState(AuthScheme.HMAC, AuthScheme.HMAC, false, 0);
        SecurityDecision end = decide(TransportSecurity.plainHttp(), s, VerificationResult.missing());
        assertThat(end.verdict()).isEqualTo(Verdict.TERMINATE);
        assertThat(s.after(end)).isEqualTo(s);
    }
}
