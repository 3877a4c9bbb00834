package io.trustdm.server.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Insert-or-replace by primary key, the one statement whose syntax H2 and PostgreSQL do not share: PostgreSQL's
 * {@code INSERT ... ON CONFLICT DO UPDATE}, H2's {@code MERGE INTO ... KEY}. Both are atomic against a concurrent insert
 * of the same key.
 */
final class Upsert {
    private Upsert() {}

    /** The statement for {@code table}; parameters are the key columns then the other columns, in order. */
    static String sql(Database.Dialect dialect, String table, List<String> keys, List<String> others) {
        String cols = String.join(", ", keys) + ", " + String.join(", ", others);
        String marks = "?" + ", ?".repeat(keys.size() + others.size() - 1);
        return switch (dialect) {
            case POSTGRESQL ->
                "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT ("
                        + String.join(", ", keys) + ") DO UPDATE SET "
                        + others.stream().map(o -> o + " = EXCLUDED." + o).collect(Collectors.joining(", "));
            case H2 ->
                "MERGE INTO " + table + " (" + cols + ") KEY (" + String.join(", ", keys) + ") VALUES (" + marks + ")";
        };
    }
}
