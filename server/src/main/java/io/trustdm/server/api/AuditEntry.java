package io.trustdm.server.api;

import java.time.Instant;
import java.util.List;

/**
 * One security decision from the audit log (see {@code SecurityAuditEvent}): which question was asked about whom,
 * over which channel, the verdict, the DM status the peer was told ({@code null} when none), why, and the rules.
 */
public record AuditEntry(
        Instant at,
        String decisionPoint,
        String subject,
        String sender,
        String channel,
        String verdict,
        Integer dmStatus,
        String reason,
        List<String> rules) {
    public AuditEntry {
        rules = List.copyOf(rules);
    }
}
