package io.trustdm.cli.fleet;

import io.trustdm.security.pki.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers simulated Devices on the server through its REST API ({@code POST /api/v1/devices}, docs/API.md) with
 * their credentials, so the server can authenticate their sessions. A Device the server already knows (409) counts as
 * registered: a CSV fleet may have been imported before. The bearer token is sent only to the server, never logged.
 */
public final class DeviceRegistrar {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final URI devicesUri;
    private final String token;
    private final String serverId;

    /**
     * @param apiBase the REST API's base, e.g. {@code https://localhost:8443/api/v1}
     */
    public DeviceRegistrar(URI apiBase, String token, String serverId, List<X509Certificate> trustAnchors) {
        SSLContext ctx = TlsContexts.create(null, trustAnchors);
        this.http = HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(TlsContexts.clientParameters(ctx))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.devicesUri = URI.create(apiBase.toString().replaceAll("/+$", "") + "/devices");
        this.token = token;
        this.serverId = serverId;
    }

    /** The REST API base next to a DM endpoint {@code https://host:port/...}. */
    public static URI apiBase(URI dmServer) {
        return dmServer.resolve("/api/v1");
    }

    /** What registration did: devices created, devices the server already had. */
    public record Outcome(int created, int alreadyKnown) {}

    /**
     * Registers every device, {@code parallel} requests at a time; {@code onEach} hears of each one done.
     *
     * @throws FleetInputException on the first refusal (a wrong token, an invalid device): nothing later is sent
     */
    public Outcome register(List<FleetDevice> devices, int parallel, IntConsumer onEach)
            throws IOException, InterruptedException {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger known = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel), r -> {
            Thread t = new Thread(r, "trustdm-fleet-register");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (FleetDevice d : devices) {
                futures.add(pool.submit(() -> {
                    int status = post(d);
                    if (status == 201) {
                        created.incrementAndGet();
                    } else {
                        known.incrementAndGet();
                    }
                    onEach.accept(done.incrementAndGet());
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    futures.forEach(x -> x.cancel(true));
                    Throwable c = e.getCause();
                    if (c instanceof FleetInputException fi) {
                        throw fi;
                    }
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException("registration failed: " + c, c);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(created.get(), known.get());
    }

    private int post(FleetDevice d) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deviceId", d.deviceId());
        body.put("authScheme", d.scheme().name());
        body.put("username", d.username());
        body.put("password", d.password());
        if (d.serverPassword() != null) {
            body.put("serverUsername", serverId);
            body.put("serverPassword", d.serverPassword());
        }
        body.put("certificateRequired", d.certificateRequired());
        HttpRequest req = HttpRequest.newBuilder(devicesUri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("cannot reach the REST API at " + devicesUri + ": " + e.getMessage(), e);
        }
        if (r.statusCode() == 201 || r.statusCode() == 409) {
            return r.statusCode();
        }
        if (r.statusCode() == 401) {
            throw new FleetInputException("the REST API refused the token (HTTP 401): check --token or --data");
        }
        String detail = r.body() == null ? "" : r.body().strip();
        throw new FleetInputException("registering " + d.deviceId() + " failed: HTTP " + r.statusCode()
                + (detail.isEmpty() ? "" : ": " + detail.substring(0, Math.min(200, detail.length()))));
    }
}
