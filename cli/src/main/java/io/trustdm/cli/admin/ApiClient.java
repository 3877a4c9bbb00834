package io.trustdm.cli.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trustdm.security.pki.PemFiles;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.server.DmServer;
import io.trustdm.server.rest.ApiToken;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * A small client of the REST API for the admin commands: HTTPS only, verified against the CA the operator names (or
 * the server's development CA in its data directory), bearer token in a header and nowhere else. Every failure
 * becomes an {@link AdminFailure} worded for one line: problem documents as {@code error: 404 no device X}, network
 * failures naming the URL.
 */
public final class ApiClient {
    /** The environment variable holding the token when neither --token nor --data gives it. */
    public static final String TOKEN_ENV = "TRUSTDM_API_TOKEN";

    static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient http;

    ApiClient(URI base, String token, SSLContext tls) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .sslParameters(TlsContexts.clientParameters(tls))
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Resolves the connection: URL from {@code --url} or {@code DATA/server.url}; token from {@code --token}, then
     * {@code DATA/api-token} when {@code --data} is given, then the environment; trust from {@code --trust} or
     * {@code DATA/pki/ca.pem}.
     */
    static ApiClient connect(ConnectionOptions o, Function<String, String> env) {
        Path data = o.data != null ? o.data : (o.url == null ? Path.of("data") : null);
        URI api = apiBase(o.url != null ? o.url : readUrl(data));
        String token = o.token;
        if (token == null && o.data != null) {
            token = readToken(data);
        }
        if (token == null) {
            token = env.apply(TOKEN_ENV);
        }
        if (token == null && data != null) {
            token = readToken(data);
        }
        if (token == null || token.isBlank()) {
            throw AdminFailure.usage("no API token: pass --data DIR (the server's data directory), or set " + TOKEN_ENV
                    + ", or --token");
        }
        if (token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7F)) {
            throw AdminFailure.usage("the API token must be printable ASCII without spaces");
        }
        Path trust = o.trust != null ? o.trust : (data != null ? data.resolve("pki/ca.pem") : null);
        if (trust == null) {
            throw AdminFailure.usage(
                    "HTTPS needs --trust CA.pem (the CA the server's certificate chains to), or --data");
        }
        return new ApiClient(api, token.strip(), tlsTrusting(trust));
    }

    /** {@code https://host:port}, {@code https://host:port/} or {@code https://host:port/api/v1} → the API base. */
    static URI apiBase(String url) {
        URI u;
        try {
            u = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw AdminFailure.usage("not a URL: " + url);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http")) {
            throw AdminFailure.usage("the REST API is served over HTTPS only; use an https:// URL");
        }
        if (!scheme.equals("https") || u.getHost() == null) {
            throw AdminFailure.usage("not an https:// URL: " + url);
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
            throw AdminFailure.usage("the URL must not carry user info, a query or a fragment: " + url);
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.endsWith("/api/v1")) {
            path = path + "/api/v1";
        }
        return URI.create(scheme + "://" + u.getRawAuthority() + path);
    }

    private static String readUrl(Path data) {
        Path f = data.resolve(DmServer.URL_FILE);
        try {
            return Files.readString(f, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw AdminFailure.usage(
                    "no " + f + ": start the server with ./trustdm server --data " + data + ", or give --url");
        } catch (IOException e) {
            throw AdminFailure.usage("cannot read " + f + ": " + e.getMessage());
        }
    }

    private static String readToken(Path data) {
        Path f = data.resolve(ApiToken.FILE);
        try {
            return Files.readString(f, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw AdminFailure.usage("cannot read " + f + ": " + e.getMessage());
        }
    }

    private static SSLContext tlsTrusting(Path caFile) {
        List<X509Certificate> cas;
        try {
            cas = PemFiles.readCertificates(caFile);
        } catch (NoSuchFileException e) {
            throw AdminFailure.usage("no CA file " + caFile);
        } catch (IOException | RuntimeException e) {
            throw AdminFailure.usage("cannot read CA certificates from " + caFile + ": " + e.getMessage());
        }
        if (cas.isEmpty()) {
            throw AdminFailure.usage("no certificate in " + caFile);
        }
        return TlsContexts.create(null, cas);
    }

    /** The API base this client talks to, e.g. {@code https://localhost:8443/api/v1}. */
    public URI base() {
        return base;
    }

    JsonNode get(String path, Map<String, String> query) {
        return send("GET", path + queryString(query), null);
    }

    JsonNode get(String path) {
        return get(path, Map.of());
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    void delete(String path) {
        send("DELETE", path, null);
    }

    /** Query parameters whose value is {@code null} are left out. */
    static String queryString(Map<String, String> query) {
        StringBuilder b = new StringBuilder();
        Map<String, String> ordered = new LinkedHashMap<>(query);
        ordered.forEach((k, v) -> {
            if (v != null) {
                b.append(b.length() == 0 ? '?' : '&')
                        .append(encode(k))
                        .append('=')
                        .append(encode(v));
            }
        });
        return b.toString();
    }

    /** Percent-encodes a path segment or query value (everything but RFC 3986 unreserved characters and ':'). */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return b.toString();
    }

    private JsonNode send(String method, String pathAndQuery, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw AdminFailure.unreachable(
                    "cannot connect to " + base + ": no answer within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw AdminFailure.unreachable(
                    "no answer from " + base + " within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw AdminFailure.unreachable(
                    "cannot connect to " + base + ": connection refused (is the server running?)", e);
        } catch (SSLException e) {
            throw AdminFailure.unreachable(
                    "TLS with " + base + " failed: " + e.getMessage()
                            + " (is --trust the CA the server's certificate chains to?)",
                    e);
        } catch (IOException e) {
            throw AdminFailure.unreachable("cannot talk to " + base + ": " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AdminFailure.unreachable("interrupted while waiting for " + base, e);
        }
        int status = r.statusCode();
        if (status >= 200 && status < 300) {
            if (r.body() == null || r.body().isEmpty()) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(r.body());
            } catch (JacksonException e) {
                throw AdminFailure.remote("the server's answer is not JSON: " + e.getOriginalMessage());
            }
        }
        throw AdminFailure.refused(status, problemDetail(r.body()));
    }

    /** The problem document's {@code detail} (or title), else the first line of the body, kept short. */
    static String problemDetail(String body) {
        if (body != null && !body.isBlank()) {
            try {
                JsonNode p = JSON.readTree(body);
                String d = Json.text(p, "detail");
                if (d == null) {
                    d = Json.text(p, "title");
                }
                if (d != null) {
                    return oneLine(d);
                }
            } catch (JacksonException e) {
                // not a problem document: show the text
            }
            return oneLine(body);
        }
        return "(no detail)";
    }

    private static String oneLine(String s) {
        String line = s.strip().lines().findFirst().orElse("").replaceAll("\\p{Cc}", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
