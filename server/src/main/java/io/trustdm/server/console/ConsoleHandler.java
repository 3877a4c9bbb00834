package io.trustdm.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the console's static files from {@code io/trustdm/server/console/static/} on the classpath, under
 * {@code /console/}. Only files listed in {@link #FILES} are served (no directory walking); every answer carries
 * {@code Content-Security-Policy: default-src 'self'} (plus no framing, no base or form targets elsewhere), so the
 * console runs only its own scripts and styles and talks only to this server.
 */
public final class ConsoleHandler extends Handler.Abstract {
    /** Where the console is mounted. */
    public static final String PREFIX = "/console";

    /** The Content-Security-Policy header value. */
    public static final String CSP =
            "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    static final Set<String> FILES =
            Set.of("index.html", "app.js", "api.js", "views.js", "dom.js", "console.css", "favicon.svg");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (path.equals(PREFIX)) {
            response.setStatus(HttpStatus.MOVED_PERMANENTLY_301);
            response.getHeaders().put(HttpHeader.LOCATION, PREFIX + "/");
            callback.succeeded();
            return true;
        }
        String name = path.substring(PREFIX.length() + 1);
        if (name.isEmpty()) {
            name = "index.html";
        }
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return text(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "the console is read-only");
        }
        if (!FILES.contains(name)) {
            return text(response, callback, HttpStatus.NOT_FOUND_404, "not found");
        }
        byte[] body = cache.computeIfAbsent(name, ConsoleHandler::load);
        response.setStatus(HttpStatus.OK_200);
        security(response);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded();
        } else {
            response.write(true, ByteBuffer.wrap(body), callback);
        }
        return true;
    }

    private static byte[] load(String name) {
        try (InputStream in = ConsoleHandler.class.getResourceAsStream("static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console file missing from the classpath: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void security(Response response) {
        response.getHeaders().put("Content-Security-Policy", CSP);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.getHeaders().put("X-Frame-Options", "DENY");
    }

    private static boolean text(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        security(response);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
