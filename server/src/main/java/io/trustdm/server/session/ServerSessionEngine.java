package io.trustdm.server.session;

import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import io.trustdm.server.http.DmExchangeHandler;
import io.trustdm.server.http.DmHttpRequest;
import io.trustdm.server.http.DmHttpResponse;
import io.trustdm.server.http.ServerBusyException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Routes each DM message to its {@link ServerSession}: decodes it, finds or starts the session (a new session must
 * open with Alert 1200 or 1201 from a registered Device), serialises the messages of one session, and expires
 * sessions that go quiet, giving their claimed jobs back.
 *
 * <p>Admission: at most {@link #admission(int, Duration) maxSessions} sessions are in progress on this engine; a
 * message that would start one more is refused with {@link ServerBusyException} (HTTP 503 with Retry-After) before
 * the database is asked anything, while messages of running sessions are always served. A node at capacity therefore
 * answers at once instead of letting Devices time out, and no half-started session holds a job.
 */
public final class ServerSessionEngine implements DmExchangeHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ServerSessionEngine.class);

    private final SyncMlCodec codec;
    private final String serverUri;
    private final DeviceDirectory directory;
    private final JobQueue jobs;
    private final ServerAuthenticatorFactory authFactory;
    private final Duration idleTimeout;
    private volatile Duration authTimeout = DEFAULT_AUTH_TIMEOUT;
    private final Map<String, ServerSession> sessions = new ConcurrentHashMap<>();
    private volatile java.util.function.BiConsumer<String, SyncMl> sessionStarted = (d, m) -> {};
    private volatile long maxMsgSize = ServerSession.DEFAULT_MAX_MSG_SIZE;
    private volatile long maxObjSize = ServerSession.DEFAULT_MAX_OBJ_SIZE;
    private volatile String respUri;
    private volatile int maxSessions = DEFAULT_MAX_SESSIONS;
    private volatile Duration retryAfter = DEFAULT_RETRY_AFTER;
    private final Object admission = new Object();
    private volatile UnitOfWork unitOfWork = UnitOfWork.NONE;

    /** Default bound on concurrent Management Sessions per engine (per server node). */
    public static final int DEFAULT_MAX_SESSIONS = 256;

    /** Default Retry-After of a refused session start. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);

    /**
     * Default silence after which a session whose Device has not authenticated is dropped. A Device answers a
     * challenge at once; a session that stays unauthenticated is a wrong password or someone holding admission slots
     * with a known DevId and no secret, and must not keep a slot for the whole idle timeout.
     */
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How long a session whose Device has not (yet) authenticated may stay silent before it is dropped and its
     * admission slot freed; the shorter of this and the idle timeout applies. Authenticated sessions keep the idle
     * timeout.
     */
    public ServerSessionEngine authenticationTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("authentication timeout must be positive");
        }
        this.authTimeout = timeout;
        return this;
    }

    /**
     * Bounds the sessions in progress: a new session beyond {@code maxSessions} is refused with
     * {@link ServerBusyException} carrying {@code retryAfter}. Sessions already running are not affected.
     */
    public ServerSessionEngine admission(int maxSessions, Duration retryAfter) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1");
        }
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be positive");
        }
        this.maxSessions = maxSessions;
        this.retryAfter = retryAfter;
        return this;
    }

    /**
     * The RespURI this engine puts in the SyncHdr of every message of a session (S-REP §4.1.1.17), or {@code null}
     * for none. In a cluster it names this node (see docs/CLUSTER.md), so that the rest of a session, which lives in
     * this node's memory, reaches this node. Applies to sessions started afterwards.
     */
    public ServerSessionEngine respUri(String uri) {
        this.respUri = uri;
        return this;
    }

    /**
     * Runs each message of a session in {@code unit}, so that what the session stores while handling the message and
     * building its reply becomes durable at once, before the reply is returned to the transport (docs/STORAGE.md).
     */
    public ServerSessionEngine unitOfWork(UnitOfWork unit) {
        this.unitOfWork = Objects.requireNonNull(unit, "unit");
        return this;
    }

    private volatile boolean draining;
    private volatile long retryAfterSeconds = 30;
    private final CountDownLatch drainStarted = new CountDownLatch(1);
    private final Object idleMonitor = new Object();

    /** Called with the Device identity and its first message whenever a new session starts (e.g. Alert 1200). */
    public void onSessionStart(java.util.function.BiConsumer<String, SyncMl> listener) {
        this.sessionStarted = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The MaxMsgSize and MaxObjSize the server announces in every SyncHdr (S-PRO §2.2): Devices split their messages
     * and send larger Results as MoreData chunks to stay within them, and must not send an object above
     * {@code maxObjSize} at all. Applies to sessions started afterwards. Defaults: 64 KiB and 1 MiB.
     */
    public ServerSessionEngine messageLimits(long maxMsgSize, long maxObjSize) {
        if (maxMsgSize < 1024 || maxObjSize < 1) {
            throw new IllegalArgumentException("MaxMsgSize must be at least 1024 and MaxObjSize positive");
        }
        this.maxMsgSize = maxMsgSize;
        this.maxObjSize = maxObjSize;
        return this;
    }

    public ServerSessionEngine(
            SyncMlCodec codec,
            String serverUri,
            DeviceDirectory directory,
            JobQueue jobs,
            ServerAuthenticatorFactory authFactory,
            Duration idleTimeout) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.serverUri = Objects.requireNonNull(serverUri, "serverUri");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.authFactory = Objects.requireNonNull(authFactory, "authFactory");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    /**
     * Starts the shutdown: from now on a message that would open a new Management Session is answered with HTTP 503
     * and {@code Retry-After} (see {@link ServerBusyException}); sessions already running go on.
     */
    public void drain(Duration retryAfter) {
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
        if (!draining) {
            draining = true;
            LOG.info("draining: no new sessions, {} running", sessions.size());
        }
        drainStarted.countDown();
    }

    /** Whether {@link #drain} was called. */
    public boolean isDraining() {
        return draining;
    }

    /** Waits until {@link #drain} has been called; for shutdown hooks and tests. */
    public boolean awaitDraining(Duration timeout) throws InterruptedException {
        return drainStarted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until no Management Session is running, or {@code grace} has passed; idle sessions past the idle timeout
     * are expired while waiting. Returns the number of sessions still running (0 = all finished).
     */
    public int awaitIdle(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (idleMonitor) {
            while (true) {
                expireIdle();
                if (draining) {
                    dropUnauthenticated();
                }
                int running = sessions.size();
                long left = deadline - System.nanoTime();
                if (running == 0 || left <= 0) {
                    return running;
                }
                // woken when a session ends; re-checked at least every second for idle expiry
                TimeUnit.NANOSECONDS.timedWait(idleMonitor, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
        }
    }

    /**
     * At shutdown a session whose Device has not authenticated (it was refused or is being challenged) holds no job
     * and gets no grace: it is ended, and a retry is answered 503 like any new session.
     */
    private void dropUnauthenticated() {
        for (ServerSession s : sessions.values()) {
            synchronized (s) {
                if (s.isAuthenticated() || s.isFinished()) {
                    continue;
                }
                s.expire();
            }
            sessions.remove(s.key(), s);
            LOG.info("session {} ended at shutdown: its Device had not authenticated", s.key());
        }
    }

    private void sessionEnded() {
        synchronized (idleMonitor) {
            idleMonitor.notifyAll();
        }
    }

    @Override
    public DmHttpResponse handle(DmHttpRequest request) throws ServerBusyException {
        SyncMl msg = codec.decode(request.body(), request.encoding());
        expireIdle();
        SyncHdr h = msg.header();
        String deviceId = h.source().locUri();
        try (MDC.MDCCloseable d = MDC.putCloseable("deviceId", deviceId);
                MDC.MDCCloseable s = MDC.putCloseable("sessionId", h.sessionId())) {
            // One unit of work per message (docs/STORAGE.md): what handling it stores, from the admission reads to
            // the audit of the reply, commits once, here, before the transport writes the reply.
            return unitOfWork.inMessage(() -> handleInContext(msg, request, h, deviceId));
        }
    }

    private DmHttpResponse handleInContext(SyncMl msg, DmHttpRequest request, SyncHdr h, String deviceId) {
        String key = deviceId + "/" + h.sessionId();
        ServerSession session = sessions.get(key);
        if (session == null) {
            if (draining) {
                LOG.info("refused new session {} of device {}: server is shutting down", h.sessionId(), deviceId);
                throw new ServerBusyException(
                        "server is shutting down; try again later", Duration.ofSeconds(retryAfterSeconds));
            }
            // cheap early refusal: an overloaded node must not spend database round trips on sessions it will refuse
            admit(h.sessionId());
            if (!directory.isKnown(deviceId)) {
                LOG.info(
                        "refused session {} from unknown device {} at {}",
                        h.sessionId(),
                        deviceId,
                        request.remoteAddress());
                return refuse(msg, request, StatusCode.UNAUTHORIZED);
            }
            var locked = directory.lockedUntil(deviceId);
            if (locked.isPresent()) {
                LOG.info(
                        "refused session {} of device {}: authentication backoff until {}",
                        h.sessionId(),
                        deviceId,
                        locked.get());
                return refuse(msg, request, StatusCode.UNAUTHORIZED);
            }
            if (!startsSession(msg)) {
                return refuse(msg, request, StatusCode.BAD_REQUEST);
            }
            ServerAuthenticator auth = authFactory.forSession(deviceId, h.sessionId(), request);
            session = new ServerSession(
                    deviceId, h.sessionId(), serverUri, request.encoding(), auth, directory, jobs, codec);
            session.messageLimits(maxMsgSize, maxObjSize);
            session.respUri(respUri);
            ServerSession raced;
            synchronized (admission) {
                raced = sessions.get(key);
                if (raced == null) {
                    admit(h.sessionId());
                    sessions.put(key, session);
                }
            }
            if (raced != null) {
                session = raced;
            } else {
                sessionStarted.accept(deviceId, msg);
            }
        }
        ServerSession.Reply reply;
        synchronized (session) {
            reply = session.onDeviceMessage(msg, request);
        }
        if (reply.last()) {
            sessions.remove(key, session);
            LOG.info("session {} of device {} finished after message {}", h.sessionId(), deviceId, h.msgId());
            sessionEnded();
        }
        return new DmHttpResponse(reply.body(), reply.hmacHeader());
    }

    private void admit(String sessionId) throws ServerBusyException {
        int limit = maxSessions;
        if (sessions.size() >= limit) {
            throw new ServerBusyException(
                    "session " + sessionId + " refused: " + limit + " sessions in progress", retryAfter);
        }
    }

    /** Number of sessions in progress. */
    public int activeSessions() {
        return sessions.size();
    }

    private static boolean startsSession(SyncMl msg) {
        for (Command c : msg.body().commands()) {
            if (c instanceof Alert a
                    && (a.code() == AlertCode.CLIENT_INITIATED_MGMT || a.code() == AlertCode.SERVER_INITIATED_MGMT)) {
                return true;
            }
        }
        return false;
    }

    /** Answers a message that cannot start a session: its SyncHdr and commands get {@code code}, and Final. */
    private DmHttpResponse refuse(SyncMl msg, DmHttpRequest request, int code) {
        SyncHdr h = msg.header();
        List<Command> out = new ArrayList<>();
        out.add(Status.of("1", h.msgId(), "0", "SyncHdr", code));
        int id = 2;
        for (Command c : msg.body().commands()) {
            if (!(c instanceof Status)) {
                out.add(Status.of(Integer.toString(id++), h.msgId(), c.cmdId(), c.name(), code));
            }
        }
        SyncHdr hdr = SyncHdr.builder()
                .sessionId(h.sessionId())
                .msgId("1")
                .target(Target.of(h.source().locUri()))
                .source(Source.of(serverUri))
                .build();
        return new DmHttpResponse(codec.encode(new SyncMl(hdr, new SyncBody(out, true)), request.encoding()), null);
    }

    private void expireIdle() {
        Instant now = Instant.now();
        Instant cutoff = now.minus(idleTimeout);
        Duration authLimit = authTimeout.compareTo(idleTimeout) < 0 ? authTimeout : idleTimeout;
        Instant authCutoff = now.minus(authLimit);
        for (ServerSession s : sessions.values()) {
            Instant last = s.lastActivity();
            if (!last.isBefore(authCutoff)) {
                continue;
            }
            boolean unauthenticated;
            synchronized (s) {
                if (s.isFinished()) {
                    sessions.remove(s.key(), s);
                    continue;
                }
                unauthenticated = !s.isAuthenticated();
                if (!unauthenticated && !s.lastActivity().isBefore(cutoff)) {
                    continue;
                }
                s.expire();
            }
            sessions.remove(s.key(), s);
            if (unauthenticated) {
                LOG.info("session {} dropped after {} without authentication", s.key(), authLimit);
            } else {
                LOG.info("session {} expired after {} of silence", s.key(), idleTimeout);
            }
            sessionEnded();
        }
    }
}
