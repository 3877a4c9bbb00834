package io.trustdm.server.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.protocol.smartcard.CardImage;
import io.trustdm.server.api.ApiException;
import io.trustdm.server.api.AuditQuery;
import io.trustdm.server.api.InvalidInputException;
import io.trustdm.server.api.JobState;
import io.trustdm.server.api.ManagementApi;
import io.trustdm.server.api.NewDevice;
import io.trustdm.server.api.NodeValue;
import io.trustdm.server.api.NotFoundException;
import io.trustdm.server.api.OperationSpec;
import io.trustdm.server.bootstrap.BootstrapPackage;
import io.trustdm.server.bootstrap.BootstrapProfile;
import io.trustdm.server.bootstrap.BootstrapService;
import io.trustdm.server.bootstrap.BootstrapTemplate;
import io.trustdm.server.bootstrap.BootstrapTemplates;
import io.trustdm.server.config.BootstrapGroupsFile;
import io.trustdm.server.notification.NotificationService;
import io.trustdm.server.notification.WakeRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The northbound REST API, mounted at {@code /api/v1}. Every route except {@code /health} and {@code /openapi.json}
 * needs {@code Authorization: Bearer <token>}. Request bodies are JSON ({@code application/json}), at most
 * {@link #MAX_BODY_BYTES}, read strictly (unknown fields, duplicate keys, trailing data are errors). Every error is an
 * RFC 9457 problem document.
 */
public final class RestApi extends Handler.Abstract {
    /** Where the API is mounted. */
    public static final String PREFIX = "/api/v1";

    /** The largest request body accepted. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** The media type of an exported smartcard image (the encoding of {@link CardImage#encode()}). */
    public static final String CARD_IMAGE_MEDIA_TYPE = "application/vnd.trustdm.card-image";

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);

    private final ManagementApi api;
    private final NotificationService notifications;
    private final BootstrapService bootstrap;
    private final URI bootstrapUri;
    private final ApiToken token;
    private final JsonMapper json;
    private final List<Route> routes;
    private final byte[] openApi;

    /** A request to create a job. */
    public record JobRequest(List<OperationSpec> operations) {}

    /** A request to wake a Device; {@code uiMode} defaults to BACKGROUND. */
    public record WakeRequest(UiMode uiMode) {}

    /** The answer to a wake: the SessionID the Device will use for its session. */
    public record WakeResult(
            String wakeId,
            String deviceId,
            String sessionId,
            String state,
            int attempts,
            Instant sent,
            Instant nextAction,
            String lastResult) {
        static WakeResult of(NotificationService.Wake w) {
            return new WakeResult(
                    w.jobId(),
                    w.deviceId(),
                    w.sessionIdHex(),
                    w.state().name(),
                    w.attempts(),
                    w.lastSent(),
                    w.nextAction(),
                    w.lastResult());
        }
    }

    /**
     * A request to prepare a bootstrap; {@code profile} defaults to PLAIN; {@code template} (optional) names the
     * template group to use instead of the device's own, its group's or the default one.
     */
    public record BootstrapRequest(BootstrapProfile profile, String template) {}

    /**
     * A bootstrap that is ready. It is never returned here: the Device fetches it over mutual TLS from
     * {@code fetchFrom}.
     */
    public record BootstrapResult(
            String deviceId, String profile, String contentType, int bytes, String fetchFrom, String smartcardImage) {}

    /**
     * A bootstrap template as the API shows it: the built-in default ({@code kind} {@code default}) or a group of the
     * {@code bootstrap.templates} file ({@code kind} {@code group}) with its member Devices. Templates hold no secrets.
     */
    public record TemplateView(
            String name,
            String kind,
            String serverId,
            String serverName,
            String address,
            String deviceAuth,
            String serverAuth,
            List<String> members) {
        static TemplateView of(String name, String kind, BootstrapTemplate t, List<String> members) {
            return new TemplateView(
                    name,
                    kind,
                    t.serverId(),
                    t.serverName(),
                    t.address().toString(),
                    t.clientScheme().name().toLowerCase(Locale.ROOT),
                    t.serverScheme().name().toLowerCase(Locale.ROOT),
                    members);
        }
    }

    /**
     * One node of the tree browser: a value read from the Device, an interior node above such values, or a name the
     * Device listed as a child of an interior node it was asked for. {@code read} tells whether the server holds this
     * node's own Get result (its value, or for an interior node its child list); when it does not, a Get job on the
     * path reads it.
     */
    public record TreeNode(
            String name, String path, String value, String format, Instant readAt, boolean hasChildren, boolean read) {}

    /** The children of one node of a Device's tree, as far as the server has read it. */
    public record TreeLevel(String deviceId, String path, List<TreeNode> children) {}

    /**
     * The answer of {@code /health}: {@code UP} with HTTP 200 when the server and its storage answer, {@code DOWN}
     * with 503 when the database does not (so a load balancer stops sending Devices to a node that cannot serve them).
     */
    public record Health(String status, String storage) {}

    private volatile java.util.function.BooleanSupplier storageCheck = () -> true;

    /** The storage probe {@code /health} runs on every call (default: always reachable). */
    public RestApi storageCheck(java.util.function.BooleanSupplier check) {
        this.storageCheck = Objects.requireNonNull(check, "check");
        return this;
    }

    private Reply health(Call c) {
        boolean storage = storageCheck.getAsBoolean();
        return storage ? Reply.ok(new Health("UP", "UP")) : new Reply(503, new Health("DOWN", "DOWN"));
    }

    public RestApi(
            ManagementApi api,
            NotificationService notifications,
            BootstrapService bootstrap,
            URI bootstrapUri,
            ApiToken token) {
        this.api = Objects.requireNonNull(api, "api");
        this.notifications = notifications;
        this.bootstrap = bootstrap;
        this.bootstrapUri = bootstrapUri;
        this.token = Objects.requireNonNull(token, "token");
        this.json = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
        this.routes = List.of(
                new Route("GET", "/health", false, this::health),
                new Route("GET", "/openapi.json", false, this::openApiDocument),
                new Route("POST", "/devices", true, this::createDevice),
                new Route("GET", "/devices", true, this::listDevices),
                new Route("GET", "/devices/{deviceId}", true, this::showDevice),
                new Route("DELETE", "/devices/{deviceId}", true, this::deleteDevice),
                new Route("GET", "/devices/{deviceId}/tree", true, this::tree),
                new Route("POST", "/devices/{deviceId}/jobs", true, this::createJob),
                new Route("POST", "/devices/{deviceId}/wake", true, this::wake),
                new Route("GET", "/devices/{deviceId}/wake", true, this::wakeHistory),
                new Route("GET", "/wakes/{wakeId}", true, this::showWake),
                new Route("POST", "/devices/{deviceId}/bootstrap", true, this::prepareBootstrap),
                new Route("POST", "/devices/{deviceId}/bootstrap/card-image", true, this::exportCardImage),
                new Route("GET", "/bootstrap/templates", true, this::listTemplates),
                new Route("GET", "/bootstrap/templates/{group}", true, this::showTemplate),
                new Route("GET", "/jobs", true, this::listJobs),
                new Route("GET", "/jobs/{jobId}", true, this::showJob),
                new Route("GET", "/alerts", true, this::listAlerts),
                new Route("GET", "/audit", true, this::listAudit));
        try (InputStream in = RestApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the classpath");
            }
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Method and path template of every route served, e.g. {@code GET /devices/{deviceId}}. */
    public Set<String> routes() {
        Set<String> out = new LinkedHashSet<>();
        routes.forEach(r -> out.add(r.method() + " " + r.template()));
        return out;
    }

    // ---- routes

    private Reply openApiDocument(Call c) {
        return Reply.ok(openApi);
    }

    private Reply createDevice(Call c) {
        NewDevice d = read(c, NewDevice.class, true);
        return Reply.created(api.createDevice(d));
    }

    private Reply listDevices(Call c) {
        return Reply.ok(api.devices(c.query("search"), c.intQuery("offset", 0), c.intQuery("limit", 50)));
    }

    private Reply showDevice(Call c) {
        String id = c.path("deviceId");
        return Reply.ok(api.device(id).orElseThrow(() -> new NotFoundException("no device " + id)));
    }

    private Reply deleteDevice(Call c) {
        String id = c.path("deviceId");
        if (!api.deleteDevice(id)) {
            throw new NotFoundException("no device " + id);
        }
        return Reply.noContent();
    }

    private Reply tree(Call c) {
        String id = c.path("deviceId");
        String path = c.query("path") == null ? "." : c.query("path");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        List<NodeValue> values = new ArrayList<>(api.tree(id));
        Map<String, NodeValue> byPath = new LinkedHashMap<>();
        values.forEach(v -> byPath.put(v.path(), v));
        // the DevInfo leaves the device reported in its Package 1 are values read too (when no Get read them later)
        api.device(id)
                .ifPresent(d -> new TreeMap<>(d.devInfo()).forEach((k, v) -> {
                    String p = "./DevInfo/" + k;
                    if (!byPath.containsKey(p)) {
                        NodeValue nv = new NodeValue(p, v, "chr", d.lastSession());
                        byPath.put(p, nv);
                        values.add(nv);
                    }
                }));
        String prefix = path + "/";
        Map<String, Boolean> childHasChildren = new TreeMap<>();
        for (NodeValue v : values) {
            if (v.path().startsWith(prefix)) {
                String rest = v.path().substring(prefix.length());
                int slash = rest.indexOf('/');
                String name = slash < 0 ? rest : rest.substring(0, slash);
                childHasChildren.merge(name, slash >= 0, Boolean::logicalOr);
            }
        }
        // an interior node the device was asked for (Get) answered with its child names, format node
        NodeValue listing = byPath.get(path);
        if (listing != null && "node".equals(listing.format()) && listing.value() != null) {
            for (String name : listing.value().split("/")) {
                if (!name.isBlank()) {
                    childHasChildren.merge(name.strip(), false, Boolean::logicalOr);
                }
            }
        }
        if (childHasChildren.isEmpty() && !".".equals(path) && !byPath.containsKey(path)) {
            throw new NotFoundException("nothing read below " + path + " on " + id);
        }
        List<TreeNode> children = new ArrayList<>();
        childHasChildren.forEach((name, hasChildren) -> {
            NodeValue v = byPath.get(prefix + name);
            children.add(new TreeNode(
                    name,
                    prefix + name,
                    v == null ? null : v.value(),
                    v == null ? (hasChildren ? "node" : null) : v.format(),
                    v == null ? null : v.readAt(),
                    hasChildren || (v != null && "node".equals(v.format())),
                    v != null));
        });
        return Reply.ok(new TreeLevel(id, path, children));
    }

    private Reply createJob(Call c) {
        JobRequest r = read(c, JobRequest.class, true);
        return Reply.created(api.createJob(c.path("deviceId"), r.operations()));
    }

    /** The Device's recent wake jobs, newest first: what an operator polls after {@code POST .../wake}. */
    private Reply wakeHistory(Call c) {
        String id = c.path("deviceId");
        api.device(id).orElseThrow(() -> new NotFoundException("no device " + id));
        if (notifications == null) {
            return Reply.ok(List.of());
        }
        return Reply.ok(notifications.history(id).stream().map(WakeResult::of).toList());
    }

    private Reply showWake(Call c) {
        String id = c.path("wakeId");
        return Reply.ok(Optional.ofNullable(notifications)
                .flatMap(n -> n.job(id))
                .map(WakeResult::of)
                .orElseThrow(() -> new NotFoundException("no wake job " + id)));
    }

    private Reply wake(Call c) throws IOException {
        String id = c.path("deviceId");
        WakeRequest r = c.hasBody() ? read(c, WakeRequest.class, false) : new WakeRequest(null);
        api.device(id).orElseThrow(() -> new NotFoundException("no device " + id));
        if (notifications == null) {
            throw new HttpProblem(409, "this server has no notification channel");
        }
        try {
            NotificationService.Wake w = notifications.wake(id, r.uiMode() == null ? UiMode.BACKGROUND : r.uiMode());
            return new Reply(202, WakeResult.of(w));
        } catch (WakeRefusedException e) {
            throw switch (e.reason()) {
                case UNKNOWN_DEVICE -> new NotFoundException(e.getMessage());
                case RATE_LIMITED ->
                    new HttpProblem(
                            429,
                            e.getMessage() + " (retry after " + e.retryAfter().toSeconds() + " s)");
                case NO_SERVER_CREDENTIALS -> new HttpProblem(409, e.getMessage());
            };
        }
    }

    private Reply prepareBootstrap(Call c) {
        String id = c.path("deviceId");
        if (id.length() > 128 || id.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7E)) {
            throw new InvalidInputException("deviceId must be 1-128 printable ASCII characters");
        }
        BootstrapRequest r = c.hasBody() ? read(c, BootstrapRequest.class, false) : new BootstrapRequest(null, null);
        if (bootstrap == null) {
            throw new HttpProblem(409, "this server has no bootstrap service");
        }
        BootstrapProfile profile = r.profile() == null ? BootstrapProfile.PLAIN : r.profile();
        BootstrapPackage p;
        try {
            p = bootstrap.prepare(id, profile, null, r.template());
        } catch (BootstrapTemplates.UnknownTemplateGroupException e) {
            throw new InvalidInputException(e.getMessage());
        }
        return Reply.created(new BootstrapResult(
                id,
                profile.name(),
                p.contentType(),
                p.body().length,
                bootstrapUri == null ? null : bootstrapUri.toString(),
                null));
    }

    /**
     * The PKCS#15 smartcard image of the bootstrap prepared for the Device, for card personalisation by the operator.
     * It carries the Device's secrets: it is only ever sent over this authenticated, TLS-protected API, as an
     * attachment that is not cached, and every export is an audit event naming the caller's address. POST because
     * an export is an audited act, not a read that proxies or prefetchers may repeat.
     */
    private Reply exportCardImage(Call c) {
        String id = c.path("deviceId");
        if (c.hasBody()) {
            throw new HttpProblem(400, "card-image takes no body: prepare the bootstrap first, then export it");
        }
        if (bootstrap == null) {
            throw new HttpProblem(409, "this server has no bootstrap service");
        }
        CardImage image = bootstrap
                .exportCardImage(id, "admin API (HTTPS, bearer token) from " + c.remote())
                .orElseThrow(() -> new NotFoundException(
                        "no bootstrap prepared for " + id + ": POST /devices/{deviceId}/bootstrap first"));
        String file = id.replaceAll("[^A-Za-z0-9._-]", "_") + ".card-image";
        return Reply.ok(new Reply.Download(CARD_IMAGE_MEDIA_TYPE, file, image.encode()));
    }

    private Reply listTemplates(Call c) {
        BootstrapTemplates t = templates();
        List<TemplateView> out = new ArrayList<>();
        out.add(TemplateView.of(BootstrapGroupsFile.DEFAULT_NAME, "default", t.defaultTemplate(), List.of()));
        new TreeMap<>(t.groups()).forEach((name, template) -> out.add(group(t, name)));
        return Reply.ok(out);
    }

    private Reply showTemplate(Call c) {
        BootstrapTemplates t = templates();
        String name = c.path("group");
        if (name.equals(BootstrapGroupsFile.DEFAULT_NAME)) {
            return Reply.ok(TemplateView.of(name, "default", t.defaultTemplate(), List.of()));
        }
        if (!t.groups().containsKey(name)) {
            throw new NotFoundException("no bootstrap template group " + name);
        }
        return Reply.ok(group(t, name));
    }

    private BootstrapTemplates templates() {
        if (bootstrap == null) {
            throw new HttpProblem(409, "this server has no bootstrap service");
        }
        return bootstrap.templates();
    }

    private static TemplateView group(BootstrapTemplates t, String name) {
        List<String> members = t.members().entrySet().stream()
                .filter(e -> e.getValue().equals(name))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        return TemplateView.of(name, "group", t.groups().get(name), members);
    }

    private Reply listJobs(Call c) {
        JobState state = null;
        String s = c.query("state");
        if (s != null) {
            try {
                state = JobState.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("state must be QUEUED, DELIVERING or COMPLETED");
            }
        }
        return Reply.ok(api.jobs(c.query("deviceId"), state));
    }

    private Reply showJob(Call c) {
        String id = c.path("jobId");
        return Reply.ok(api.job(id).orElseThrow(() -> new NotFoundException("no job " + id)));
    }

    private Reply listAlerts(Call c) {
        return Reply.ok(api.alerts(c.query("deviceId")));
    }

    private Reply listAudit(Call c) {
        String verdict = c.query("verdict");
        if (verdict != null
                && !Set.of("ACCEPT", "CHALLENGE", "TERMINATE", "REFUSE").contains(verdict.toUpperCase(Locale.ROOT))) {
            throw new InvalidInputException("verdict must be ACCEPT, CHALLENGE, TERMINATE or REFUSE");
        }
        int limit = c.intQuery("limit", 200);
        if (limit < 1 || limit > 1000) {
            throw new InvalidInputException("limit must be 1..1000");
        }
        return Reply.ok(api.audit(new AuditQuery(
                c.query("deviceId"),
                c.query("decisionPoint"),
                verdict == null ? null : verdict.toUpperCase(Locale.ROOT),
                instant(c, "since"),
                instant(c, "until"),
                limit)));
    }

    private static Instant instant(Call c, String name) {
        String v = c.query(name);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    private <T> T read(Call c, Class<T> type, boolean required) {
        if (!c.hasBody()) {
            if (required) {
                throw new HttpProblem(400, "a JSON body is required");
            }
            return null;
        }
        try {
            T value = json.readValue(c.body(), type);
            if (value == null) {
                throw new HttpProblem(400, "the body must be a JSON object");
            }
            return value;
        } catch (DatabindException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ApiException a) {
                    throw a;
                }
            }
            throw new HttpProblem(400, "invalid JSON: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw new HttpProblem(400, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    // ---- HTTP plumbing

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            serve(request, response, callback);
        } catch (ApiException e) {
            problem(response, callback, e.httpStatus(), e.getMessage());
        } catch (HttpProblem e) {
            if (e.status() == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"trustdm\"");
            }
            problem(response, callback, e.status(), e.getMessage());
        } catch (Exception | Error e) {
            LOG.warn(
                    "REST {} {} failed: {}",
                    request.getMethod(),
                    request.getHttpURI().getPath(),
                    e.toString());
            problem(response, callback, 500, "internal error");
        }
        return true;
    }

    private void serve(Request request, Response response, Callback callback) throws Exception {
        String raw = request.getHttpURI().getPath();
        String rel = raw.length() > PREFIX.length() ? raw.substring(PREFIX.length()) : "/";
        List<String> segments = new ArrayList<>();
        for (String s : rel.substring(1).split("/", -1)) {
            segments.add(decode(s));
        }
        Route route = null;
        Map<String, String> params = null;
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Map<String, String> m = r.match(segments);
            if (m != null) {
                allowed.add(r.method());
                if (r.method().equals(request.getMethod())) {
                    route = r;
                    params = m;
                }
            }
        }
        if (route == null) {
            if (allowed.isEmpty()) {
                throw new HttpProblem(404, "no route " + rel);
            }
            response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
            throw new HttpProblem(405, request.getMethod() + " is not allowed here; use " + String.join(", ", allowed));
        }
        if (route.authenticated()) {
            authenticate(request);
        }
        byte[] body = body(request);
        Call call = new Call(params, query(request.getHttpURI().getQuery()), body, Request.getRemoteAddr(request));
        Reply reply = route.action().handle(call);
        if (reply.body() == null) {
            response.setStatus(reply.status());
            commonHeaders(response);
            callback.succeeded();
            return;
        }
        if (reply.body() instanceof Reply.Download d) {
            response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + d.filename() + "\"");
            write(response, callback, reply.status(), d.contentType(), d.bytes());
            return;
        }
        // a byte array is a JSON document kept as such (the OpenAPI document); anything else is serialised
        byte[] out = reply.body() instanceof byte[] document ? document : json.writeValueAsBytes(reply.body());
        write(response, callback, reply.status(), "application/json", out);
    }

    private void authenticate(Request request) {
        String h = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (h == null) {
            throw new HttpProblem(401, "send Authorization: Bearer <token>");
        }
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new HttpProblem(401, "only the Bearer scheme is accepted");
        }
        if (!token.matches(h.substring(7).strip())) {
            throw new HttpProblem(401, "the bearer token is not valid");
        }
    }

    private static byte[] body(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > MAX_BODY_BYTES) {
            throw new HttpProblem(413, "bodies are limited to " + MAX_BODY_BYTES + " bytes");
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new HttpProblem(413, "bodies are limited to " + MAX_BODY_BYTES + " bytes");
        }
        if (body.length > 0) {
            String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            String media = ct == null ? "" : ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!media.equals("application/json")) {
                throw new HttpProblem(415, "send the body as application/json, not " + (ct == null ? "untyped" : ct));
            }
            if (ct.toLowerCase(Locale.ROOT).contains("charset=")
                    && !ct.toLowerCase(Locale.ROOT).replace(" ", "").contains("charset=utf-8")) {
                throw new HttpProblem(415, "JSON must be UTF-8");
            }
        }
        return body;
    }

    private static Map<String, List<String>> query(String q) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (q == null || q.isEmpty()) {
            return out;
        }
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.computeIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), x -> new ArrayList<>())
                        .add(URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new HttpProblem(400, "malformed query string");
            }
        }
        return out;
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(400, "malformed path");
        }
    }

    private void problem(Response response, Callback callback, int status, String detail) {
        byte[] body = json.writeValueAsBytes(Problem.of(status, detail));
        write(response, callback, status, Problem.MEDIA_TYPE, body);
    }

    private static void commonHeaders(Response response) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
    }

    private static void write(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        commonHeaders(response);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
