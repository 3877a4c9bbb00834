package io.trustdm.server;

import io.trustdm.server.session.ServerSessionEngine;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How one {@link DmServer} process behaves as a node: the address Devices are given, the node's own address for the
 * rest of a session, the session idle timeout and the admission bound. A single server uses {@link #defaults()}; a
 * cluster node behind a load balancer sets {@code publicUri} (the balancer) and {@code respUri} (this node through
 * the balancer), see docs/CLUSTER.md.
 *
 * @param publicUri          the DM URL Devices are given (bootstrap, SyncHdr Source), or {@code null} for this
 *                           node's own {@code https://localhost:port/dm}
 * @param respUri            the RespURI of every session of this node, or {@code null} for none
 * @param sessionIdleTimeout a session silent this long is dropped and its job given back; must be shorter than the
 *                           registry's job lease
 * @param maxSessions        sessions in progress at most; a new one beyond is answered 503 with Retry-After
 * @param retryAfter         the Retry-After of that answer
 * @param proxyProtocol      accept the PROXY protocol from the load balancer, so logs and the audit trail carry the
 *                           Device's address (docs/CLUSTER.md); only where the port is reachable from the balancer
 *                           alone
 */
public record NodeOptions(
        URI publicUri,
        URI respUri,
        Duration sessionIdleTimeout,
        int maxSessions,
        Duration retryAfter,
        boolean proxyProtocol) {
    public NodeOptions {
        Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
            throw new IllegalArgumentException("sessionIdleTimeout must be positive");
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1");
        }
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be positive");
        }
    }

    /** One standalone server: its own address, no RespURI, 5-minute idle timeout, the engine's default bound. */
    public static NodeOptions defaults() {
        return new NodeOptions(
                null,
                null,
                Duration.ofMinutes(5),
                ServerSessionEngine.DEFAULT_MAX_SESSIONS,
                ServerSessionEngine.DEFAULT_RETRY_AFTER,
                false);
    }

    public NodeOptions withPublicUri(URI v) {
        return new NodeOptions(v, respUri, sessionIdleTimeout, maxSessions, retryAfter, proxyProtocol);
    }

    public NodeOptions withRespUri(URI v) {
        return new NodeOptions(publicUri, v, sessionIdleTimeout, maxSessions, retryAfter, proxyProtocol);
    }

    public NodeOptions withSessionIdleTimeout(Duration v) {
        return new NodeOptions(publicUri, respUri, v, maxSessions, retryAfter, proxyProtocol);
    }

    public NodeOptions withAdmission(int max, Duration retry) {
        return new NodeOptions(publicUri, respUri, sessionIdleTimeout, max, retry, proxyProtocol);
    }

    public NodeOptions withProxyProtocol(boolean v) {
        return new NodeOptions(publicUri, respUri, sessionIdleTimeout, maxSessions, retryAfter, v);
    }
}
