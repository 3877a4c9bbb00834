package io.trustdm.security.policy;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Challenge;
import io.trustdm.security.transport.Party;
import io.trustdm.security.transport.TransportSecurity;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/** Builds decisions, their audit events, and hands the events to the sink: one place, so none is forgotten. */
final class DecisionRecorder {
    private final SecurityAuditSink sink;
    private final Clock clock;

    DecisionRecorder(SecurityAuditSink sink, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Builder at(String point, String subject, Party sender, TransportSecurity transport) {
        return new Builder(point, subject, sender, transport.channel());
    }

    Builder at(String point, String subject, Party sender, String channel) {
        return new Builder(point, subject, sender, channel);
    }

    final class Builder {
        private final String point;
        private final String subject;
        private final Party sender;
        private final String channel;
        private OptionalInt status = OptionalInt.empty();
        private AuthScheme scheme;
        private Challenge challenge;
        private final Set<Obligation> obligations = EnumSet.noneOf(Obligation.class);
        private final List<SecurityRule> rules = new ArrayList<>();

        private Builder(String point, String subject, Party sender, String channel) {
            this.point = point;
            this.subject = subject == null ? "" : subject;
            this.sender = sender;
            this.channel = channel;
        }

        Builder status(int code) {
            status = OptionalInt.of(code);
            return this;
        }

        Builder scheme(AuthScheme s) {
            scheme = s;
            return this;
        }

        Builder challenge(Challenge c) {
            challenge = c;
            return this;
        }

        Builder oblige(Obligation o) {
            obligations.add(o);
            return this;
        }

        Builder rule(SecurityRule... rs) {
            for (SecurityRule r : rs) {
                if (!rules.contains(r)) {
                    rules.add(r);
                }
            }
            return this;
        }

        SecurityDecision decide(Verdict verdict, String reason) {
            if (verdict == Verdict.ACCEPT) {
                // An accepted decision that relies on the transport names the rules that made it rely on it.
                if (obligations.contains(Obligation.USE_TRANSPORT_AUTHENTICATION_AND_INTEGRITY)) {
                    rule(SecurityRule.CR_6);
                }
                if (obligations.contains(Obligation.USE_TRANSPORT_CONFIDENTIALITY)) {
                    rule(SecurityRule.CR_7);
                }
            }
            List<String> ids = new ArrayList<>();
            for (SecurityRule r : rules) {
                ids.add(r.id());
            }
            SecurityAuditEvent event = new SecurityAuditEvent(
                    clock.instant(), point, subject, sender, channel, verdict, status, reason, ids);
            SecurityDecision d = new SecurityDecision(
                    verdict,
                    reason,
                    status,
                    scheme,
                    verdict == Verdict.ACCEPT || verdict == Verdict.CHALLENGE ? challenge : null,
                    verdict == Verdict.ACCEPT ? obligations : Set.of(),
                    rules,
                    event);
            sink.record(event);
            return d;
        }
    }
}
