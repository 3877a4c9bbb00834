package io.trustdm.it.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.trustdm.client.transport.DmExchange;
import io.trustdm.client.transport.DmReply;
import io.trustdm.client.transport.ObexDmTransport;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.security.transport.ChannelKind;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.auth.PolicyAuthenticator;
import io.trustdm.server.http.DmHttpRequest;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.obex.ObexDmServer;
import io.trustdm.server.session.ServerSessionEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DM OBEX binding against OpenOBEX (peers.md §3): {@code obex_test -i} as server (our client transport
 * CONNECTs, PUTs a DM message in several packets, GETs it back, DISCONNECTs) and as client (against our server), and
 * {@code obexftp -n}, a client that sends a Target header. {@code obex_test} only uses TCP port 650, so these tests
 * need root; they poll {@code /proc/net} for the listener rather than probing it (a probe connection would end
 * {@code obex_test}'s server mode) and stop every process they start.
 */
class OpenObexInteropIT {
    static final PeerTools.Tool OBEX_TEST = new PeerTools.Tool("obex_test", "openobex-apps");
    static final PeerTools.Tool OBEXFTP = new PeerTools.Tool("obexftp", "obexftp");
    private static final int OBEX_PORT = 650;
    private static final String DEV = "IMEI:490154203237599";

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final List<AutoCloseable> servers = new ArrayList<>();
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final List<DmHttpRequest> seen = new CopyOnWriteArrayList<>();
    private final SyncMlCodec codec = SyncMlCodec.defaults();

    @BeforeEach
    void peers() {
        PeerTools.require(OBEX_TEST, OBEXFTP);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    /** A DM package 1 with one large item, so that it needs several packets of OpenOBEX's 1024-byte maximum. */
    private byte[] package1(Encoding enc) {
        SyncHdr hdr = SyncHdr.builder()
                .sessionId("3A")
                .msgId("1")
                .target(Target.of("obex://127.0.0.1"))
                .source(Source.of(DEV))
                .build();
        List<Command> cmds = List.of(
                Alert.of("1", 1201),
                new Replace(
                        "2",
                        false,
                        null,
                        null,
                        List.of(
                                Item.sourceWithData("./DevInfo/DevId", null, DEV),
                                Item.sourceWithData("./DevInfo/Ext/Log", null, "obex-interop ".repeat(250)))));
        return codec.encode(new SyncMl(hdr, new SyncBody(cmds, true)), enc);
    }

    // ---- obex_test as the OBEX server ----------------------------------------------------------------------------

    @Test
    void our_client_connects_puts_gets_and_disconnects_with_the_openobex_server() throws Exception {
        Process server = start(dir, OBEX_TEST.command(), "-i");
        awaitListener(OBEX_PORT, server);

        byte[] message = package1(Encoding.WBXML);
        DmReply reply;
        try (ObexDmTransport t = ObexDmTransport.builder()
                .allowPlainTcp()
                .objectName("dm-message.wbxml") // obex_test stores and serves objects by Name
                .maxPacketLength(1024)
                .build()) {
            reply = t.exchange(new DmExchange(
                    URI.create("obex://127.0.0.1:" + OBEX_PORT),
                    message,
                    Encoding.WBXML,
                    "algorithm=MD5, username=\"dev\", mac=AAAAAAAAAAAAAAAAAAAAAA=="));
            assertThat(t.isConnected()).isTrue();
        }
        assertThat(message.length).as("more than one 1024-byte packet each way").isGreaterThan(2048);
        Path stored = dir.resolve("dm-message.wbxml");
        assertThat(stored).as("obex_test wrote the PUT object").exists();
        assertThat(Files.readAllBytes(stored)).isEqualTo(message);
        assertThat(reply.body()).as("GET returned the stored object").isEqualTo(message);
        assertThat(reply.channel()).isEqualTo(ChannelKind.OBEX_TCP);
        assertThat(reply.encoding())
                .as("no Type on the GET response: the sent encoding")
                .isEqualTo(Encoding.WBXML);
        assertThat(codec.decode(reply.body(), reply.encoding())
                        .header()
                        .source()
                        .locUri())
                .isEqualTo(DEV);
        assertThat(awaitOutput(server, "Disconnect done!"))
                .contains("Wrote dm-message.wbxml (" + message.length + " bytes)")
                .contains("Got a request for dm-message.wbxml");
    }

    // ---- obex_test as the OBEX client ------------------------------------------------------------------------------

    private ObexDmServer ourServerOn650(boolean untargetedAllowed) throws IOException {
        Nonce cn = Nonce.random();
        registry.register(
                new DeviceAccount(
                        DEV,
                        AccountSecurity.of(DEV, AuthScheme.HMAC, false),
                        false,
                        "device-obex",
                        Credentials.of("device-obex", "device-secret-0123456789".toCharArray())
                                .digestKey(),
                        "dm.obex.test",
                        Credentials.of("dm.obex.test", "server-secret-0123456789".toCharArray())
                                .digestKey()),
                cn,
                Nonce.random());
        ServerSessionEngine engine = new ServerSessionEngine(
                codec,
                "obex://127.0.0.1",
                registry,
                registry,
                (d, s, first) -> new PolicyAuthenticator(
                        registry.account(d).orElseThrow(), registry, new MessageSecurityPolicy(registry)),
                Duration.ofMinutes(5));
        // obex_test connects to localhost:650 over IPv6
        ObexDmServer.Builder b = ObexDmServer.builder()
                .host("::1")
                .port(OBEX_PORT)
                .plainTcp()
                .handler(req -> {
                    seen.add(req);
                    return engine.handle(req);
                });
        if (untargetedAllowed) {
            b.allowUntargetedConnect();
        }
        ObexDmServer s = b.build().start();
        servers.add(s);
        return s;
    }

    @Test
    void openobex_client_without_target_is_refused_by_our_strict_server() throws Exception {
        ObexDmServer server = ourServerOn650(false);
        String out = runWithInput(dir, "c\nq\n", OBEX_TEST.command(), "-i");
        assertThat(server.refusedConnects()).isEqualTo(1);
        assertThat(out).doesNotContain("Connect OK");
        assertThat(seen).isEmpty();
    }

    @Test
    void openobex_client_puts_a_dm_message_and_gets_our_servers_answer_demanding_hmac_over_obex_tcp() throws Exception {
        ObexDmServer server = ourServerOn650(true);
        Files.write(dir.resolve("package1.wbxml"), package1(Encoding.WBXML));
        String job = registry.enqueue(
                DEV,
                List.of(new io.trustdm.protocol.message.Get(
                        "0", false, null, null, List.of(Item.target("./DevInfo/Man")))));

        String out = runWithInput(
                dir, "c\np\npackage1.wbxml\nreply.wbxml\ng\nreply.wbxml\nd\nq\n", OBEX_TEST.command(), "-i");

        assertThat(out).contains("Connect OK").contains("PUT successful").contains("GET successful");
        assertThat(server.exchanges()).isEqualTo(1);
        assertThat(seen).singleElement().satisfies(r -> {
            assertThat(r.channel()).isEqualTo(ChannelKind.OBEX_TCP);
            assertThat(r.hmacHeader()).isNull();
            assertThat(r.encoding()).isEqualTo(Encoding.WBXML);
        });
        SyncMl answer = codec.decode(Files.readAllBytes(dir.resolve("reply.wbxml")), Encoding.WBXML);
        Status hdrStatus = answer.body().commands().stream()
                .filter(c -> c instanceof Status s && s.cmdRef().equals("0"))
                .map(Status.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(hdrStatus.data())
                .as("no x-syncml-hmac over OBEX/TCP: not authenticated")
                .isIn("401", "407");
        assertThat(hdrStatus.chal()).isNotNull();
        assertThat(hdrStatus.chal().meta().type()).isEqualTo("syncml:auth-MAC");
        assertThat(registry.completed(job)).as("nothing executed").isEmpty();
    }

    // ---- obexftp: a client that sends a Target ---------------------------------------------------------------------

    @Test
    void obexftp_asking_for_folder_browsing_is_refused_because_only_syncml_dm_is_served() throws Exception {
        ObexDmServer server = plainServer(false);
        Files.write(dir.resolve("package1.wbxml"), package1(Encoding.WBXML));
        PeerTools.Run r = PeerTools.run(
                dir, OBEXFTP.command(), "-n", "127.0.0.1:" + server.port(), "-U", "FBS", "-p", "package1.wbxml");
        assertThat(server.refusedConnects()).as(r.describe()).isEqualTo(1);
        assertThat(server.exchanges()).isZero();
        assertThat((r.stdout() + r.stderr()).toLowerCase(Locale.ROOT))
                .doesNotContain("sending \"package1.wbxml\"... done");
    }

    @Test
    void obexftp_without_target_puts_a_dm_message_into_our_server_when_legacy_clients_are_allowed() throws Exception {
        ObexDmServer server = plainServer(true);
        byte[] msg = package1(Encoding.XML);
        Files.write(dir.resolve("package1.xml"), msg);
        PeerTools.Run r = PeerTools.run(
                dir, OBEXFTP.command(), "-n", "127.0.0.1:" + server.port(), "-U", "none", "-p", "package1.xml");
        assertThat(server.exchanges()).as(r.describe()).isEqualTo(1);
        assertThat(seen).singleElement().satisfies(req -> {
            assertThat(req.body()).isEqualTo(msg);
            assertThat(req.encoding()).as("no Type: sniffed from the bytes").isEqualTo(Encoding.XML);
            assertThat(req.channel()).isEqualTo(ChannelKind.OBEX_TCP);
        });
    }

    private ObexDmServer plainServer(boolean untargetedAllowed) throws IOException {
        ObexDmServer.Builder b = ObexDmServer.builder().plainTcp().handler(req -> {
            seen.add(req);
            return new io.trustdm.server.http.DmHttpResponse(req.body(), null);
        });
        if (untargetedAllowed) {
            b.allowUntargetedConnect();
        }
        ObexDmServer s = b.build().start();
        servers.add(s);
        return s;
    }

    // ---- process helpers
    // ---------------------------------------------------------------------------------------------

    private Process start(Path workDir, String... command) throws IOException {
        Process p = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("peer.out").toFile())
                .start();
        started.add(p);
        return p;
    }

    private String runWithInput(Path workDir, String input, String... command) throws Exception {
        Path in = workDir.resolve("peer.in");
        Files.writeString(in, input);
        Process p = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(in.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("peer.out").toFile())
                .start();
        started.add(p);
        if (!p.waitFor(PeerTools.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            fail(String.join(" ", command) + " did not finish within " + PeerTools.TIMEOUT + ":\n"
                    + Files.readString(workDir.resolve("peer.out")));
        }
        return Files.readString(workDir.resolve("peer.out"));
    }

    /** Waits until the peer's output contains {@code marker}; returns the output. */
    private String awaitOutput(Process p, String marker) throws Exception {
        Path out = dir.resolve("peer.out");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.readString(out);
            if (text.contains(marker)) {
                return text;
            }
            Thread.sleep(20);
        }
        return fail("'" + marker + "' not seen from the peer within 10 s:\n" + text);
    }

    /**
     * Puts {@code obex_test} into server mode and polls {@code /proc/net/tcp6} and {@code /proc/net/tcp} until a socket
     * listens on {@code port}. obex_test binds without SO_REUSEADDR, so for about 60 s after an earlier run port 650
     * may still be held by a TIME_WAIT connection ("Server register error"); it is then asked again, every 500 ms.
     * stdin stays open: obex_test leaves server mode at the end of its input.
     */
    private void awaitListener(int port, Process p) throws Exception {
        OutputStream stdin = p.getOutputStream();
        String hexPort = String.format(":%04X", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int registerErrors = 0;
        stdin.write("s\n".getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
        while (System.nanoTime() < deadline) {
            for (String table : List.of("/proc/net/tcp6", "/proc/net/tcp")) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                        return;
                    }
                }
            }
            if (!p.isAlive()) {
                fail("obex_test exited before listening: " + Files.readString(dir.resolve("peer.out")));
            }
            String out = Files.readString(dir.resolve("peer.out"));
            int errors = out.split("Server register error", -1).length - 1;
            if (errors > registerErrors) {
                registerErrors = errors;
                Thread.sleep(500);
                stdin.write("s\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
            }
            Thread.sleep(25);
        }
        fail("nothing listens on port " + port + " (obex_test needs root; port 650 must be free):\n"
                + Files.readString(dir.resolve("peer.out")));
    }
}
