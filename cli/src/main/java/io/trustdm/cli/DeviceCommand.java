package io.trustdm.cli;

import io.trustdm.client.DeviceAgent;
import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.bootstrap.InstalledAccounts;
import io.trustdm.client.session.SessionException;
import io.trustdm.client.transport.DmTransportException;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemCommand;
import io.trustdm.protocol.message.Status;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.PemFiles;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.security.policy.Obligation;
import io.trustdm.security.policy.OutboundMessage;
import io.trustdm.security.policy.SecurityDecision;
import io.trustdm.security.transport.Party;
import io.trustdm.security.transport.TransportSecurity;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trustdm device}: one simulated Device whose management tree lives in a data directory (crash-safe, secrets
 * sealed under the device key there). Runs one client-initiated Management Session, or sessions on a schedule, and
 * prints one line per server command and a summary per session.
 */
@Command(
        name = "device",
        mixinStandardHelpOptions = true,
        description = "Run a simulated device with a persistent tree: one management session, or --loop.")
final class DeviceCommand implements Callable<Integer> {
    @Option(names = "--server", required = true, paramLabel = "URL", description = "DM server URL (https://...)")
    String server;

    @Option(names = "--dev-id", required = true, paramLabel = "ID", description = "DevId, e.g. IMEI:356938035643809")
    String devId;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description = "where the tree and the device key live (created if missing)")
    Path data;

    @Option(names = "--username", paramLabel = "U", description = "the device's AAuthName (CLCRED)")
    String username;

    @Option(
            names = "--password",
            paramLabel = "P",
            description = "the device's AAuthSecret (CLCRED)",
            interactive = false)
    String password;

    @Option(names = "--auth", paramLabel = "SCHEME", description = "basic, md5 or hmac (default ${DEFAULT-VALUE})")
    String auth = "md5";

    @Option(names = "--server-id", paramLabel = "S", description = "ServerID (default ${DEFAULT-VALUE})")
    String serverId = "trustdm";

    @Option(
            names = "--server-password",
            paramLabel = "SP",
            description = "the server's AAuthSecret toward this device (SRVCRED, name = ServerID)")
    String serverPassword;

    @Option(names = "--trust", paramLabel = "CA.pem", description = "CA certificates the server chains to (PEM)")
    Path trust;

    @Option(names = "--cert", paramLabel = "device.p12", description = "device certificate and key for mutual TLS")
    Path cert;

    @Option(names = "--cert-password", paramLabel = "PW", description = "password of the --cert file (default: empty)")
    String certPassword = "";

    @Option(names = "--wbxml", description = "encode messages as WBXML (default XML)")
    boolean wbxml;

    @Option(names = "--loop", description = "run sessions on a schedule until Ctrl-C")
    boolean loop;

    @Option(
            names = "--interval",
            paramLabel = "D",
            description =
                    "time between sessions with --loop: 30s, 5m, 1h, 250ms or ISO-8601 (default ${DEFAULT-VALUE})")
    String interval = "60s";

    @Option(names = "--count", paramLabel = "N", description = "with --loop: stop after N sessions")
    int count;

    @Option(
            names = "--allow-insecure-http",
            description = "accept a plain http:// URL; every message then carries x-syncml-hmac (--auth hmac)")
    boolean allowInsecureHttp;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    private final PrintStream out = System.out;

    /** Something the user must change: one line, exit code 2. */
    static final class UsageProblem extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageProblem(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws Exception {
        URI url = serverUrl();
        AuthScheme scheme = scheme();
        checkTransportPolicy(url, scheme);
        Duration pause = loop ? duration(interval) : Duration.ZERO;
        AtomicInteger commands = new AtomicInteger();
        DeviceAgent.Builder b = DeviceAgent.builder(devId)
                .dataDirectory(data)
                .encoding(wbxml ? Encoding.WBXML : Encoding.XML)
                .trustAnchors(trust == null ? List.of() : PemFiles.readCertificates(trust))
                .commandObserver((c, responses) -> {
                    commands.incrementAndGet();
                    out.println("  " + describe(c, responses));
                });
        if (cert != null) {
            b.certificate(readP12(cert, certPassword.toCharArray()));
        }
        try (DeviceAgent agent = b.build()) {
            BootstrappedAccount account = account(agent, url, scheme);
            out.println("device " + devId + " (" + agent.tree().nodeCount() + " nodes in " + data + ") -> "
                    + account.serverId() + " at " + account.serverAddress() + ", "
                    + account.clientScheme().aauthType()
                    + (wbxml ? ", WBXML" : ", XML"));
            int failures = 0;
            for (int n = 1; ; n++) {
                commands.set(0);
                long t0 = System.nanoTime();
                try {
                    DeviceAgent.SessionReport r = agent.runSession();
                    out.printf(
                            "session %d: %d commands, %d messages sent, %d alerts delivered, %s, %d ms%n",
                            n,
                            commands.get(),
                            r.messagesSent(),
                            r.alertsDelivered(),
                            r.abortedByServer() ? "aborted by the server" : "completed",
                            (System.nanoTime() - t0) / 1_000_000);
                } catch (DmTransportException | SessionException e) {
                    if (!loop) {
                        throw e;
                    }
                    failures++;
                    System.err.println("trustdm device: session " + n + " failed: " + e.getMessage());
                }
                if (!loop || (count > 0 && n >= count)) {
                    break;
                }
                Thread.sleep(pause.toMillis());
            }
            return failures == 0 ? 0 : 1;
        }
    }

    private URI serverUrl() {
        URI u;
        try {
            u = URI.create(server);
        } catch (IllegalArgumentException e) {
            throw new UsageProblem("--server is not a URL: " + server);
        }
        String s = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!s.equals("https") && !s.equals("http")) {
            throw new UsageProblem("--server must be an https:// URL");
        }
        if (s.equals("http") && !allowInsecureHttp) {
            throw new UsageProblem("refusing plain http:// (no server authentication, integrity or confidentiality); "
                    + "use https://, or --allow-insecure-http with --auth hmac");
        }
        if (s.equals("https") && trust == null) {
            throw new UsageProblem("HTTPS needs --trust CA.pem: the CA the server's certificate chains to");
        }
        return u;
    }

    private AuthScheme scheme() {
        return switch (auth.toLowerCase(Locale.ROOT)) {
            case "basic" -> AuthScheme.BASIC;
            case "md5" -> AuthScheme.MD5;
            case "hmac" -> AuthScheme.HMAC;
            default -> throw new UsageProblem("--auth must be basic, md5 or hmac");
        };
    }

    /**
     * Asks the {@link MessageSecurityPolicy} what a message of this account needs on this transport (DM Security
     * §5.3): over plain HTTP it needs x-syncml-hmac, so only the HMAC scheme can be used there.
     */
    private void checkTransportPolicy(URI url, AuthScheme scheme) {
        boolean https = url.getScheme().equalsIgnoreCase("https");
        TransportSecurity transport = https ? TransportSecurity.https() : TransportSecurity.plainHttp();
        MessageSecurityPolicy policy = new MessageSecurityPolicy(e -> {});
        SecurityDecision d = policy.decideOutbound(
                transport,
                AccountSecurity.of(serverId, scheme, https),
                new OutboundMessage(
                        Party.CLIENT,
                        serverId,
                        scheme == AuthScheme.HMAC ? null : scheme,
                        scheme == AuthScheme.HMAC,
                        scheme == AuthScheme.HMAC,
                        Set.of()));
        if (!d.isAccepted()) {
            throw new UsageProblem("the security policy refuses " + scheme.aauthType() + " over "
                    + transport.channel() + ": " + d.reason()
                    + (https ? "" : " (plain HTTP needs --auth hmac)"));
        }
        if (d.requires(Obligation.ATTACH_HMAC) && scheme != AuthScheme.HMAC) {
            throw new UsageProblem(
                    "plain HTTP gives no transport authentication or integrity, so every message needs x-syncml-hmac:"
                            + " use --auth hmac");
        }
    }

    /** The account stored in the data directory, or a new one from the command line (factory provisioning). */
    private BootstrappedAccount account(DeviceAgent agent, URI url, AuthScheme scheme) {
        if (agent.account().isPresent()) {
            BootstrappedAccount a = agent.account().get();
            if (!a.serverAddress().equals(url)) {
                throw new UsageProblem(data + " belongs to a device of " + a.serverAddress() + ", not " + url
                        + "; use another --data directory");
            }
            return a;
        }
        if (username == null || password == null) {
            throw new UsageProblem(
                    data + " holds no DM account yet: give --username and --password (and --server-password)");
        }
        Credentials client = Credentials.of(username, password.toCharArray());
        Credentials srv = serverPassword == null ? null : Credentials.of(serverId, serverPassword.toCharArray());
        return agent.provision(InstalledAccounts.factory(serverId, serverId, url, scheme, client, srv));
    }

    static String describe(io.trustdm.protocol.message.Command c, List<io.trustdm.protocol.message.Command> responses) {
        List<String> targets = new ArrayList<>();
        if (c instanceof ItemCommand ic) {
            for (Item i : ic.items()) {
                if (i.target() != null) {
                    targets.add(i.target().locUri());
                }
            }
        }
        String status = "?";
        for (io.trustdm.protocol.message.Command r : responses) {
            if (r instanceof Status s && s.cmdRef().equals(c.cmdId())) {
                status = s.data();
                break;
            }
        }
        return c.name() + (targets.isEmpty() ? "" : " " + String.join(" ", targets)) + " -> " + status;
    }

    static Duration duration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.startsWith("p")) {
                d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                throw new UsageProblem("--interval needs a unit: 30s, 5m, 1h, 250ms");
            }
            if (d.isNegative()) {
                throw new UsageProblem("--interval cannot be negative");
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new UsageProblem("--interval is not a duration: " + text);
        }
    }

    static IssuedCertificate readP12(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try {
                ks.load(in, password);
            } catch (IOException e) {
                throw new UsageProblem(
                        file + " cannot be opened (not PKCS#12, or wrong --cert-password): " + e.getMessage());
            }
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) ks.getKey(alias, password);
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : ks.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    return new IssuedCertificate(key, chain);
                }
            }
            throw new UsageProblem(file + " holds no private key entry");
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " is not a readable PKCS#12 file: " + e.getMessage(), e);
        }
    }
}
