package io.trustdm.server.obex;

import io.trustdm.security.pki.TlsContexts;
import io.trustdm.server.bootstrap.BootstrapService;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.http.DmExchangeHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DM endpoint for the OBEX binding: OBEX over TLS (TLS 1.2/1.3, client certificates requested or required) or,
 * only when explicitly configured, OBEX over plain TCP, where every message must then carry a valid x-syncml-hmac
 * (the session layer enforces it, because the request says which channel it came over).
 *
 * <p>Each connection must CONNECT with Target {@code SYNCML-DM}; a DM message is PUT and its reply fetched with GET.
 * A GET of the object named {@code bootstrap} asks the {@link BootstrapService} for this Device's bootstrap, which its
 * policy hands out only over a Secure Transport that authenticated the Device (OBEX over TLS with a client
 * certificate). One thread per connection, at most {@link Builder#maxConnections(int)} at once.
 */
public final class ObexDmServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObexDmServer.class);

    private final Builder config;
    private final ServerSocket listener;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextConnectionId = new AtomicLong(1);
    private final AtomicInteger refusedConnects = new AtomicInteger();
    private final AtomicInteger exchanges = new AtomicInteger();
    private volatile boolean closed;

    private ObexDmServer(Builder b) throws IOException {
        this.config = b;
        ServerSocket s;
        if (b.sslContext != null) {
            SSLServerSocket ssl =
                    (SSLServerSocket) b.sslContext.getServerSocketFactory().createServerSocket();
            ssl.setEnabledProtocols(TlsContexts.PROTOCOLS.toArray(new String[0]));
            ssl.setNeedClientAuth(b.clientAuth == ClientAuth.NEED);
            if (b.clientAuth != ClientAuth.NEED) {
                ssl.setWantClientAuth(b.clientAuth == ClientAuth.WANT);
            }
            s = ssl;
        } else {
            s = new ServerSocket();
        }
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(b.host), b.port), 50);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        this.listener = s;
        this.workers =
                new ThreadPoolExecutor(0, b.maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "trustdm-obex-conn");
                    t.setDaemon(true);
                    return t;
                });
        this.acceptor = new Thread(this::acceptLoop, "trustdm-obex-accept-" + port());
        this.acceptor.setDaemon(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts accepting connections. */
    public ObexDmServer start() {
        acceptor.start();
        LOG.info("DM OBEX endpoint listening on {}", uri());
        return this;
    }

    public int port() {
        return listener.getLocalPort();
    }

    public boolean isTls() {
        return config.sslContext != null;
    }

    /** {@code obexs://host:port} for OBEX over TLS, {@code obex://host:port} for plain TCP. */
    public URI uri() {
        String host = config.host.contains(":") ? "[" + config.host + "]" : config.host;
        return URI.create((isTls() ? "obexs" : "obex") + "://" + host + ":" + port());
    }

    /** CONNECTs refused because they did not ask for the DM service (for monitoring and tests). */
    public int refusedConnects() {
        return refusedConnects.get();
    }

    /** DM messages handed to the session layer so far. */
    public int exchanges() {
        return exchanges.get();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("OBEX accept failed: {}", e.toString());
                }
                return;
            }
            open.add(s);
            try {
                workers.execute(() -> serve(s));
            } catch (RejectedExecutionException e) {
                LOG.warn(
                        "OBEX connection from {} dropped: {} connections busy",
                        s.getRemoteSocketAddress(),
                        config.maxConnections);
                closeQuietly(s);
            }
        }
    }

    private void serve(Socket s) {
        try {
            s.setSoTimeout((int) config.idleTimeout.toMillis());
            s.setTcpNoDelay(true);
            new ObexServerConnection(
                            s,
                            config,
                            nextConnectionId.getAndIncrement(),
                            this::countRefusal,
                            exchanges::incrementAndGet)
                    .run();
        } catch (SocketException e) {
            LOG.debug("OBEX connection {} ended: {}", s.getRemoteSocketAddress(), e.toString());
        } catch (IOException | RuntimeException e) {
            LOG.info("OBEX connection {} ended: {}", s.getRemoteSocketAddress(), e.toString());
        } finally {
            closeQuietly(s);
        }
    }

    private void countRefusal() {
        refusedConnects.incrementAndGet();
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket s : open) {
            closeQuietly(s);
        }
        workers.shutdownNow();
        try {
            acceptor.join(2000);
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configures an {@link ObexDmServer}. */
    public static final class Builder {
        String host = "127.0.0.1";
        int port;
        SSLContext sslContext;
        ClientAuth clientAuth = ClientAuth.WANT;
        boolean plainTcp;
        boolean untargetedConnectAllowed;
        DmExchangeHandler handler;
        BootstrapService bootstrap;
        int maxMessageBytes = 1024 * 1024;
        int maxPacketLength = 8192;
        int maxConnections = 32;
        Duration idleTimeout = Duration.ofSeconds(30);

        /** Address to bind (default 127.0.0.1). */
        public Builder host(String v) {
            this.host = Objects.requireNonNull(v, "host");
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int v) {
            this.port = v;
            return this;
        }

        /** OBEX over TLS with this context (server certificate and trust anchors for client certificates). */
        public Builder tls(SSLContext ctx, ClientAuth auth) {
            this.sslContext = Objects.requireNonNull(ctx, "ctx");
            this.clientAuth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        /**
         * Serve OBEX over plain TCP. Never a default: every message must then carry a valid x-syncml-hmac, and no
         * bootstrap is handed out over it.
         */
        public Builder plainTcp() {
            this.plainTcp = true;
            return this;
        }

        /**
         * Also accept a CONNECT without any Target (the default service), for legacy OBEX clients that cannot send
         * one. A CONNECT naming another service is refused either way.
         */
        public Builder allowUntargetedConnect() {
            this.untargetedConnectAllowed = true;
            return this;
        }

        /** The session layer that answers DM messages. */
        public Builder handler(DmExchangeHandler v) {
            this.handler = Objects.requireNonNull(v, "handler");
            return this;
        }

        /** Serves GET {@code bootstrap} from this service (its policy decides per connection). */
        public Builder bootstrap(BootstrapService v) {
            this.bootstrap = Objects.requireNonNull(v, "bootstrap");
            return this;
        }

        public Builder maxMessageBytes(int v) {
            this.maxMessageBytes = v;
            return this;
        }

        /** The largest packet this side accepts (255..65535); announced in the CONNECT response. */
        public Builder maxPacketLength(int v) {
            if (v < 255 || v > 65535) {
                throw new IllegalArgumentException("maximum packet length must be 255..65535: " + v);
            }
            this.maxPacketLength = v;
            return this;
        }

        public Builder maxConnections(int v) {
            this.maxConnections = v;
            return this;
        }

        /** A connection silent for this long is closed. */
        public Builder idleTimeout(Duration v) {
            this.idleTimeout = Objects.requireNonNull(v, "idleTimeout");
            return this;
        }

        /** Binds the listening socket; {@link #start()} it to accept connections. */
        public ObexDmServer build() throws IOException {
            if (sslContext == null && !plainTcp) {
                throw new IllegalStateException(
                        "no TLS context: configure tls(...) or, knowingly, plainTcp() for HMAC-only transport");
            }
            if (handler == null && bootstrap == null) {
                throw new IllegalStateException("nothing to serve: configure handler(...) and/or bootstrap(...)");
            }
            return new ObexDmServer(this);
        }
    }
}
