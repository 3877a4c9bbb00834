package io.trustdm.server.api;

import java.time.Instant;

/**
 * Filters for the audit log; {@code null} means "any". {@code deviceId} matches the decision's subject,
 * {@code decisionPoint} its kind (a prefix such as {@code bootstrap} matches {@code bootstrap.send}), {@code verdict}
 * one of ACCEPT, CHALLENGE, TERMINATE, REFUSE.
 */
public record AuditQuery(
        String deviceId, String decisionPoint, String verdict, Instant since, Instant until, int limit) {
    public AuditQuery {
        if (limit <= 0) {
            throw new InvalidInputException("limit must be positive");
        }
    }

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, 1000);
    }
}
