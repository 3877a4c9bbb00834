package io.trustdm.server.store;

import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.server.session.ClaimedJob;
import io.trustdm.server.session.OperationResult;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The last value read from each node of each Device's management tree (filled from the Results of Gets when a job
 * completes), so operators and the REST API can show a Device's state without a session. A cache: the Device's own tree
 * is the truth. Thread-safe.
 */
public final class TreeValueStore {
    /** One cached node value; {@code octets} are the UTF-8 text or the opaque bytes the Device sent. */
    public record TreeValue(
            String deviceId, String uri, String format, String mimeType, byte[] octets, Instant readAt, String jobId) {
        public TreeValue {
            octets = octets.clone();
        }

        @Override
        public byte[] octets() {
            return octets.clone();
        }

        public String text() {
            return new String(octets, StandardCharsets.UTF_8);
        }
    }

    private final Database db;

    public TreeValueStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    static void cacheResults(
            Connection c, Database.Dialect dialect, ClaimedJob job, List<OperationResult> results, long now)
            throws SQLException {
        String sql = Upsert.sql(
                dialect,
                "dm_tree_value",
                List.of("device_id", "uri"),
                List.of("format", "mime_type", "octets", "read_at", "job_id"));
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int n = 0;
            for (OperationResult r : results) {
                for (Item i : r.results()) {
                    String uri = i.source() != null
                            ? i.source().locUri()
                            : i.target() != null ? i.target().locUri() : null;
                    if (uri == null || i.data() == null) {
                        continue;
                    }
                    s.setString(1, job.deviceId());
                    s.setString(2, uri);
                    s.setString(3, i.meta() == null ? null : i.meta().format());
                    s.setString(4, i.meta() == null ? null : i.meta().type());
                    s.setBytes(5, octets(i.data()));
                    s.setLong(6, now);
                    s.setLong(7, JobStore.parseId(job.jobId()));
                    s.addBatch();
                    n++;
                }
            }
            if (n > 0) {
                s.executeBatch();
            }
        }
    }

    private static byte[] octets(ItemData d) {
        if (d instanceof ItemData.Opaque o) {
            return o.bytes();
        }
        return d.asText().getBytes(StandardCharsets.UTF_8);
    }

    public Optional<TreeValue> value(String deviceId, String uri) {
        List<TreeValue> l = query(" AND uri = ?", deviceId, uri);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** All cached values of the Device, by URI. */
    public List<TreeValue> values(String deviceId) {
        return query("", deviceId, null);
    }

    private List<TreeValue> query(String and, String deviceId, String uri) {
        return db.inTransaction(c -> {
            List<TreeValue> l = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT uri, format, mime_type, octets, read_at, job_id"
                    + " FROM dm_tree_value WHERE device_id = ?" + and + " ORDER BY uri")) {
                s.setString(1, deviceId);
                if (uri != null) {
                    s.setString(2, uri);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        long job = r.getLong(6);
                        l.add(new TreeValue(
                                deviceId,
                                r.getString(1),
                                r.getString(2),
                                r.getString(3),
                                r.getBytes(4),
                                Instant.ofEpochMilli(r.getLong(5)),
                                r.wasNull() ? null : String.valueOf(job)));
                    }
                }
            }
            return l;
        });
    }
}
