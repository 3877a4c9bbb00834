package io.trustdm.server.store;

import io.trustdm.server.ManagementRegistry.SessionRecord;
import io.trustdm.server.session.SessionOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The device registry: which Devices exist, the DevInfo values they reported, and how their sessions ended. Rows of
 * every other store hang off {@code dm_device}, so a Device is registered before anything else is stored for it.
 * Thread-safe.
 */
public final class DeviceStore {
    private final Database db;
    private final Clock clock;

    public DeviceStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What the registry knows about one Device. */
    public record DeviceRecord(
            String deviceId, Instant registeredAt, Map<String, String> devInfo, Optional<SessionRecord> lastSession) {}

    /** Registers the Device if it is not yet known; returns whether it was new. */
    public boolean register(String deviceId) {
        Objects.requireNonNull(deviceId, "deviceId");
        return db.inTransaction(c -> register(c, db.dialect(), deviceId, clock.millis()));
    }

    /** Registers within the caller's transaction; returns whether the Device was new. */
    static boolean register(Connection c, Database.Dialect dialect, String deviceId, long now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM dm_device WHERE device_id = ?")) {
            s.setString(1, deviceId);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    return false;
                }
            }
        }
        String sql = switch (dialect) {
            case POSTGRESQL -> "INSERT INTO dm_device (device_id, registered_at) VALUES (?, ?) ON CONFLICT DO NOTHING";
            case H2 -> "MERGE INTO dm_device (device_id, registered_at) KEY (device_id) VALUES (?, ?)";
        };
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, deviceId);
            s.setLong(2, now);
            return s.executeUpdate() == 1;
        }
    }

    /** Every registered Device identity, oldest registration first. */
    public List<String> deviceIds() {
        return db.inTransaction(c -> {
            List<String> l = new ArrayList<>();
            try (PreparedStatement s =
                            c.prepareStatement("SELECT device_id FROM dm_device ORDER BY registered_at, device_id");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    l.add(r.getString(1));
                }
            }
            return l;
        });
    }

    /**
     * Deletes the Device and, through the schema's cascades, its DevInfo, sessions, account, nonces, jobs, cached
     * values and alerts; also its authentication-failure count. Audit events stay.
     */
    public boolean remove(String deviceId) {
        return db.inTransaction(c -> {
            try (PreparedStatement f = c.prepareStatement("DELETE FROM dm_auth_failure WHERE device_id = ?")) {
                f.setString(1, deviceId);
                f.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM dm_device WHERE device_id = ?")) {
                s.setString(1, deviceId);
                return s.executeUpdate() > 0;
            }
        });
    }

    public boolean isKnown(String deviceId) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM dm_device WHERE device_id = ?")) {
                s.setString(1, deviceId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    /** Stores DevInfo leaves (leaf name to value), replacing earlier values of the same leaves. */
    public void recordDevInfo(String deviceId, Map<String, String> devInfo) {
        String sql = Upsert.sql(db.dialect(), "dm_devinfo", List.of("device_id", "name"), List.of("val"));
        db.inTransaction(c -> {
            // no implicit registration: only registered Devices get sessions (foreign key violation otherwise)
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (Map.Entry<String, String> e : devInfo.entrySet()) {
                    s.setString(1, deviceId);
                    s.setString(2, e.getKey());
                    s.setString(3, e.getValue());
                    s.addBatch();
                }
                s.executeBatch();
            }
            // the DevInfo leaves are also the first values read from the Device's tree (shown by the management API)
            String cache = Upsert.sql(
                    db.dialect(),
                    "dm_tree_value",
                    List.of("device_id", "uri"),
                    List.of("format", "mime_type", "octets", "read_at", "job_id"));
            try (PreparedStatement s = c.prepareStatement(cache)) {
                long now = clock.millis();
                for (Map.Entry<String, String> e : devInfo.entrySet()) {
                    s.setString(1, deviceId);
                    s.setString(2, "./DevInfo/" + e.getKey());
                    s.setString(3, "chr");
                    s.setString(4, "text/plain");
                    s.setBytes(5, e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    s.setLong(6, now);
                    s.setNull(7, java.sql.Types.BIGINT);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    public Map<String, String> devInfo(String deviceId) {
        return db.inTransaction(c -> {
            Map<String, String> m = new LinkedHashMap<>();
            try (PreparedStatement s =
                    c.prepareStatement("SELECT name, val FROM dm_devinfo WHERE device_id = ? ORDER BY name")) {
                s.setString(1, deviceId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        m.put(r.getString(1), r.getString(2));
                    }
                }
            }
            return m;
        });
    }

    /** Records a session end in the history and as the Device's last session. */
    public void recordSession(String deviceId, String sessionId, Instant ended, SessionOutcome outcome) {
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO dm_session (device_id, session_id, ended_at, outcome) VALUES (?, ?, ?, ?)")) {
                s.setString(1, deviceId);
                s.setString(2, sessionId);
                s.setLong(3, ended.toEpochMilli());
                s.setString(4, outcome.name());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE dm_device SET last_session_id = ?,"
                    + " last_session_at = ?, last_outcome = ? WHERE device_id = ?")) {
                s.setString(1, sessionId);
                s.setLong(2, ended.toEpochMilli());
                s.setString(3, outcome.name());
                s.setString(4, deviceId);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Every recorded session end, oldest first. */
    public List<SessionRecord> sessions() {
        return db.inTransaction(c -> {
            List<SessionRecord> l = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                            "SELECT device_id, session_id, ended_at, outcome FROM dm_session ORDER BY id");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    l.add(new SessionRecord(
                            r.getString(1),
                            r.getString(2),
                            Instant.ofEpochMilli(r.getLong(3)),
                            SessionOutcome.valueOf(r.getString(4))));
                }
            }
            return l;
        });
    }

    public Optional<DeviceRecord> device(String deviceId) {
        Optional<DeviceRecord> base = db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT registered_at, last_session_id, last_session_at,"
                    + " last_outcome FROM dm_device WHERE device_id = ?")) {
                s.setString(1, deviceId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    Optional<SessionRecord> last = r.getString(2) == null
                            ? Optional.empty()
                            : Optional.of(new SessionRecord(
                                    deviceId,
                                    r.getString(2),
                                    Instant.ofEpochMilli(r.getLong(3)),
                                    SessionOutcome.valueOf(r.getString(4))));
                    return Optional.of(new DeviceRecord(deviceId, Instant.ofEpochMilli(r.getLong(1)), Map.of(), last));
                }
            }
        });
        return base.map(d -> new DeviceRecord(d.deviceId(), d.registeredAt(), devInfo(deviceId), d.lastSession()));
    }
}
