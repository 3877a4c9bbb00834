package io.trustdm.it.cluster;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx (Debian {@code nginx} + {@code libnginx-mod-stream}) as a TCP load balancer with TLS passthrough, run
 * as the test's own process on loopback: one balanced port in front of every node, and one pinned port per node for
 * the RespURI of that node's sessions. nginx never holds a key: TLS, and with it the Device's client certificate,
 * ends at the DM node.
 */
final class NginxBalancer implements AutoCloseable {
    static final boolean SKIP_PEERS = Boolean.getBoolean("trustdm.skipPeers");
    static final Path STREAM_MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");

    private final Process process;
    private final Path dir;

    private NginxBalancer(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** nginx and its stream module, or a failure (a skipped test with -DskipPeers=true) saying what to install. */
    static Path requireInstalled() {
        Path nginx = null;
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "nginx"))) {
                nginx = Path.of(d, "nginx");
                break;
            }
        }
        String missing = nginx == null
                ? "nginx is not installed"
                : !Files.isRegularFile(STREAM_MODULE) ? "nginx's stream module is not installed" : null;
        if (missing != null) {
            String message = missing + ": apt-get install -y nginx libnginx-mod-stream, or run with -DskipPeers=true";
            if (SKIP_PEERS) {
                Assumptions.abort(message);
            }
            fail(message);
        }
        Assumptions.assumeFalse(SKIP_PEERS, "trustdm.skipPeers=true: tests against real peers skipped");
        return nginx;
    }

    /**
     * Writes {@code dir/nginx.conf} and starts nginx in the foreground. {@code balanced} spreads new connections over
     * {@code nodePorts}; {@code pinned.get(i)} always reaches {@code nodePorts.get(i)}.
     */
    static NginxBalancer start(Path nginx, Path dir, int balanced, List<Integer> nodePorts, List<Integer> pinned)
            throws IOException, InterruptedException {
        return start(nginx, dir, balanced, nodePorts, pinned, false);
    }

    /** As above; with {@code proxyProtocol} nginx sends a PROXY protocol header on every connection to a node. */
    static NginxBalancer start(
            Path nginx, Path dir, int balanced, List<Integer> nodePorts, List<Integer> pinned, boolean proxyProtocol)
            throws IOException, InterruptedException {
        String proxyLine = proxyProtocol ? "    proxy_protocol on;\n" : "";
        Files.createDirectories(dir.resolve("logs"));
        StringBuilder conf = new StringBuilder();
        conf.append("load_module ").append(STREAM_MODULE).append(";\n");
        conf.append("worker_processes 1;\n");
        conf.append("pid ").append(dir.resolve("nginx.pid")).append(";\n");
        conf.append("error_log ").append(dir.resolve("logs/error.log")).append(" notice;\n");
        conf.append("events { worker_connections 1024; }\n");
        conf.append("stream {\n");
        conf.append("  log_format dm '$remote_addr:$remote_port $server_port -> $upstream_addr"
                + " $status $bytes_received/$bytes_sent ${session_time}s';\n");
        conf.append("  access_log ").append(dir.resolve("logs/access.log")).append(" dm;\n");
        // a dead node is skipped for new connections after its first refused connect
        conf.append("  upstream dm_nodes {\n");
        for (int p : nodePorts) {
            conf.append("    server 127.0.0.1:").append(p).append(" max_fails=1 fail_timeout=10s;\n");
        }
        conf.append("  }\n");
        conf.append("  server {\n    listen 127.0.0.1:").append(balanced).append(";\n");
        conf.append("    proxy_pass dm_nodes;\n    proxy_connect_timeout 2s;\n");
        conf.append("    proxy_next_upstream on;\n    proxy_next_upstream_tries 0;\n")
                .append(proxyLine)
                .append("  }\n");
        for (int i = 0; i < nodePorts.size(); i++) {
            conf.append("  server {\n    listen 127.0.0.1:")
                    .append(pinned.get(i))
                    .append(";\n");
            conf.append("    proxy_pass 127.0.0.1:").append(nodePorts.get(i)).append(";\n");
            conf.append("    proxy_connect_timeout 2s;\n").append(proxyLine).append("  }\n");
        }
        conf.append("}\n");
        Files.writeString(dir.resolve("nginx.conf"), conf.toString(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(
                        nginx.toString(),
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString(),
                        "-e",
                        dir.resolve("logs/error.log").toString(),
                        "-g",
                        "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs/stdout.log").toFile())
                .start();
        NginxBalancer b = new NginxBalancer(p, dir);
        List<Integer> all = new ArrayList<>(pinned);
        all.add(balanced);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int port : all) {
            while (!accepts(port)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    String log = b.log();
                    b.close();
                    fail("nginx did not start listening on " + port + ":\n" + log);
                }
                Thread.sleep(50);
            }
        }
        return b;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** nginx's error log and stdout, for failure messages. */
    String log() {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("logs/error.log", "logs/stdout.log")) {
            try {
                sb.append(Files.readString(dir.resolve(f)));
            } catch (IOException e) {
                sb.append("(no ").append(f).append(")\n");
            }
        }
        return sb.toString();
    }

    /** The stream access log: one line per proxied connection. */
    List<String> accessLog() throws IOException {
        Path f = dir.resolve("logs/access.log");
        return Files.exists(f) ? Files.readAllLines(f) : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
