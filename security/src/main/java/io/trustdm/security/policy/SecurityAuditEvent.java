package io.trustdm.security.policy;

import io.trustdm.security.transport.Party;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * One security decision as it goes to the audit log. It names the account, channel, verdict, status and rules, and
 * never holds a secret: the policies build it only from identifiers and their own reason texts.
 *
 * @param at            when the decision was made
 * @param decisionPoint which question was asked, e.g. {@code message.inbound}, {@code bootstrap.receive}
 * @param subject       the account or server identifier the decision concerns
 * @param sender        who sent (or would send) the message; {@code null} where no message is involved
 * @param channel       the channel's name
 * @param verdict       the outcome
 * @param dmStatus      the status the peer is told, if any
 * @param reason        why
 * @param rules         the rule identifiers the decision rests on
 */
public record SecurityAuditEvent(
        Instant at,
        String decisionPoint,
        String subject,
        Party sender,
        String channel,
        Verdict verdict,
        OptionalInt dmStatus,
        String reason,
        List<String> rules) {
    public SecurityAuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(decisionPoint, "decisionPoint");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(dmStatus, "dmStatus");
        Objects.requireNonNull(reason, "reason");
        rules = List.copyOf(rules);
    }

    /** A single log line, {@code key=value} pairs. */
    public String toLogLine() {
        return "security-decision at=" + at
                + " point=" + decisionPoint
                + " subject=" + quote(subject)
                + (sender == null ? "" : " sender=" + sender)
                + " channel=" + quote(channel)
                + " verdict=" + verdict
                + (dmStatus.isPresent() ? " status=" + dmStatus.getAsInt() : "")
                + " rules=" + rules.stream().collect(Collectors.joining(","))
                + " reason=" + quote(reason);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F) {
                sb.append('?');
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
