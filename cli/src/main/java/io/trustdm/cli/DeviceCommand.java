package io.trustdm.cli;

import io.trustdm.client.DeviceAgent;
import io.trustdm.client.bootstrap.BootstrapRefusedException;
import io.trustdm.client.bootstrap.BootstrapSource;
import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.bootstrap.FactoryFileSource;
import io.trustdm.client.bootstrap.HttpsBootstrapSource;
import io.trustdm.client.bootstrap.InstalledAccounts;
import io.trustdm.client.bootstrap.ObexBootstrapSource;
import io.trustdm.client.bootstrap.SmartcardAccounts;
import io.trustdm.client.bootstrap.SmartcardBootstrapSource;
import io.trustdm.client.session.SessionException;
import io.trustdm.client.transport.DmTransportException;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemCommand;
import io.trustdm.protocol.message.Status;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.bootstrap.BootstrapKey;
import io.trustdm.security.bootstrap.SecurityMethod;
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
import java.util.Optional;
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
    @Option(
            names = "--server",
            paramLabel = "URL",
            description = "DM server URL (https://...); optional with --bootstrap-from, whose account names it")
    String server;

    @Option(
            names = "--bootstrap-from",
            paramLabel = "SOURCE",
            description = "fetch and apply the bootstrap before the first session: https://... (mutual TLS, needs"
                    + " --cert and --trust), obexs://host:port, smartcard[:READER] (read at every start) or"
                    + " file:PATH (factory file). Insecure sources (http://, obex://, WAP Push) are refused.")
    String bootstrapFrom;

    @Option(
            names = "--bootstrap-type",
            paramLabel = "TYPE",
            description = "Content-Type of a file: bootstrap (default ${DEFAULT-VALUE})")
    String bootstrapType = "application/vnd.syncml.dm+wbxml";

    @Option(
            names = "--bootstrap-pin",
            paramLabel = "PIN",
            description = "the user PIN for a bootstrap protected with SEC=USERPIN or USERPINMAC")
    String bootstrapPin;

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

    /** Where the bootstrap comes from: a one-off source, or the smartcard read at every start. */
    private record BootstrapPlan(String label, BootstrapSource once, BootstrapSource everyStart) {}

    @Override
    public Integer call() throws Exception {
        BootstrapPlan plan = bootstrapFrom == null ? null : bootstrapPlan();
        if (plan == null && server == null) {
            throw new UsageProblem("give --server URL (factory account) or --bootstrap-from SOURCE");
        }
        URI url = server == null ? null : serverUrl();
        AuthScheme scheme = scheme();
        if (url != null) {
            checkTransportPolicy(url, scheme);
        }
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
        if (plan != null && plan.everyStart() != null) {
            b.smartcard(plan.everyStart(), this::bootstrapKey);
        }
        try (DeviceAgent agent = b.build()) {
            if (plan != null) {
                bootstrap(agent, plan);
                if (url == null) {
                    BootstrappedAccount a = agent.account()
                            .orElseThrow(() -> new UsageProblem(
                                    plan.label() + " gave this device no DM account; nothing to connect to"));
                    url = a.serverAddress();
                    if (url.getScheme().equalsIgnoreCase("https") && trust == null) {
                        throw new UsageProblem("the bootstrap's server " + url + " is HTTPS: give --trust CA.pem");
                    }
                    checkTransportPolicy(url, a.clientScheme());
                }
            }
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

    /**
     * Parses {@code --bootstrap-from}. Only Secure Transports are accepted (CR-1, DM Security §5.11.2.1 as changed):
     * anything else is refused here with one line naming the rule, before any byte is fetched.
     */
    private BootstrapPlan bootstrapPlan() throws IOException {
        String src = bootstrapFrom.strip();
        String lower = src.toLowerCase(Locale.ROOT);
        if (lower.equals("smartcard") || lower.startsWith("smartcard:")) {
            String reader = lower.equals("smartcard") ? null : src.substring("smartcard:".length());
            BootstrapSource card =
                    () -> SmartcardBootstrapSource.onPcscReader(reader).fetch();
            return new BootstrapPlan("the smartcard", null, card);
        }
        if (lower.startsWith("file:")) {
            Path file = Path.of(src.substring("file:".length()));
            if (!Files.isRegularFile(file)) {
                throw new UsageProblem("--bootstrap-from " + src + ": no such file");
            }
            return new BootstrapPlan(file.toString(), new FactoryFileSource(file, bootstrapType), null);
        }
        URI u;
        try {
            u = URI.create(src);
        } catch (IllegalArgumentException e) {
            throw new UsageProblem("--bootstrap-from is not a URL, smartcard[:READER] or file:PATH: " + src);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https") || scheme.equals("obexs")) {
            if (cert == null || trust == null) {
                throw new UsageProblem("--bootstrap-from " + scheme + "://... needs --cert (the device's certificate,"
                        + " for mutual TLS) and --trust (the server's CA)");
            }
            IssuedCertificate c = readP12(cert, certPassword.toCharArray());
            List<X509Certificate> anchors = PemFiles.readCertificates(trust);
            BootstrapSource s = scheme.equals("https")
                    ? new HttpsBootstrapSource(u, c, anchors)
                    : new ObexBootstrapSource(u, c, anchors);
            return new BootstrapPlan(u.toString(), s, null);
        }
        if (scheme.equals("http") || scheme.equals("obex") || INSECURE_PUSH.contains(scheme)) {
            throw new UsageProblem(insecureBootstrapSource(src));
        }
        throw new UsageProblem(
                "--bootstrap-from must be https://, obexs://, smartcard[:READER] or file:PATH, not " + src);
    }

    private static final Set<String> INSECURE_PUSH = Set.of("wap", "wappush", "sms", "wdp", "udp");

    /** The one line for an insecure bootstrap source. */
    static String insecureBootstrapSource(String src) {
        return "refusing --bootstrap-from " + src + ": CR-1, a bootstrap MUST be sent via a secure transport"
                + " (authentication, integrity and encryption; a SEC/MAC does not replace it);"
                + " use https:// with mutual TLS, obexs://, smartcard[:READER] or file:PATH";
    }

    private void bootstrap(DeviceAgent agent, BootstrapPlan plan) throws IOException {
        if (plan.everyStart() != null) {
            SmartcardAccounts.Report r = agent.smartcardReport().orElseThrow();
            out.println("smartcard: " + r.card().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (r.installed().isEmpty() ? "" : ", installed " + r.installed())
                    + (r.unchanged().isEmpty() ? "" : ", unchanged " + r.unchanged())
                    + (r.replaced().isEmpty() ? "" : ", replaced " + r.replaced())
                    + (r.removed().isEmpty() ? "" : ", removed " + r.removed())
                    + (r.conflicts().isEmpty() ? "" : ", not applied (account from another source) " + r.conflicts())
                    + (r.detail().isEmpty() ? "" : " (" + r.detail() + ")"));
            return;
        }
        if (agent.account().isPresent()) {
            out.println("bootstrap: " + data + " already holds an account; " + plan.label() + " not fetched again");
            return;
        }
        try {
            BootstrappedAccount a = agent.bootstrap(plan.once(), this::bootstrapKey);
            out.println("bootstrap from " + plan.label() + ": account " + a.serverId() + " at " + a.serverAddress());
        } catch (BootstrapRefusedException e) {
            throw new UsageProblem("bootstrap from " + plan.label() + " refused: " + e.getMessage());
        }
    }

    private Optional<BootstrapKey> bootstrapKey(SecurityMethod m) {
        if (bootstrapPin == null) {
            return Optional.empty();
        }
        return switch (m) {
            case USERPIN -> Optional.of(BootstrapKey.userpin(Secret.ofUtf8(bootstrapPin)));
            case USERPINMAC -> Optional.of(BootstrapKey.userpinmac(Secret.ofUtf8(bootstrapPin)));
            default -> Optional.empty();
        };
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
