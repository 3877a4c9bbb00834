package io.trustdm.cli;

import io.trustdm.cli.fleet.DeviceCsv;
import io.trustdm.cli.fleet.DeviceRegistrar;
import io.trustdm.cli.fleet.FleetArguments;
import io.trustdm.cli.fleet.FleetDevice;
import io.trustdm.cli.fleet.FleetInputException;
import io.trustdm.cli.fleet.FleetReport;
import io.trustdm.cli.fleet.FleetSettings;
import io.trustdm.cli.fleet.FleetSimulator;
import io.trustdm.cli.fleet.ProgressLine;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.PemFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trustdm fleet}: many simulated Devices, registered on the server through its REST API (or listed in a
 * bulk-import CSV file), run Management Sessions at a bounded concurrency for a while; prints progress and a summary
 * (sessions/s, latency percentiles, errors by kind) and optionally writes it as JSON. The engine is
 * {@link FleetSimulator}.
 */
@Command(
        name = "fleet",
        mixinStandardHelpOptions = true,
        description = "Simulate many devices running management sessions against a DM server (load and scale test).")
final class FleetCommand implements Callable<Integer> {
    @Option(names = "--server", required = true, paramLabel = "URL", description = "DM server URL (https://.../dm)")
    String server;

    @Option(names = "--devices", paramLabel = "N", description = "simulated devices to create (not with --import)")
    Integer devices;

    @Option(
            names = "--concurrency",
            paramLabel = "C",
            description = "sessions in flight at once (default ${DEFAULT-VALUE})")
    int concurrency = 10;

    @Option(
            names = "--duration",
            paramLabel = "D",
            description = "how long to start sessions: 30s, 5m, 1h, 250ms or ISO-8601")
    String duration;

    @Option(names = "--sessions", paramLabel = "K", description = "stop each device after K sessions")
    int sessions;

    @Option(names = "--auth", paramLabel = "SCHEME", description = "md5, hmac or cert (default ${DEFAULT-VALUE})")
    String auth = "md5";

    @Option(names = "--wbxml", description = "encode messages as WBXML (default XML)")
    boolean wbxml;

    @Option(names = "--report", paramLabel = "FILE", description = "also write the summary as JSON to FILE")
    Path report;

    @Option(names = "--trust", paramLabel = "CA.pem", description = "CA the server chains to (default DATA/pki/ca.pem)")
    Path trust;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "the server's data directory: API token, CA certificate, CA key (needed for --auth cert)")
    Path data;

    @Option(names = "--token", paramLabel = "T", description = "REST API bearer token (default DATA/api-token)")
    String token;

    @Option(
            names = "--import",
            paramLabel = "FILE",
            description = "devices from a bulk-import CSV (devId,auth,username,password[,serverPassword])")
    Path importFile;

    @Option(names = "--server-id", paramLabel = "S", description = "the server's ServerID (default ${DEFAULT-VALUE})")
    String serverId = "trustdm";

    @Option(
            names = "--api",
            paramLabel = "URL",
            description = "REST API base when it is not next to --server (default https://HOST:PORT/api/v1)")
    URI api;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (FleetInputException e) {
            throw new DeviceCommand.UsageProblem(e.getMessage());
        }
    }

    private int run() throws Exception {
        URI url = serverUrl();
        FleetArguments.Auth a = FleetArguments.auth(auth);
        Duration d = duration == null ? null : FleetArguments.duration(duration, "--duration");
        FleetArguments.count(concurrency, 1, 10_000, "--concurrency");
        if (sessions < 0) {
            throw new FleetInputException("--sessions cannot be negative");
        }
        if (d == null && sessions == 0) {
            throw new FleetInputException("give --duration D or --sessions K (or both)");
        }
        if ((devices == null) == (importFile == null)) {
            throw new FleetInputException("give either --devices N or --import FILE");
        }
        if (a.certificate() && data == null) {
            throw new FleetInputException(
                    "--auth cert issues device certificates from the server's CA: give --data SERVER_DATA_DIR");
        }
        String apiToken = apiToken();
        if (apiToken == null && importFile == null) {
            throw new FleetInputException("new devices must be registered: give --data SERVER_DATA_DIR or --token T");
        }
        List<X509Certificate> anchors = PemFiles.readCertificates(trustFile());
        Function<String, IssuedCertificate> certs = a.certificate() ? certificateIssuer() : null;
        List<FleetDevice> fleet;
        if (importFile != null) {
            fleet = DeviceCsv.read(importFile, a.certificate());
        } else {
            FleetArguments.count(devices, 1, 9_999_999, "--devices");
            SecureRandom random = new SecureRandom();
            int run = random.nextInt(1_000_000);
            fleet = new ArrayList<>(devices);
            for (int i = 0; i < devices; i++) {
                fleet.add(FleetDevice.generate(run, i, a.scheme(), a.certificate(), random));
            }
        }
        boolean terminal = System.console() != null;
        if (apiToken != null) {
            register(url, apiToken, anchors, fleet, terminal);
        } else {
            out.println("devices from " + importFile + " are taken as already registered (no --data or --token)");
        }
        FleetSettings settings = new FleetSettings(
                url,
                serverId,
                anchors,
                wbxml ? Encoding.WBXML : Encoding.XML,
                concurrency,
                d,
                sessions,
                certs,
                Duration.ofSeconds(1));
        FleetSimulator sim = new FleetSimulator(settings, fleet, line -> System.err.println("trustdm fleet: " + line));
        ProgressLine progress = new ProgressLine(out, terminal);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trustdm-fleet-progress");
            t.setDaemon(true);
            return t;
        });
        AtomicLong started = new AtomicLong();
        long target = sessions > 0 ? (long) sessions * fleet.size() : -1;
        FleetReport r;
        try {
            r = sim.run(start -> {
                started.set(start);
                long period = terminal ? 250 : 5000;
                ticker.scheduleAtFixedRate(
                        () -> {
                            FleetSimulator.Progress p = sim.progress(start);
                            double f = target > 0
                                    ? (p.completed() + p.failed()) / (double) target
                                    : p.targetMillis() > 0 ? p.elapsedMillis() / (double) p.targetMillis() : -1;
                            if (target > 0 && p.targetMillis() > 0) {
                                f = Math.max(f, p.elapsedMillis() / (double) p.targetMillis());
                            }
                            progress.show(
                                    f,
                                    String.format(
                                            Locale.ROOT,
                                            "%.0f s: %d sessions, %d failed, %d overloaded",
                                            p.elapsedMillis() / 1000.0,
                                            p.completed(),
                                            p.failed(),
                                            p.overloaded()));
                        },
                        period,
                        period,
                        TimeUnit.MILLISECONDS);
            });
        } finally {
            ticker.shutdownNow();
            progress.finish();
        }
        out.print(r.summary());
        if (report != null) {
            Files.writeString(report, r.toJson() + System.lineSeparator(), StandardCharsets.UTF_8);
            out.println("report written to " + report);
        }
        return r.sessionsFailed() == 0 && r.sessionsCompleted() > 0 ? 0 : 1;
    }

    private void register(URI url, String apiToken, List<X509Certificate> anchors, List<FleetDevice> fleet, boolean tty)
            throws IOException, InterruptedException {
        DeviceRegistrar registrar =
                new DeviceRegistrar(api != null ? api : DeviceRegistrar.apiBase(url), apiToken, serverId, anchors);
        ProgressLine p = new ProgressLine(out, tty);
        int every = Math.max(1, fleet.size() / 10);
        DeviceRegistrar.Outcome o;
        try {
            o = registrar.register(fleet, Math.min(concurrency, 16), n -> {
                if (tty || n % every == 0 || n == fleet.size()) {
                    p.show(n / (double) fleet.size(), "registered " + n + " of " + fleet.size() + " devices");
                }
            });
        } finally {
            p.finish();
        }
        out.println("registered " + o.created() + " devices"
                + (o.alreadyKnown() == 0 ? "" : ", " + o.alreadyKnown() + " were already known")
                + "; running sessions");
    }

    private URI serverUrl() {
        URI u;
        try {
            u = URI.create(server);
        } catch (IllegalArgumentException e) {
            throw new FleetInputException("--server is not a URL: " + server);
        }
        if (u.getScheme() == null || !u.getScheme().equalsIgnoreCase("https") || u.getHost() == null) {
            throw new FleetInputException("--server must be an https:// URL, e.g. https://localhost:8443/dm");
        }
        return u;
    }

    private Path trustFile() {
        if (trust != null) {
            return trust;
        }
        if (data != null) {
            return data.resolve("pki/ca.pem");
        }
        throw new FleetInputException("HTTPS needs --trust CA.pem or --data SERVER_DATA_DIR (for DATA/pki/ca.pem)");
    }

    private String apiToken() throws IOException {
        if (token != null) {
            return token.strip();
        }
        if (data == null) {
            return null;
        }
        Path f = data.resolve("api-token");
        if (!Files.isReadable(f)) {
            throw new FleetInputException("no readable API token at " + f + ": give --token T");
        }
        return Files.readString(f, StandardCharsets.US_ASCII).strip();
    }

    /** Device certificates for mutual TLS come from the server's development CA, whose key only the data dir holds. */
    private Function<String, IssuedCertificate> certificateIssuer() throws IOException {
        if (data == null) {
            throw new FleetInputException(
                    "--auth cert issues device certificates from the server's CA: give --data SERVER_DATA_DIR");
        }
        Path cert = data.resolve("pki/ca.pem");
        Path key = data.resolve("pki/ca-key.pem");
        if (!Files.isReadable(cert) || !Files.isReadable(key)) {
            throw new FleetInputException("--auth cert needs the CA files " + cert + " and " + key);
        }
        CertificateAuthority ca = new CertificateAuthority(PemFiles.read(cert, key));
        return devId -> ca.issueDevice(devId, Duration.ofDays(1));
    }
}
