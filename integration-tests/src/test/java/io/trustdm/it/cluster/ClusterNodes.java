package io.trustdm.it.cluster;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.server.api.NewDevice;
import io.trustdm.server.api.RegistryManagementApi;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starting {@link ClusterNode} child JVMs on one PostgreSQL, shared by the cluster test and the node benchmark so that
 * both measure and check the same node set-up.
 */
final class ClusterNodes {
    private ClusterNodes() {}

    /** Job lease, session idle timeout, admission bound, JVM flags and PROXY protocol of a node. */
    record Settings(Duration lease, Duration idle, int maxSessions, List<String> jvmFlags, boolean proxyProtocol) {
        Settings(Duration lease, Duration idle, int maxSessions, List<String> jvmFlags) {
            this(lease, idle, maxSessions, jvmFlags, false);
        }
    }

    /**
     * Starts node {@code index}: data (PKI, secrets.key) in {@code data}, database {@code url}, listening on
     * {@code port}, Devices given {@code publicUri}, RespURI naming the load balancer's port pinned to this node. Its
     * output goes to {@code logDir/node-INDEX.log}.
     */
    static Process start(
            Path logDir, Path data, String url, int port, URI publicUri, int pinnedPort, int index, Settings s)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(s.jvmFlags());
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                ClusterNode.class.getName(),
                "data=" + data,
                "db=" + url,
                "dbUser=postgres",
                "port=" + port,
                "public=" + publicUri,
                "resp=https://localhost:" + pinnedPort + "/dm",
                "leaseMillis=" + s.lease().toMillis(),
                "idleMillis=" + s.idle().toMillis(),
                "maxSessions=" + s.maxSessions(),
                "proxyProtocol=" + s.proxyProtocol()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log(logDir, index).toFile());
        pb.environment().put("TRUSTDM_DB_PASSWORD", "postgres");
        return pb.start();
    }

    static Path log(Path logDir, int index) {
        return logDir.resolve("node-" + index + ".log");
    }

    /** Waits until the node printed READY; fails with its output when it died or took longer than a minute. */
    static void awaitReady(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("READY ")) {
                return;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "server node did not start:\n" + (Files.exists(log) ? Files.readString(log) : "(no output)"));
    }

    /** A test Device of a cluster: its DevId and its MD5 credentials in both directions. */
    record Device(String deviceId, Credentials client, Credentials server) {}

    /**
     * Registers Device number {@code n} (DevId {@code IMEI:<prefix><n, 13 digits>}, MD5 both ways, its own passwords)
     * through the management API and returns its credentials for the Device side.
     */
    static Device registerDevice(RegistryManagementApi api, String imeiPrefix, int n) {
        String dev = "IMEI:" + imeiPrefix + String.format("%013d", n);
        String password = "device-secret-" + n + "-0123456789";
        String serverPassword = "server-secret-" + n + "-9876543210";
        api.createDevice(
                new NewDevice(dev, AuthScheme.MD5, "dev" + n, password, ClusterIT.SERVER_ID, serverPassword, false));
        return new Device(
                dev,
                Credentials.of("dev" + n, password.toCharArray()),
                Credentials.of(ClusterIT.SERVER_ID, serverPassword.toCharArray()));
    }

    /** Creates database {@code name} in the embedded PostgreSQL and returns its JDBC URL. */
    static String createDatabase(EmbeddedPostgres pg, String name) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    /**
     * The loopback ports of a two-node test cluster: nginx's balanced port (the public DM URL), each node's own port,
     * and each node's pinned port on nginx (its RespURI).
     */
    record Ports(int balanced, List<Integer> nodes, List<Integer> pinned) {
        static Ports free() throws IOException {
            return new Ports(freePort(), List.of(freePort(), freePort()), List.of(freePort(), freePort()));
        }

        /** The DM URL Devices are given: the balancer's. */
        URI publicUri() {
            return URI.create("https://localhost:" + balanced + "/dm");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
