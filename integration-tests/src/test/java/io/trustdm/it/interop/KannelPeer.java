package io.trustdm.it.interop;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Kannel 1.4.5 (Debian {@code kannel} + {@code kannel-extras}) on loopback: bearerbox, wapbox with its PPG,
 * and fakesmsc as the SMS centre that records every MT message (peers.md §2). Ports are picked free at start, the
 * configuration is written into a temporary directory, readiness is polled (ports, bearerbox's status page), never
 * slept for, and every process is stopped by its PID (with any children it forked) in {@link #close()}.
 */
final class KannelPeer implements AutoCloseable {
    static final PeerTools.Tool BEARERBOX = new PeerTools.Tool("bearerbox", "kannel");
    static final PeerTools.Tool WAPBOX = new PeerTools.Tool("wapbox", "kannel");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern MT = Pattern.compile("Got message (\\d+): <(\\S+) (\\S+) udh (\\S+) data (\\S+)>");

    /** One MT SMS as fakesmsc logged it: the User Data Header and the user data after it. */
    record Sms(String from, String to, byte[] udh, byte[] data) {
        /** TP-UD as a handset sees it: the UDH (with its length octet) followed by the data. */
        byte[] userData() {
            byte[] out = new byte[udh.length + data.length];
            System.arraycopy(udh, 0, out, 0, udh.length);
            System.arraycopy(data, 0, out, udh.length, data.length);
            return out;
        }
    }

    private final Path dir;
    private final int adminPort;
    private final int ppgPort;
    private final List<Process> processes = new ArrayList<>();
    private Process bearerbox;
    private Process wapbox;
    private Process fakesmsc;

    private KannelPeer(Path dir, int adminPort, int ppgPort) {
        this.dir = dir;
        this.adminPort = adminPort;
        this.ppgPort = ppgPort;
    }

    /** Fails (or with -DskipPeers=true skips) when Kannel is not installed; else starts it in {@code dir}. */
    static KannelPeer start(Path dir) throws IOException {
        Path bearerbox = find(BEARERBOX);
        Path wapbox = find(WAPBOX);
        Path fakesmsc = findFakesmsc();
        if (bearerbox == null || wapbox == null || fakesmsc == null) {
            PeerTools.missing("Kannel is not installed (bearerbox " + bearerbox + ", wapbox " + wapbox + ", fakesmsc "
                    + fakesmsc + "): apt-get install -y kannel kannel-extras, or run with -DskipPeers=true");
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(PeerTools.SKIP_PEERS, "trustdm.skipPeers=true");
        int[] p = freePorts(5);
        int admin = p[0], smsbox = p[1], wapboxPort = p[2], smsc = p[3], ppg = p[4];
        Files.writeString(dir.resolve("kannel.conf"), configuration(admin, smsbox, wapboxPort, smsc, ppg));
        KannelPeer k = new KannelPeer(dir, admin, ppg);
        try {
            k.bearerbox = k.spawn("bearerbox", bearerbox.toString(), "-v", "0", "kannel.conf");
            k.await(
                    "bearerbox admin and box ports",
                    () -> listening(admin) && listening(wapboxPort) && listening(smsc));
            k.fakesmsc = k.spawn(
                    "fakesmsc",
                    fakesmsc.toString(),
                    "-H",
                    "127.0.0.1",
                    "-r",
                    Integer.toString(smsc),
                    "-i",
                    "1000",
                    "-m",
                    "0",
                    "111 222 text nop");
            k.await("fakesmsc connected to bearerbox", k::smscOnline);
            k.wapbox = k.spawn("wapbox", wapbox.toString(), "-v", "0", "kannel.conf");
            k.await("wapbox PPG port", () -> listening(ppg));
            return k;
        } catch (RuntimeException | IOException e) {
            k.close();
            throw e;
        }
    }

    /** The PPG's push URL. */
    URI ppgUrl() {
        return URI.create("http://127.0.0.1:" + ppgPort + "/wappush");
    }

    /** The MT SMS fakesmsc has received so far, in order. */
    List<Sms> received() {
        List<Sms> out = new ArrayList<>();
        for (String line : lines("fakesmsc.out")) {
            Matcher m = MT.matcher(line);
            if (m.find()) {
                out.add(new Sms(m.group(2), m.group(3), formDecode(m.group(4)), formDecode(m.group(5))));
            }
        }
        return out;
    }

    /** Waits until fakesmsc has received more than {@code already} messages; returns the new ones. */
    List<Sms> awaitMessages(int already, int count) {
        await(count + " new SMS at fakesmsc", () -> received().size() >= already + count);
        List<Sms> all = received();
        return all.subList(already, all.size());
    }

    /** The log files, for a failure message. */
    String logs() {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("bearerbox.out", "wapbox.out", "fakesmsc.out")) {
            List<String> l = lines(f);
            sb.append("---- ").append(f).append(" (last 15 lines)\n");
            l.subList(Math.max(0, l.size() - 15), l.size())
                    .forEach(x -> sb.append(x).append('\n'));
        }
        return sb.toString();
    }

    /**
     * Stops wapbox first (if bearerbox went first, wapbox would fork a new process to reconnect), then bearerbox, then
     * fakesmsc: each by PID, SIGTERM then SIGKILL after a grace period, children included.
     */
    @Override
    public void close() {
        stop(wapbox, Duration.ofSeconds(2));
        stop(bearerbox, Duration.ofSeconds(5));
        stop(fakesmsc, Duration.ofSeconds(2));
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    boolean allStopped() {
        return processes.stream().noneMatch(Process::isAlive);
    }

    // ---- internals

    private static String configuration(int admin, int smsbox, int wapbox, int smsc, int ppg) {
        return """
                group = core
                admin-port = %d
                admin-password = it-admin
                status-password = it-status
                admin-allow-ip = "127.0.0.1"
                smsbox-port = %d
                wapbox-port = %d
                box-allow-ip = "127.0.0.1"
                wdp-interface-name = "*"
                log-file = "bearerbox.log"
                log-level = 1

                group = smsc
                smsc = fake
                smsc-id = FAKE
                host = 127.0.0.1
                port = %d
                connect-allow-ip = "127.0.0.1"

                group = wapbox
                bearerbox-host = 127.0.0.1
                log-file = "wapbox.log"
                log-level = 1

                group = ppg
                ppg-url = /wappush
                ppg-port = %d
                concurrent-pushes = 10
                trusted-pi = true
                users = 10
                ppg-allow-ip = "127.0.0.1"

                # bearerbox refuses an smsc group without an smsbox group; smsbox itself is not started
                group = smsbox
                bearerbox-host = 127.0.0.1
                log-file = "smsbox.log"
                """.formatted(admin, smsbox, wapbox, smsc, ppg);
    }

    private Process spawn(String name, String... command) throws IOException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectErrorStream(true)
                .start();
        processes.add(p);
        return p;
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    fail("Kannel process " + p.info().command().orElse("?") + " exited with " + p.exitValue()
                            + " while waiting for " + what + "\n" + logs());
                }
            }
            if (System.nanoTime() > deadline) {
                fail("Kannel: no " + what + " within " + START_TIMEOUT + "\n" + logs());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private boolean smscOnline() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + adminPort + "/status.txt?password=it-status"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.body().contains("FAKE") && r.body().contains("(online");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void stop(Process p, Duration grace) {
        if (p == null) {
            return;
        }
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle c : children) {
            if (c.isAlive()) {
                c.destroyForcibly();
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private static Path find(PeerTools.Tool tool) {
        Path p = PeerTools.onPath(tool.command());
        if (p != null) {
            return p;
        }
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin")) {
            Path c = Path.of(dir, tool.command());
            if (Files.isExecutable(c)) {
                return c;
            }
        }
        return null;
    }

    /** fakesmsc is not on PATH: it is a test tool inside kannel-extras (peers.md §2: {@code dpkg -L kannel-extras}). */
    private static Path findFakesmsc() {
        Path usual = Path.of("/usr/lib/kannel/test/fakesmsc");
        if (Files.isExecutable(usual)) {
            return usual;
        }
        if (PeerTools.onPath("dpkg") == null) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("dpkg", "-L", "kannel-extras")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return Stream.of(out.split("\n"))
                    .filter(l -> l.endsWith("/fakesmsc"))
                    .map(Path::of)
                    .filter(Files::isExecutable)
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private List<String> lines(String file) {
        Path f = dir.resolve(file);
        try {
            return Files.exists(f) ? Files.readAllLines(f, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** fakesmsc writes each octet form-URL-encoded ('+' is a space). */
    private static byte[] formDecode(String s) {
        return URLDecoder.decode(s, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
    }
}
