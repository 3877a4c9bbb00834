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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * <p>Thread-safe. Bearer calls run outside the lock, so a Device that answers before the bearer call returns is
 * recorded correctly. Retries and timeouts advance in {@link #runDue()}, which {@link #start} schedules.
 */
public final class NotificationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);
    private static final int HISTORY_PER_DEVICE = 16;

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

    private static final class Job {
        final String jobId;
        final String deviceId;
        final String serverId;
        final int sessionId;
        final UiMode uiMode;
        final Instant created;
        State state = State.SCHEDULED;
        int attempts;
        Instant lastSent;
        Instant answered;
        Instant nextAction;
        String lastResult = "created";

        Job(String jobId, String deviceId, String serverId, int sessionId, UiMode uiMode, Instant created) {
            this.jobId = jobId;
            this.deviceId = deviceId;
            this.serverId = serverId;
            this.sessionId = sessionId;
            this.uiMode = uiMode;
            this.created = created;
        }

        Wake snapshot() {
            return new Wake(
                    jobId,
                    deviceId,
                    serverId,
                    sessionId,
                    uiMode,
                    state,
                    attempts,
                    created,
                    lastSent,
                    answered,
                    state.isFinal() ? null : nextAction,
                    lastResult);
        }
    }

    private final DeviceAccounts accounts;
    private final NotificationSender sender;
    private final SecureRandom random;
    private final Clock clock;
    private final NotificationPolicy policy;
    private final int version;
    private final Object lock = new Object();
    private final Map<String, Deque<Job>> jobs = new HashMap<>();
    private final Map<String, Deque<Instant>> sentPerServerId = new HashMap<>();
    private final Map<String, Instant> lastTriggerPerDevice = new HashMap<>();
    private ScheduledExecutorService scheduler;
    private volatile java.util.function.Consumer<Wake> finalListener = w -> {};

    /** Called (under the service's lock, so keep it short) whenever a wake job reaches a final state. */
    public void onFinal(java.util.function.Consumer<Wake> listener) {
        this.finalListener = Objects.requireNonNull(listener, "listener");
    }

    public NotificationService(
            DeviceAccounts accounts,
            NotificationSender sender,
            SecureRandom random,
            Clock clock,
            NotificationPolicy policy) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
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
        Job job;
        synchronized (lock) {
            Instant now = clock.instant();
            Deque<Job> history = jobs.computeIfAbsent(deviceId, d -> new ArrayDeque<>());
            Job active = history.peekFirst();
            if (active != null && !active.state.isFinal()) {
                return active.snapshot();
            }
            Duration wait = rateLimitWait(deviceId, a.serverName(), now);
            if (!wait.isZero()) {
                throw new WakeRefusedException(
                        WakeRefusedException.Reason.RATE_LIMITED,
                        "device " + deviceId + " may not be woken for another " + wait,
                        wait);
            }
            int sessionId;
            do {
                sessionId = 1 + random.nextInt(0xFFFF);
            } while (usedRecently(history, sessionId));
            job = new Job(newJobId(), deviceId, a.serverName(), sessionId, uiMode, now);
            history.addFirst(job);
            while (history.size() > HISTORY_PER_DEVICE) {
                history.removeLast();
            }
            beginPush(job, now);
        }
        push(job);
        return snapshot(job);
    }

    /**
     * The session engine saw Alert 1200 with this SessionID from this Device. A late answer (after the job timed
     * out or its bearer gave up) still counts: the trigger did reach the Device.
     */
    public void answered(String deviceId, String sessionIdHex) {
        synchronized (lock) {
            Deque<Job> history = jobs.get(deviceId);
            if (history == null) {
                return;
            }
            for (Job j : history) {
                if (j.state != State.ANSWERED && j.snapshot().sessionIdHex().equalsIgnoreCase(sessionIdHex)) {
                    j.state = State.ANSWERED;
                    j.answered = clock.instant();
                    j.lastResult = "Alert 1200 with SessionID " + sessionIdHex;
                    LOG.info("device {} answered wake {} (attempt {})", deviceId, j.jobId, j.attempts);
                    finalListener.accept(j.snapshot());
                    return;
                }
            }
        }
    }

    /** Makes due retries and marks unanswered jobs whose last push has run out of time; returns the jobs touched. */
    public List<Wake> runDue() {
        List<Job> toPush = new ArrayList<>();
        List<Job> touched = new ArrayList<>();
        synchronized (lock) {
            Instant now = clock.instant();
            for (Deque<Job> history : jobs.values()) {
                Job j = history.peekFirst();
                if (j == null || j.state.isFinal() || j.state == State.SENDING || j.nextAction.isAfter(now)) {
                    continue;
                }
                touched.add(j);
                if (j.state == State.AWAITING_ANSWER && j.attempts >= policy.maxAttempts()) {
                    j.state = State.TIMED_OUT;
                    j.lastResult =
                            "no Alert 1200 within " + policy.answerTimeout() + " after " + j.attempts + " pushes";
                    LOG.info("wake {} of device {} timed out", j.jobId, j.deviceId);
                    finalListener.accept(j.snapshot());
                    continue;
                }
                Duration wait = rateLimitWait(j.deviceId, j.serverId, now);
                if (!wait.isZero()) {
                    j.state = State.SCHEDULED;
                    j.nextAction = now.plus(wait);
                    j.lastResult = "rate limited";
                    continue;
                }
                beginPush(j, now);
                toPush.add(j);
            }
        }
        for (Job j : toPush) {
            push(j);
        }
        List<Wake> out = new ArrayList<>();
        for (Job j : touched) {
            out.add(snapshot(j));
        }
        return out;
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
        synchronized (lock) {
            Deque<Job> history = jobs.get(deviceId);
            return history == null || history.isEmpty()
                    ? null
                    : history.peekFirst().snapshot();
        }
    }

    /** The Device's recent wake jobs, newest first. */
    public List<Wake> history(String deviceId) {
        synchronized (lock) {
            Deque<Job> history = jobs.get(deviceId);
            return history == null
                    ? List.of()
                    : history.stream().map(Job::snapshot).toList();
        }
    }

    /** A job by its id. */
    public Optional<Wake> job(String jobId) {
        synchronized (lock) {
            return jobs.values().stream()
                    .flatMap(Deque::stream)
                    .filter(j -> j.jobId.equals(jobId))
                    .findFirst()
                    .map(Job::snapshot);
        }
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

    /** Called under the lock: counts the push against the limits and marks the job SENDING. */
    private void beginPush(Job j, Instant now) {
        j.state = State.SENDING;
        j.attempts++;
        j.lastSent = now;
        lastTriggerPerDevice.put(j.deviceId, now);
        sentPerServerId.computeIfAbsent(j.serverId, s -> new ArrayDeque<>()).addLast(now);
    }

    /** Builds and hands one push to the bearer, outside the lock, then records what happened. */
    private void push(Job j) {
        Delivery d;
        try {
            d = sender.send(j.deviceId, package0(j));
        } catch (IOException | RuntimeException e) {
            d = new Delivery.Unavailable(0, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        synchronized (lock) {
            Instant now = clock.instant();
            if (j.state != State.SENDING) {
                return; // the Device answered while the bearer call was running
            }
            if (d instanceof Delivery.Accepted a) {
                j.state = State.AWAITING_ANSWER;
                j.nextAction = now.plus(policy.answerTimeout());
                j.lastResult = "accepted" + (a.code() == 0 ? "" : " (" + a.code() + ")") + " as " + a.reference();
            } else if (d instanceof Delivery.Refused r) {
                j.state = State.FAILED;
                j.lastResult = "refused (" + r.code() + "): " + r.description();
                LOG.warn("wake {} of device {} refused by the bearer: {}", j.jobId, j.deviceId, j.lastResult);
                finalListener.accept(j.snapshot());
            } else if (d instanceof Delivery.Unavailable u) {
                j.lastResult = "unavailable (" + u.code() + "): " + u.description();
                if (j.attempts >= policy.maxAttempts()) {
                    j.state = State.FAILED;
                    LOG.warn(
                            "wake {} of device {} failed after {} pushes: {}",
                            j.jobId,
                            j.deviceId,
                            j.attempts,
                            j.lastResult);
                    finalListener.accept(j.snapshot());
                } else {
                    j.state = State.SCHEDULED;
                    j.nextAction = now.plus(policy.backoffAfter(j.attempts));
                }
            }
        }
    }

    /** A fresh digest per push: the ServerNonce may have changed since the last one. */
    private byte[] package0(Job j) {
        DeviceAccount a = accounts.account(j.deviceId)
                .orElseThrow(() -> new IllegalStateException("device " + j.deviceId + " was removed"));
        Nonce serverNonce = accounts.serverNonce(j.deviceId);
        if (a.serverKey() == null || serverNonce == null) {
            throw new IllegalStateException("device " + j.deviceId + " lost its server credentials");
        }
        byte[] trigger =
                NotificationMessage.trigger(version, j.uiMode, Initiator.SERVER, j.sessionId, j.serverId, null);
        return NotificationDigest.seal(a.serverKey(), serverNonce, trigger);
    }

    /** Zero when a trigger may go now, else how long until it may. Called under the lock. */
    private Duration rateLimitWait(String deviceId, String serverId, Instant now) {
        Duration wait = Duration.ZERO;
        Instant last = lastTriggerPerDevice.get(deviceId);
        if (last != null && last.plus(policy.deviceSpacing()).isAfter(now)) {
            wait = Duration.between(now, last.plus(policy.deviceSpacing()));
        }
        Deque<Instant> sent = sentPerServerId.get(serverId);
        if (sent != null) {
            Instant windowStart = now.minus(policy.serverIdWindow());
            while (!sent.isEmpty() && !sent.peekFirst().isAfter(windowStart)) {
                sent.removeFirst();
            }
            if (sent.size() >= policy.serverIdBudget()) {
                Duration w = Duration.between(now, sent.peekFirst().plus(policy.serverIdWindow()));
                if (w.compareTo(wait) > 0) {
                    wait = w;
                }
            }
        }
        return wait;
    }

    private static boolean usedRecently(Deque<Job> history, int sessionId) {
        for (Job j : history) {
            if (j.sessionId == sessionId) {
                return true;
            }
        }
        return false;
    }

    private String newJobId() {
        byte[] b = new byte[8];
        random.nextBytes(b);
        return "wake-" + HexFormat.of().formatHex(b);
    }

    private Wake snapshot(Job j) {
        synchronized (lock) {
            return j.snapshot();
        }
    }
}
