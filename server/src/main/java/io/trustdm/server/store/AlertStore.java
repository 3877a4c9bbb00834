package io.trustdm.server.store;

import io.trustdm.protocol.message.Alert;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Generic Alerts (1226) and Client Events (1224) as the Devices sent them. An alert whose Correlator matches an Exec
 * of one of the same Device's jobs is linked to that job (the latest such job, when a correlator was reused), so the
 * asynchronous result of, say, a firmware update is found from its job. Thread-safe.
 */
public final class AlertStore {
    /** A stored alert and the job it answers, if any. */
    public record StoredAlert(
            long id, String deviceId, int code, Optional<String> jobId, Instant receivedAt, Alert alert) {}

    private final Database db;
    private final Clock clock;

    public AlertStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Stores the alert and returns it with the job it was linked to. */
    public StoredAlert store(String deviceId, Alert alert) {
        Objects.requireNonNull(alert, "alert");
        long now = clock.millis();
        return db.inTransaction(c -> {
            Long jobId = null;
            if (alert.correlator() != null) {
                try (PreparedStatement s = c.prepareStatement("SELECT MAX(j.id) FROM dm_job j JOIN dm_job_correlator"
                        + " k ON k.job_id = j.id WHERE j.device_id = ? AND k.correlator = ?")) {
                    s.setString(1, deviceId);
                    s.setString(2, alert.correlator());
                    try (ResultSet r = s.executeQuery()) {
                        if (r.next()) {
                            long v = r.getLong(1);
                            jobId = r.wasNull() ? null : v;
                        }
                    }
                }
            }
            long id;
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO dm_alert (device_id, code, correlator, job_id, received_at, alert)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                s.setString(1, deviceId);
                s.setInt(2, alert.code());
                s.setString(3, alert.correlator());
                if (jobId == null) {
                    s.setNull(4, Types.BIGINT);
                } else {
                    s.setLong(4, jobId);
                }
                s.setLong(5, now);
                s.setBytes(6, StoredCommands.encode(List.of(alert)));
                s.executeUpdate();
                try (ResultSet k = s.getGeneratedKeys()) {
                    k.next();
                    id = k.getLong(1);
                }
            }
            return new StoredAlert(
                    id,
                    deviceId,
                    alert.code(),
                    Optional.ofNullable(jobId).map(String::valueOf),
                    Instant.ofEpochMilli(now),
                    alert);
        });
    }

    /** Every stored alert, oldest first. */
    public List<StoredAlert> alerts() {
        return query("", null);
    }

    /** The alerts linked to one job, oldest first. */
    public List<StoredAlert> alertsForJob(String jobId) {
        return query(" WHERE job_id = ?", JobStore.parseId(jobId));
    }

    private List<StoredAlert> query(String where, Long arg) {
        return db.inTransaction(c -> {
            List<StoredAlert> l = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, device_id, code, job_id, received_at, alert FROM dm_alert" + where + " ORDER BY id")) {
                if (arg != null) {
                    s.setLong(1, arg);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        long job = r.getLong(4);
                        Optional<String> jobId = r.wasNull() ? Optional.empty() : Optional.of(String.valueOf(job));
                        l.add(new StoredAlert(
                                r.getLong(1),
                                r.getString(2),
                                r.getInt(3),
                                jobId,
                                Instant.ofEpochMilli(r.getLong(5)),
                                (Alert) StoredCommands.decode(r.getBytes(6)).get(0)));
                    }
                }
            }
            return l;
        });
    }
}
