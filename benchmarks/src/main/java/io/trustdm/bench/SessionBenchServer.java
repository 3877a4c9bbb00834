package io.trustdm.bench;

import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.pki.DevelopmentPki;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.server.ManagementRegistry;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.auth.PolicyAuthenticator;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.http.DmHttpResponse;
import io.trustdm.server.http.DmHttpServer;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.session.ServerSessionEngine;
import io.trustdm.server.store.Database;
import io.trustdm.server.store.JdbcRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The server side of the session benchmarks: a {@link ServerSessionEngine} wired exactly as {@code DmServer} wires it
 * (same codec, the same {@link PolicyAuthenticator} per session over the registry's account, one
 * {@link MessageSecurityPolicy} over the registry, five-minute idle timeout, the engine's default admission bound as
 * in {@code NodeOptions}), on a {@link DmHttpServer} with the TLS
 * context {@code DmServer} builds from its development PKI ({@code ClientAuth.WANT}), or on plain HTTP for the HMAC
 * runs. The same Jetty instance, connector and thread pool also answer {@code POST /echo}: the baseline, a bare
 * request/response whose reply is a pre-recorded byte array of the size the DM reply had (query {@code r=2} or
 * {@code r=4}), so it costs HTTP(S) and the DM endpoint's body handling but no DM work.
 *
 * <p>Not started: the REST API, console, bootstrap endpoint and notification service of {@code DmServer}, none of
 * which is on the path of a DM message.
 */
final class SessionBenchServer implements AutoCloseable {
    static final String SERVER_ID = "bench.trustdm.io";

    /** Where the registry keeps Devices, jobs and sessions. */
    enum Storage {
        H2,
        MEMORY,
        /** A PostgreSQL database given by {@link #start(Path, boolean, Storage, String)}'s JDBC URL. */
        POSTGRES
    }

    private final ManagementRegistry registry;
    private final Database db;
    private final ServerSessionEngine engine;
    private final DmHttpServer http;
    private final DevelopmentPki pki;
    private final Path dir;
    private volatile DmHttpResponse echo2 = new DmHttpResponse(new byte[0], null);
    private volatile DmHttpResponse echo4 = new DmHttpResponse(new byte[0], null);

    private SessionBenchServer(Path dir, boolean tls, Storage storage, String jdbcUrl) throws Exception {
        this.dir = dir;
        if (storage == Storage.H2 || storage == Storage.POSTGRES) {
            db = storage == Storage.H2 ? Database.open(dir) : Database.open(dir, jdbcUrl, "postgres", "postgres");
            db.migrate();
            registry = new JdbcRegistry(db);
        } else {
            db = null;
            registry = new InMemoryRegistry();
        }
        pki = DevelopmentPki.loadOrCreate(dir, List.of("localhost", "127.0.0.1"));
        MessageSecurityPolicy policy = new MessageSecurityPolicy(registry);
        engine = new ServerSessionEngine(
                SyncMlCodec.defaults(),
                "bench-server",
                registry,
                registry,
                (deviceId, sessionId, first) -> new PolicyAuthenticator(
                        registry.account(deviceId)
                                .orElseThrow(() -> new IllegalStateException("no account for " + deviceId)),
                        registry,
                        policy),
                Duration.ofMinutes(5));
        engine.unitOfWork(registry);
        DmHttpServer.Builder b = DmHttpServer.builder()
                .host("127.0.0.1")
                .port(0)
                .dmPaths(List.of("/dm", "/echo"))
                .handler(req -> {
                    if (req.path().equals("/echo")) {
                        return "r=4".equals(req.query()) ? echo4 : echo2;
                    }
                    return engine.handle(req);
                });
        if (tls) {
            b.tls(TlsContexts.create(pki.server(), List.of(pki.ca().certificate())), ClientAuth.WANT);
        } else {
            b.plainHttp();
        }
        http = b.build().start();
    }

    static SessionBenchServer start(Path dir, boolean tls, Storage storage) throws Exception {
        return new SessionBenchServer(dir, tls, storage, null);
    }

    /** A server on PostgreSQL at {@code jdbcUrl} (user and password {@code postgres}). */
    static SessionBenchServer start(Path dir, boolean tls, Storage storage, String jdbcUrl) throws Exception {
        return new SessionBenchServer(dir, tls, storage, jdbcUrl);
    }

    ManagementRegistry registry() {
        return registry;
    }

    ServerSessionEngine engine() {
        return engine;
    }

    DevelopmentPki pki() {
        return pki;
    }

    /** Size of the H2 database file (0 for the in-memory registry): H2 appends a chunk at every commit. */
    long databaseFileBytes() throws java.io.IOException {
        Path f = dir.resolve("db").resolve("trustdm.mv.db");
        return db != null && java.nio.file.Files.exists(f) ? java.nio.file.Files.size(f) : 0;
    }

    /** Transactions the database committed so far (0 for the in-memory registry), reads included. */
    long databaseCommits() {
        return db != null ? db.commits() : 0;
    }

    boolean isTls() {
        return http.isTls();
    }

    URI dmUri() {
        return URI.create((http.isTls() ? "https://localhost:" : "http://127.0.0.1:") + http.port() + "/dm");
    }

    URI echoUri(int pkg) {
        return URI.create(dmUri().toString().replace("/dm", "/echo?r=" + pkg));
    }

    /** The baseline's replies: as many bytes (and as long an HMAC header) as Packages 2 and 4 had. */
    void echoReplies(byte[] package2, String hmac2, byte[] package4, String hmac4) {
        echo2 = new DmHttpResponse(new byte[package2.length], hmac2);
        echo4 = new DmHttpResponse(new byte[package4.length], hmac4);
    }

    /** Registers a Device account as a bootstrap would: credentials in both directions and the initial nonces. */
    void register(String deviceId, AuthScheme scheme, Credentials device, Credentials server, Nonce cn, Nonce sn) {
        registry.register(
                new DeviceAccount(
                        deviceId,
                        AccountSecurity.of(deviceId, scheme, false),
                        false,
                        device.username(),
                        device.digestKey(),
                        server.username(),
                        server.digestKey()),
                cn,
                sn);
    }

    @Override
    public void close() throws Exception {
        try {
            http.close();
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }
}
