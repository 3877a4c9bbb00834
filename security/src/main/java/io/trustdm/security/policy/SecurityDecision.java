package io.trustdm.security.policy;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Challenge;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The answer of a security policy for one message, challenge, endpoint or bootstrap.
 *
 * @param verdict     accept, challenge, terminate or refuse
 * @param reason      why, in words fit for a log and for a user
 * @param dmStatus    the SyncHdr status to send: 212 or 200 when accepted, 401 or 407 with a challenge, 401 when a
 *                    session ends over failed authentication; empty when nothing is sent (a defective channel, an
 *                    outbound refusal, a bootstrap)
 * @param scheme      for an accepted inbound message, the scheme that authenticated the sender ({@code TRANSPORT}
 *                    when the transport did); for a challenge answer, the scheme to answer with; otherwise
 *                    {@code null}
 * @param challenge   the challenge to put on the status, with a freshly issued nonce that the caller must remember to
 *                    verify the peer's next message; {@code null} when none is due
 * @param obligations what the caller must do when it goes ahead
 * @param rules       the rules the decision rests on
 * @param audit       the audit event this decision produced
 */
public record SecurityDecision(
        Verdict verdict,
        String reason,
        OptionalInt dmStatus,
        AuthScheme scheme,
        Challenge challenge,
        Set<Obligation> obligations,
        List<SecurityRule> rules,
        SecurityAuditEvent audit) {
    public SecurityDecision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(dmStatus, "dmStatus");
        Objects.requireNonNull(audit, "audit");
        obligations = Set.copyOf(obligations);
        rules = List.copyOf(rules);
    }

    public boolean isAccepted() {
        return verdict == Verdict.ACCEPT;
    }

    public boolean requires(Obligation obligation) {
        return obligations.contains(obligation);
    }

    public Optional<Challenge> challengeToSend() {
        return Optional.ofNullable(challenge);
    }

    public Optional<AuthScheme> authenticatedBy() {
        return verdict == Verdict.ACCEPT ? Optional.ofNullable(scheme) : Optional.empty();
    }
}
