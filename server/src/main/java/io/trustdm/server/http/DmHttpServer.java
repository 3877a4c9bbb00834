package io.trustdm.server.http;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.security.pki.TlsContexts;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DM endpoint on Jetty 12: HTTPS by default (TLS 1.3/1.2 only, client certificates requested or required per
 * configuration); plain HTTP only when explicitly configured, for transports where the x-syncml-hmac integrity
 * header must then carry the security. Other handlers (REST API, console) can be mounted under their own path
 * prefixes.
 */
public final class DmHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DmHttpServer.class);
    private static final String HMAC_HEADER = "x-syncml-hmac";

    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;

    private DmHttpServer(Builder b) {
        QueuedThreadPool pool = new QueuedThreadPool(b.maxThreads, Math.min(4, b.maxThreads));
        pool.setName("trustdm-http");
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        if (b.sslContext != null) {
            SecureRequestCustomizer src = new SecureRequestCustomizer();
            // Devices may address the server by IP; SNI is not how we authenticate them.
            src.setSniHostCheck(false);
            http.addCustomizer(src);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(b.sslContext);
            ssl.setIncludeProtocols(TlsContexts.PROTOCOLS.toArray(new String[0]));
            ssl.setNeedClientAuth(b.clientAuth == ClientAuth.NEED);
            ssl.setWantClientAuth(b.clientAuth == ClientAuth.WANT);
            ssl.setSniRequired(false);
            SslConnectionFactory sslFactory = new SslConnectionFactory(ssl, "http/1.1");
            connector = b.proxyProtocol
                    ? new ServerConnector(
                            server,
                            new ProxyConnectionFactory(sslFactory.getProtocol()),
                            sslFactory,
                            new HttpConnectionFactory(http))
                    : new ServerConnector(server, sslFactory, new HttpConnectionFactory(http));
            tls = true;
        } else {
            HttpConnectionFactory httpFactory = new HttpConnectionFactory(http);
            connector = b.proxyProtocol
                    ? new ServerConnector(server, new ProxyConnectionFactory(httpFactory.getProtocol()), httpFactory)
                    : new ServerConnector(server, httpFactory);
            tls = false;
        }
        connector.setHost(b.host);
        connector.setPort(b.port);
        connector.setIdleTimeout(b.idleTimeoutMillis);
        server.addConnector(connector);
        server.setHandler(new Router(b));
        server.setStopTimeout(5000);
    }

    public static Builder builder() {
        return new Builder();
    }

    public DmHttpServer start() throws Exception {
        server.start();
        LOG.info("DM endpoint listening on {}", baseUri());
        return this;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public boolean isTls() {
        return tls;
    }

    /** {@code https://host:port} (or http). */
    public URI baseUri() {
        String host = connector.getHost() == null ? "localhost" : connector.getHost();
        return URI.create((tls ? "https" : "http") + "://" + host + ":" + port());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Dispatches DM paths to the DM handler and mounted prefixes to their handlers. */
    private static final class Router extends Handler.Abstract {
        private final Set<String> dmPaths;
        private final DmExchangeHandler dm;
        private final int maxBytes;
        private final Map<String, Handler> mounts;

        Router(Builder b) {
            this.dmPaths = Set.copyOf(b.dmPaths);
            this.dm = Objects.requireNonNull(b.handler, "a DM handler is required");
            this.maxBytes = b.maxMessageBytes;
            this.mounts = new LinkedHashMap<>(b.mounts);
        }

        @Override
        protected void doStart() throws Exception {
            for (Handler h : mounts.values()) {
                h.setServer(getServer());
                h.start();
            }
            super.doStart();
        }

        @Override
        protected void doStop() throws Exception {
            super.doStop();
            for (Handler h : mounts.values()) {
                h.stop();
            }
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            if (dmPaths.contains(path)) {
                handleDm(request, response, callback, path);
                return true;
            }
            for (Map.Entry<String, Handler> m : mounts.entrySet()) {
                if (path.equals(m.getKey()) || path.startsWith(m.getKey() + "/")) {
                    return m.getValue().handle(request, response, callback);
                }
            }
            plain(response, callback, HttpStatus.NOT_FOUND_404, "not found");
            return true;
        }

        private void handleDm(Request request, Response response, Callback callback, String path) {
            if (!HttpMethod.POST.is(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                plain(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "DM messages are POSTed");
                return;
            }
            String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            Encoding encoding;
            try {
                encoding = Encoding.fromContentType(contentType);
            } catch (SyncMlFormatException e) {
                plain(response, callback, HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, e.getMessage());
                return;
            }
            long declared = request.getLength();
            if (declared > maxBytes) {
                plain(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "message exceeds " + maxBytes + " bytes");
                return;
            }
            String mediaType = mediaTypeOf(contentType);
            Content.Source.asByteArrayAsync(request, maxBytes).whenComplete((body, failure) -> {
                if (failure != null) {
                    plain(
                            response,
                            callback,
                            HttpStatus.PAYLOAD_TOO_LARGE_413,
                            "message body unreadable or larger than " + maxBytes + " bytes");
                    return;
                }
                dispatch(request, response, callback, path, encoding, mediaType, body);
            });
        }

        private void dispatch(
                Request request,
                Response response,
                Callback callback,
                String path,
                Encoding encoding,
                String mediaType,
                byte[] body) {
            EndPoint.SslSessionData ssl =
                    (EndPoint.SslSessionData) request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
            List<X509Certificate> certs = new ArrayList<>();
            if (ssl != null && ssl.peerCertificates() != null) {
                certs.addAll(List.of(ssl.peerCertificates()));
            }
            DmHttpRequest req = new DmHttpRequest(
                    path,
                    request.getHttpURI().getQuery(),
                    encoding,
                    mediaType,
                    body,
                    request.getHeaders().get(HMAC_HEADER),
                    Request.getRemoteAddr(request),
                    ssl == null ? null : ssl.sslSession(),
                    certs);
            DmHttpResponse reply;
            try {
                reply = dm.handle(req);
            } catch (ServerBusyException e) {
                LOG.info("DM message from {} refused, node busy: {}", req.remoteAddress(), e.getMessage());
                response.getHeaders().put(HttpHeader.RETRY_AFTER, e.retryAfterSeconds());
                plain(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "server busy, retry later");
                return;
            } catch (SyncMlFormatException e) {
                int status = switch (e.status()) {
                    case 413 -> HttpStatus.PAYLOAD_TOO_LARGE_413;
                    case 415 -> HttpStatus.UNSUPPORTED_MEDIA_TYPE_415;
                    default -> HttpStatus.BAD_REQUEST_400;
                };
                plain(response, callback, status, e.getMessage());
                return;
            } catch (Exception | Error e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                LOG.warn("DM message from {} failed: {}", req.remoteAddress(), cause.toString());
                plain(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "internal error");
                return;
            }
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, mediaType);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            if (reply.hmacHeader() != null) {
                response.getHeaders().put(HMAC_HEADER, reply.hmacHeader());
            }
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
            response.write(true, ByteBuffer.wrap(reply.body()), callback);
        }

        private static String mediaTypeOf(String contentType) {
            int semi = contentType.indexOf(';');
            return (semi < 0 ? contentType : contentType.substring(0, semi))
                    .strip()
                    .toLowerCase(Locale.ROOT);
        }

        private static void plain(Response response, Callback callback, int status, String message) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        }
    }

    /** Configures a {@link DmHttpServer}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private SSLContext sslContext;
        private boolean plainHttpAllowed;
        private ClientAuth clientAuth = ClientAuth.WANT;
        private final List<String> dmPaths = new ArrayList<>(List.of("/dm"));
        private int maxMessageBytes = 1024 * 1024;
        private int maxThreads = 64;
        private boolean proxyProtocol;
        private long idleTimeoutMillis = 30_000;
        private DmExchangeHandler handler;
        private final Map<String, Handler> mounts = new LinkedHashMap<>();

        public Builder host(String v) {
            this.host = v;
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int v) {
            this.port = v;
            return this;
        }

        public Builder tls(SSLContext ctx, ClientAuth auth) {
            this.sslContext = Objects.requireNonNull(ctx, "ctx");
            this.clientAuth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /**
         * Serve plain HTTP. Never a default: over plain HTTP every message must then carry a valid x-syncml-hmac,
         * which the session layer enforces.
         */
        public Builder plainHttp() {
            this.plainHttpAllowed = true;
            return this;
        }

        public Builder dmPaths(List<String> v) {
            dmPaths.clear();
            dmPaths.addAll(v);
            return this;
        }

        public Builder maxMessageBytes(int v) {
            this.maxMessageBytes = v;
            return this;
        }

        /**
         * Accept the PROXY protocol (v1 or v2, as nginx's {@code proxy_protocol on;} sends it) in front of TLS, so that
         * the Device's address, not the load balancer's, reaches logs and the audit trail. Jetty detects the header:
         * a connection without one is served with its own peer address. Anyone who can reach the port can claim any
         * address in a header, so enable it only where the port is reachable from the load balancer alone; the
         * address is used for logs and audit, never for an authentication decision.
         */
        public Builder proxyProtocol(boolean v) {
            this.proxyProtocol = v;
            return this;
        }

        public Builder maxThreads(int v) {
            this.maxThreads = v;
            return this;
        }

        public Builder idleTimeoutMillis(long v) {
            this.idleTimeoutMillis = v;
            return this;
        }

        public Builder handler(DmExchangeHandler v) {
            this.handler = v;
            return this;
        }

        /** Mounts another handler (REST API, console) under a path prefix such as {@code /api}. */
        public Builder mount(String prefix, Handler h) {
            mounts.put(prefix, h);
            return this;
        }

        public DmHttpServer build() {
            if (sslContext == null && !plainHttpAllowed) {
                throw new IllegalStateException(
                        "no TLS context: configure tls(...) or, knowingly, plainHttp() for HMAC-only transport");
            }
            return new DmHttpServer(this);
        }
    }
}
