package io.trustdm.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The one entry point to TrustDM's storage: a pooled connection to an embedded H2 file database in the data directory
 * (the default) or to PostgreSQL given by JDBC URL, the Flyway migrations in {@code db/migration}, and the
 * {@link SecretSealer} whose key file lives in the data directory whatever the database is.
 *
 * <p>H2 is made durable against a killed process (docs/STORAGE.md, measured by {@code JobCrashTest}):
 * {@code WRITE_DELAY=0} writes every commit to the file before {@code commit()} returns (H2's default buffers commits
 * for up to 500 ms), and {@code REUSE_SPACE=FALSE} appends every chunk at the end of the file, where recovery after a
 * kill always finds it (with space reuse, rare kills lost the latest commits). The price is a file that grows with
 * every commit, so a file larger than {@value #H2_COMPACT_ABOVE_BYTES} bytes is compacted when the database is
 * opened. Thread-safe; close it once, when the server stops.
 */
public final class Database implements AutoCloseable {
    /** Which SQL engine is behind the URL; the few statements that differ are chosen by it. */
    public enum Dialect {
        H2,
        POSTGRESQL
    }

    /** H2 settings: PostgreSQL compatibility, lower-case names, commits durable against a process kill. */
    /*
     * DB_CLOSE_ON_EXIT=FALSE: H2's own JVM shutdown hook would otherwise close the database while the server is still
     * draining running Management Sessions after SIGTERM (they got HTTP 500); the server closes the pool itself once
     * the sessions are done, and the database closes with its last connection.
     *
     * QUERY_CACHE_SIZE=64: a DM message runs about twenty distinct statements on one pooled connection; with H2's
     * default of 8 parsed statements per connection every prepareStatement parsed its SQL again (a fifth of the H2
     * time of a session in the profile, BENCHMARKS.md).
     */
    static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0"
            + ";REUSE_SPACE=FALSE;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=64";

    /** An H2 file larger than this is compacted when opened (appending chunks makes it grow). */
    static final long H2_COMPACT_ABOVE_BYTES = 64L * 1024 * 1024;

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final SecretSealer sealer;
    private final LongAdder commits = new LongAdder();
    /** The connection of this database's unit of work or transaction running on this thread, if any. */
    private final ThreadLocal<Connection> bound = new ThreadLocal<>();
    /** The H2 file of a database opened with {@link #open(Path)}, or {@code null}. */
    private volatile Path h2File;

    private Database(HikariDataSource pool, Dialect dialect, SecretSealer sealer) {
        this.pool = pool;
        this.dialect = dialect;
        this.sealer = sealer;
    }

    /** The H2 file database {@code dataDir/db/trustdm.mv.db} (created when missing), not yet migrated. */
    public static Database open(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        Path dir = dataDir.toAbsolutePath().resolve("db");
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                    // the tables hold no clear secret, but device data is nobody else's business
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot create " + dir, e);
        }
        String url = "jdbc:h2:file:" + dir.resolve("trustdm") + H2_SETTINGS;
        Path file = dir.resolve("trustdm.mv.db");
        compactIfLarger(file, url, H2_COMPACT_ABOVE_BYTES);
        Database db = open(dataDir, url, "sa", "");
        db.h2File = file;
        return db;
    }

    /**
     * The size of the embedded H2 database file in bytes, when this database is one ({@link #open(Path)}); empty for
     * PostgreSQL. H2 appends a chunk at every commit and compacts only at open (above 64 MiB), so this grows while the
     * server runs.
     */
    public java.util.OptionalLong fileBytes() {
        Path f = h2File;
        if (f == null) {
            return java.util.OptionalLong.empty();
        }
        try {
            return java.util.OptionalLong.of(Files.size(f));
        } catch (IOException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /**
     * Rewrites the H2 file without its dead chunks ({@code SHUTDOWN COMPACT}) when it is larger than {@code limit}.
     * Runs before the pool opens, so nothing else uses the file; H2 writes the compacted copy to a new file first.
     */
    static boolean compactIfLarger(Path file, String url, long limit) {
        try {
            if (!Files.exists(file) || Files.size(file) <= limit) {
                return false;
            }
            try (Connection c = DriverManager.getConnection(url, "sa", "");
                    Statement s = c.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
            return true;
        } catch (IOException | SQLException e) {
            throw new StorageException("cannot compact " + file, e);
        }
    }

    /**
     * The database at {@code jdbcUrl} ({@code jdbc:postgresql:...} or {@code jdbc:h2:...}), not yet migrated; the
     * secrets key stays in {@code dataDir}. The password is only handed to the pool, never logged.
     */
    public static Database open(Path dataDir, String jdbcUrl, String user, String password) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Dialect dialect = dialectOf(jdbcUrl);
        SecretSealer sealer = SecretSealer.loadOrCreate(dataDir, new SecureRandom());
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setPoolName("trustdm-db");
        cfg.setMaximumPoolSize(dialect == Dialect.H2 ? 8 : 16);
        cfg.setMinimumIdle(1);
        cfg.setAutoCommit(true);
        cfg.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        cfg.setConnectionTimeout(10_000);
        cfg.setInitializationFailTimeout(10_000);
        try {
            return new Database(new HikariDataSource(cfg), dialect, sealer);
        } catch (RuntimeException e) {
            // Hikari's message names the URL, never the password
            throw new StorageException("cannot open database " + redact(jdbcUrl), e);
        }
    }

    static Dialect dialectOf(String jdbcUrl) {
        String u = jdbcUrl.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:h2:")) {
            return Dialect.H2;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported JDBC URL (H2 or PostgreSQL): " + redact(jdbcUrl));
    }

    /** The URL without its query part (which may carry a password). */
    static String redact(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "?…";
    }

    /** Applies the pending migrations and returns how many ran. Safe to call on every start. */
    public int migrate() {
        MigrateResult r = Flyway.configure(Database.class.getClassLoader())
                .dataSource(pool)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return r.migrationsExecuted;
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * How many transactions this database has committed since it was opened (every write of the stores goes through
     * one); a unit of work counts once. For tests and benchmarks.
     */
    public long commits() {
        return commits.sum();
    }

    SecretSealer sealer() {
        return sealer;
    }

    /**
     * A connection for reads and writes. Inside a unit of work ({@link #inUnit}) or a transaction on this thread it is
     * that transaction's connection, so reads see the unit's own writes; closing it then does not close or return it.
     */
    Connection connection() throws SQLException {
        Connection c = bound.get();
        return c != null ? unclosable(c) : pool.getConnection();
    }

    /**
     * Runs {@code work} as one unit of work: every {@link #inTransaction} it reaches on this thread joins one database
     * transaction, committed once when {@code work} returns and rolled back entirely when it throws. A unit inside a
     * unit simply joins the outer one. The session engine runs each DM message in one (docs/STORAGE.md).
     */
    <T> T inUnit(Supplier<T> work) {
        if (bound.get() != null) {
            return work.get();
        }
        return inTransaction(c -> work.get());
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. Called while a
     * unit of work or another transaction is open on this thread, it joins that transaction under a savepoint: its
     * writes commit with the outer transaction, and when it throws only its own writes are rolled back (the outer
     * transaction stays usable, which PostgreSQL requires after a failed statement) before the exception propagates.
     */
    <T> T inTransaction(SqlWork<T> work) {
        Connection open = bound.get();
        if (open != null) {
            return nested(open, work);
        }
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            bound.set(c);
            try {
                T t = work.run(c);
                c.commit();
                commits.increment();
                return t;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                bound.remove();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("database operation failed: " + e.getMessage(), e);
        }
    }

    private static <T> T nested(Connection c, SqlWork<T> work) {
        Savepoint sp;
        try {
            sp = c.setSavepoint();
        } catch (SQLException e) {
            throw new StorageException("database operation failed: " + e.getMessage(), e);
        }
        try {
            T t = work.run(c);
            c.releaseSavepoint(sp);
            return t;
        } catch (SQLException e) {
            rollbackTo(c, sp, e);
            throw new StorageException("database operation failed: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            rollbackTo(c, sp, e);
            throw e;
        }
    }

    private static void rollbackTo(Connection c, Savepoint sp, Throwable cause) {
        try {
            c.rollback(sp);
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    /** {@code c} with a {@code close()} that does nothing: the unit of work that owns it closes it. */
    private static Connection unclosable(Connection c) {
        return (Connection) Proxy.newProxyInstance(
                Database.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "close":
                            return null;
                        case "isClosed":
                            return c.isClosed();
                        default:
                            try {
                                return m.invoke(c, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    /** Work against one connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "Database[" + dialect + ", " + redact(pool.getJdbcUrl()) + "]";
    }
}
