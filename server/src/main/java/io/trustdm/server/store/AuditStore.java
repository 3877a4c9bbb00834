package io.trustdm.server.store;

import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.SecurityAuditSink;
import io.trustdm.security.policy.Verdict;
import io.trustdm.security.transport.Party;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The security audit trail: every {@link SecurityAuditEvent} the policies emit, append-only. The events hold
 * identifiers and reason texts only (the security module builds them that way), so nothing secret reaches this table.
 * Thread-safe.
 */
public final class AuditStore implements SecurityAuditSink {
    private static final int REASON_MAX = 2048;
    private final Database db;

    public AuditStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void record(SecurityAuditEvent e) {
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dm_audit (decided_at, decision_point, subject,"
                    + " sender, channel, verdict, dm_status, reason, rules) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setLong(1, e.at().toEpochMilli());
                s.setString(2, e.decisionPoint());
                s.setString(3, e.subject());
                s.setString(4, e.sender() == null ? null : e.sender().name());
                s.setString(5, e.channel());
                s.setString(6, e.verdict().name());
                if (e.dmStatus().isPresent()) {
                    s.setInt(7, e.dmStatus().getAsInt());
                } else {
                    s.setNull(7, Types.INTEGER);
                }
                s.setString(8, e.reason().length() > REASON_MAX ? e.reason().substring(0, REASON_MAX) : e.reason());
                s.setString(9, String.join(",", e.rules()));
                s.executeUpdate();
            }
            return null;
        });
    }

    /** All events, oldest first. */
    public List<SecurityAuditEvent> events() {
        return query("", null);
    }

    /** The events about one account or Device, oldest first. */
    public List<SecurityAuditEvent> eventsFor(String subject) {
        return query(" WHERE subject = ?", subject);
    }

    private List<SecurityAuditEvent> query(String where, String arg) {
        return db.inTransaction(c -> {
            List<SecurityAuditEvent> l = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT decided_at, decision_point, subject, sender, channel,"
                    + " verdict, dm_status, reason, rules FROM dm_audit" + where + " ORDER BY id")) {
                if (arg != null) {
                    s.setString(1, arg);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        int status = r.getInt(7);
                        OptionalInt dm = r.wasNull() ? OptionalInt.empty() : OptionalInt.of(status);
                        String rules = r.getString(9);
                        l.add(new SecurityAuditEvent(
                                Instant.ofEpochMilli(r.getLong(1)),
                                r.getString(2),
                                r.getString(3),
                                r.getString(4) == null ? null : Party.valueOf(r.getString(4)),
                                r.getString(5),
                                Verdict.valueOf(r.getString(6)),
                                dm,
                                r.getString(8),
                                rules.isEmpty() ? List.of() : Arrays.asList(rules.split(","))));
                    }
                }
            }
            return l;
        });
    }
}
