package io.trustdm.it.cluster;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.DmServer;
import io.trustdm.server.NodeOptions;
import io.trustdm.server.store.Database;
import io.trustdm.server.store.JdbcRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One DM server node as its own process, for {@link ClusterIT}: a {@link DmServer} on the shared PostgreSQL, with the
 * shared data directory (development CA, server certificate and {@code secrets.key} common to every node), the load
 * balancer's address as its public URI and its own node-specific address as RespURI. Prints {@code READY <port>} when
 * it accepts connections and then runs until killed. The database password comes from {@code TRUSTDM_DB_PASSWORD}.
 *
 * <p>Arguments ({@code key=value}): {@code data}, {@code db}, {@code dbUser}, {@code port}, {@code public},
 * {@code resp}, {@code leaseMillis}, {@code idleMillis}, {@code maxSessions}, {@code proxyProtocol}.
 */
public final class ClusterNode {
    private ClusterNode() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, got " + arg);
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Path data = Path.of(required(a, "data"));
        String password = System.getenv("TRUSTDM_DB_PASSWORD");
        Database db = Database.open(data, required(a, "db"), required(a, "dbUser"), password);
        db.migrate();
        Duration lease = Duration.ofMillis(Long.parseLong(required(a, "leaseMillis")));
        JdbcRegistry registry = new JdbcRegistry(db, Clock.systemUTC(), lease);
        NodeOptions options = NodeOptions.defaults()
                .withPublicUri(URI.create(required(a, "public")))
                .withRespUri(URI.create(required(a, "resp")))
                .withSessionIdleTimeout(Duration.ofMillis(Long.parseLong(required(a, "idleMillis"))))
                .withAdmission(Integer.parseInt(a.getOrDefault("maxSessions", "256")), Duration.ofSeconds(1))
                .withProxyProtocol(Boolean.parseBoolean(a.getOrDefault("proxyProtocol", "false")));
        DmServer server = DmServer.start(
                data,
                "127.0.0.1",
                Integer.parseInt(required(a, "port")),
                ClusterIT.SERVER_ID,
                AuthScheme.MD5,
                registry,
                options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // stopping anyway
            }
            db.close();
        }));
        System.out.println("READY " + a.get("port"));
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static String required(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return v;
    }
}
