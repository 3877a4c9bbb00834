package io.trustdm.server.notification;

import io.trustdm.protocol.notification.NotificationMessage;
import io.trustdm.protocol.notification.NotificationMessage.Initiator;
import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.notification.NotificationDigest;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.auth.DeviceAccounts;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes Devices with signed Package #0 triggers and records, per wake job, whether the Device answered (Alert 1200
 * with the trigger's SessionID, OMA-TS-DM_Notification §6) or timed out. The digest is made with the server's
 * credentials toward that Device (its SRVCRED, per Device) and the ServerNonce the Device issued; a Device that
 * cannot verify it ignores the trigger silently, so silence is the only failure the server ever sees.
 *
 * <p>Re-sending: a push the bearer could not take is retried with exponential backoff, and an accepted push that the
 * Device did not answer within the answer timeout is re-sent, up to {@link NotificationPolicy#maxAttempts()} pushes.
 * A re-sent trigger keeps its SessionID (security.md §4.3 step 7: the Device needs only one session for it, and
 * drops repeats of a SessionID it already acted on); a new wake always gets a new SessionID. A push refused by the
 * bearer (bad address, forbidden) is not retried.
 *
 * <p>Flooding: one active job per Device ({@link #wake} returns it again), at least
 * {@link NotificationPolicy#deviceSpacing()} between two triggers to one Device, and at most
 * {@link NotificationPolicy#serverIdBudget()} triggers per ServerID per window (security.md §4.4).
 *
 * <p>Persistence: jobs and the push history the rate limits are counted from live in a {@link WakeJobStore}. On a
 * database ({@code JdbcWakeJobStore}) they survive a restart and are shared by every server node on that database:
 * a wake started on one node is retried, answered or timed out by whichever node gets there first, each push under a
 * lease so no attempt is pushed twice, and the limits count every node's pushes (docs/NOTIFICATION.md).
 *
 * <p>Thread-safe. Bearer calls run outside any store transaction, so a Device that answers before the bearer call
 * returns is recorded correctly. Retries and timeouts advance in {@link #runDue()}, which {@link #start} schedules.
 */
public final class NotificationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);
    private static final int MAX_PER_PASS = 1000;

    /** Where a wake job stands. */
    public enum State {
        /** Waiting for its next push (after a bearer failure, or for the rate limit). */
        SCHEDULED,
        /** A push is being handed to the bearer. */
        SENDING,
        /** The bearer accepted the push; waiting for Alert 1200. */
        AWAITING_ANSWER,
        /** The Device came back with Alert 1200 and the job's SessionID. */
        ANSWERED,
        /** Every push was accepted or tried, and the Device never answered. */
        TIMED_OUT,
        /** The bearer refused the push, or failed on every attempt. */
        FAILED;

        public boolean isFinal() {
            return this == ANSWERED || this == TIMED_OUT || this == FAILED;
        }
    }

    /**
     * A snapshot of one wake job.
     *
     * @param jobId      opaque id of the job
     * @param sessionId  the trigger's SessionID, 1..FFFF, the same for every push of this job
     * @param attempts   pushes made so far
     * @param lastSent   when the last push was handed to the bearer, or {@code null}
     * @param answered   when the Device answered, or {@code null}
     * @param nextAction when the job next moves (retry time or answer deadline), or {@code null} when final
     * @param lastResult what the bearer said last, or the reason for the state
     */
    public record Wake(
            String jobId,
            String deviceId,
            String serverId,
            int sessionId,
            UiMode uiMode,
            State state,
            int attempts,
            Instant created,
            Instant lastSent,
            Instant answered,
            Instant nextAction,
            String lastResult) {
        /** The SessionID as the Device writes it in SyncHdr: upper-case hex without leading zeros. */
        public String sessionIdHex() {
            return Integer.toHexString(sessionId).toUpperCase(Locale.ROOT);
        }

        public boolean isAnswered() {
            return state == State.ANSWERED;
        }
    }

    /** How long a node holds a push it is making before another node may take the job over. */
    public static final Duration PUSH_LEASE = Duration.ofMinutes(2);

    private final DeviceAccounts accounts;
    private final NotificationSender sender;
    private final SecureRandom random;
    private final Clock clock;
    private final NotificationPolicy policy;
    private final WakeJobStore store;
    private final int version;
    private final Object lock = new Object();
    private ScheduledExecutorService scheduler;
    private Instant lastPrune = Instant.MIN;
    private volatile java.util.function.Consumer<Wake> finalListener = w -> {};

    /**
     * Called whenever this service moves a wake job to a final state (keep it short). In a cluster each final state is
     * reported once, by the node that made the move.
     */
    public void onFinal(java.util.function.Consumer<Wake> listener) {
        this.finalListener = Objects.requireNonNull(listener, "listener");
    }

    /** Wake jobs in the heap of this process ({@link InMemoryWakeJobStore}). */
    public NotificationService(
            DeviceAccounts accounts,
            NotificationSender sender,
            SecureRandom random,
            Clock clock,
            NotificationPolicy policy) {
        this(accounts, sender, random, clock, policy, new InMemoryWakeJobStore());
    }

    /** Wake jobs in {@code store}, which may be shared with other server nodes. */
    public NotificationService(
            DeviceAccounts accounts,
            NotificationSender sender,
            SecureRandom random,
            Clock clock,
            NotificationPolicy policy,
            WakeJobStore store) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.store = Objects.requireNonNull(store, "store");
        this.version = NotificationMessage.VERSION_1_1;
    }

    /** With {@link NotificationPolicy#defaults()} except the spacing between triggers to one Device. */
    public NotificationService(
            DeviceAccounts accounts,
            NotificationSender sender,
            SecureRandom random,
            Clock clock,
            Duration deviceSpacing) {
        this(accounts, sender, random, clock, NotificationPolicy.defaults().withDeviceSpacing(deviceSpacing));
    }

    /** The store the jobs live in. */
    public WakeJobStore store() {
        return store;
    }

    /** Wakes a Device for a background session: the entry point a REST layer calls. */
    public Wake wake(String deviceId) {
        return wake(deviceId, UiMode.BACKGROUND);
    }

    /**
     * Starts a wake job and makes its first push. When the Device already has an active job, that job is returned
     * and nothing is sent.
     *
     * @return the job after its first push (or the active job)
     * Bearer failures never reach the caller: they are recorded in the job and retried.
     *
     * @throws WakeRefusedException when the Device is unknown, has no server credentials or ServerNonce (it could not
     *     verify a trigger), or the rate limit does not allow a trigger now
     */
    public Wake wake(String deviceId, UiMode uiMode) {
        Objects.requireNonNull(uiMode, "uiMode");
        DeviceAccount a = accounts.account(deviceId)
                .orElseThrow(() -> new WakeRefusedException(
                        WakeRefusedException.Reason.UNKNOWN_DEVICE, "unknown device " + deviceId, null));
        if (a.serverKey() == null || a.serverName() == null || accounts.serverNonce(deviceId) == null) {
            throw new WakeRefusedException(
                    WakeRefusedException.Reason.NO_SERVER_CREDENTIALS,
                    "device " + deviceId + " has no server credentials or ServerNonce: it could not verify a trigger",
                    null);
        }
        Instant now = clock.instant();
        WakeJobStore.Step step = store.start(
                new WakeJobStore.NewWake(
                        newJobId(), deviceId, a.serverName(), uiMode, () -> 1 + random.nextInt(0xFFFF)),
                policy,
                now,
                now.plus(PUSH_LEASE));
        if (step instanceof WakeJobStore.Step.Existing e) {
            return e.wake();
        }
        if (step instanceof WakeJobStore.Step.Limited l) {
            throw new WakeRefusedException(
                    WakeRefusedException.Reason.RATE_LIMITED,
                    "device " + deviceId + " may not be woken for another " + l.retryAfter(),
                    l.retryAfter());
        }
        WakeJobStore.Step.Push p = (WakeJobStore.Step.Push) step;
        return push(p);
    }

    /**
     * The session engine saw Alert 1200 with this SessionID from this Device. A late answer (after the job timed
     * out or its bearer gave up) still counts: the trigger did reach the Device.
     */
    public void answered(String deviceId, String sessionIdHex) {
        int sessionId;
        try {
            sessionId = Integer.parseInt(sessionIdHex.strip(), 16);
        } catch (NumberFormatException | NullPointerException e) {
            return; // not a SessionID a trigger of ours could carry
        }
        if (sessionId < 1 || sessionId > 0xFFFF) {
            return;
        }
        store.answered(deviceId, sessionId, "Alert 1200 with SessionID " + sessionIdHex, clock.instant())
                .ifPresent(w -> {
                    LOG.info("device {} answered wake {} (attempt {})", deviceId, w.jobId(), w.attempts());
                    finalListener.accept(w);
                });
    }

    /** Makes due retries and marks unanswered jobs whose last push has run out of time; returns the jobs touched. */
    public List<Wake> runDue() {
        List<Wake> touched = new ArrayList<>();
        Instant now = clock.instant();
        pruneHistory(now);
        // bounded, so one pass cannot run forever when pushes keep becoming due
        for (int i = 0; i < MAX_PER_PASS; i++) {
            Optional<WakeJobStore.Step> step = store.takeDue(policy, now, now.plus(PUSH_LEASE));
            if (step.isEmpty()) {
                break;
            }
            WakeJobStore.Step s = step.get();
            if (s instanceof WakeJobStore.Step.TimedOut t) {
                LOG.info(
                        "wake {} of device {} timed out",
                        t.wake().jobId(),
                        t.wake().deviceId());
                finalListener.accept(t.wake());
                touched.add(t.wake());
            } else if (s instanceof WakeJobStore.Step.Deferred d) {
                touched.add(d.wake());
            } else if (s instanceof WakeJobStore.Step.Push p) {
                touched.add(push(p));
            }
            now = clock.instant();
        }
        return touched;
    }

    /** Runs {@link #runDue()} every {@code period} on a daemon thread until {@link #close()}. */
    public void start(Duration period) {
        synchronized (lock) {
            if (scheduler != null) {
                return;
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "trustdm-notifications");
                t.setDaemon(true);
                return t;
            });
            long ms = Math.max(10, period.toMillis());
            scheduler.scheduleWithFixedDelay(this::runDueLogged, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** The newest wake job of a Device, or {@code null}. */
    public Wake lastWake(String deviceId) {
        List<Wake> h = store.history(deviceId);
        return h.isEmpty() ? null : h.get(0);
    }

    /** The Device's recent wake jobs, newest first. */
    public List<Wake> history(String deviceId) {
        return store.history(deviceId);
    }

    /** A job by its id. */
    public Optional<Wake> job(String jobId) {
        return store.job(jobId);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (scheduler != null) {
                scheduler.shutdownNow();
                scheduler = null;
            }
        }
    }

    // ---- internals

    private void runDueLogged() {
        try {
            runDue();
        } catch (RuntimeException e) {
            LOG.warn("notification retry pass failed: {}", e.toString());
        }
    }

    private void pruneHistory(Instant now) {
        synchronized (lock) {
            if (lastPrune.plus(policy.pushMemory()).isAfter(now)) {
                return;
            }
            lastPrune = now;
        }
        store.prunePushes(now.minus(policy.pushMemory()));
    }

    /** Builds and hands one leased push to the bearer, then records what happened; returns the job after it. */
    private Wake push(WakeJobStore.Step.Push p) {
        Wake j = p.wake();
        Delivery d;
        try {
            d = sender.send(j.deviceId(), package0(j));
        } catch (IOException | RuntimeException e) {
            d = new Delivery.Unavailable(0, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Instant now = clock.instant();
        State state;
        Instant nextAt = null;
        String result;
        if (d instanceof Delivery.Accepted a) {
            state = State.AWAITING_ANSWER;
            nextAt = now.plus(policy.answerTimeout());
            result = "accepted" + (a.code() == 0 ? "" : " (" + a.code() + ")") + " as " + a.reference();
        } else if (d instanceof Delivery.Refused r) {
            state = State.FAILED;
            result = "refused (" + r.code() + "): " + r.description();
        } else {
            Delivery.Unavailable u = (Delivery.Unavailable) d;
            result = "unavailable (" + u.code() + "): " + u.description();
            if (j.attempts() >= policy.maxAttempts()) {
                state = State.FAILED;
            } else {
                state = State.SCHEDULED;
                nextAt = now.plus(policy.backoffAfter(j.attempts()));
            }
        }
        Optional<Wake> settled = store.settle(j.jobId(), p.token(), state, nextAt, result, now);
        if (settled.isEmpty()) {
            // the Device answered while the bearer call was running, or this node held the lease too long
            return store.job(j.jobId()).orElse(j);
        }
        Wake w = settled.get();
        if (state == State.FAILED) {
            LOG.warn("wake {} of device {} failed after {} pushes: {}", w.jobId(), w.deviceId(), w.attempts(), result);
            finalListener.accept(w);
        }
        return w;
    }

    /** A fresh digest per push: the ServerNonce may have changed since the last one. */
    private byte[] package0(Wake j) {
        DeviceAccount a = accounts.account(j.deviceId())
                .orElseThrow(() -> new IllegalStateException("device " + j.deviceId() + " was removed"));
        Nonce serverNonce = accounts.serverNonce(j.deviceId());
        if (a.serverKey() == null || serverNonce == null) {
            throw new IllegalStateException("device " + j.deviceId() + " lost its server credentials");
        }
        byte[] trigger =
                NotificationMessage.trigger(version, j.uiMode(), Initiator.SERVER, j.sessionId(), j.serverId(), null);
        return NotificationDigest.seal(a.serverKey(), serverNonce, trigger);
    }

    private String newJobId() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return "wake-" + HexFormat.of().formatHex(b);
    }
}
