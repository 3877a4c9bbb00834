package io.trustdm.server.notification;

import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.server.notification.NotificationService.State;
import io.trustdm.server.notification.NotificationService.Wake;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Where {@link NotificationService} keeps its wake jobs and the push history its rate limits are counted from:
 * {@link InMemoryWakeJobStore} for a server without a database, {@code io.trustdm.server.store.JdbcWakeJobStore} for
 * one on H2 or PostgreSQL, which several server nodes may share.
 *
 * <p>Every method is one atomic step. A push is always taken under a lease: {@link #start} and {@link #takeDue} hand
 * out a job in {@link State#SENDING} with a token, and only the holder of that token may {@link #settle} it. Once the
 * lease has run out (the node died during the bearer call) the next {@link #takeDue} on any node treats the push as
 * sent without an answer. So a push is never made twice for one attempt, and a job is never left in SENDING for good.
 *
 * <p>Rules that both implementations apply: one job not yet final per Device; rate limits ({@link
 * NotificationPolicy#deviceSpacing()}, {@link NotificationPolicy#serverIdBudget()}) counted from the pushes recorded
 * by every user of the store; an accepted push with no Alert 1200 by its deadline is re-sent until
 * {@link NotificationPolicy#maxAttempts()}, then the job is {@link State#TIMED_OUT}.
 */
public interface WakeJobStore {
    /** Recent jobs kept per Device (older final jobs are dropped); also the SessionIDs a new job must not reuse. */
    int HISTORY_PER_DEVICE = 16;

    /**
     * A job to create.
     *
     * @param sessionIds draws candidate SessionIDs (1..FFFF); the store takes the first not used by the Device's recent
     *                   jobs
     */
    record NewWake(String jobId, String deviceId, String serverId, UiMode uiMode, IntSupplier sessionIds) {}

    /** What {@link #start} or {@link #takeDue} did. */
    sealed interface Step {
        /** {@link #start}: the Device already has a job that is not final; nothing was created. */
        record Existing(Wake wake) implements Step {}

        /** {@link #start}: the rate limit does not allow a push for {@code retryAfter}; nothing was created. */
        record Limited(Duration retryAfter) implements Step {}

        /** A push is due now: the caller holds the job's lease, pushes, then {@link #settle}s with {@code token}. */
        record Push(Wake wake, String token) implements Step {}

        /** {@link #takeDue}: the push was due but the rate limit held it back; the job was rescheduled. */
        record Deferred(Wake wake) implements Step {}

        /** {@link #takeDue}: the job's last push went unanswered and it had no push left; it is now final. */
        record TimedOut(Wake wake) implements Step {}
    }

    /**
     * Creates the job and takes its first push, unless the Device has an active job or the rate limit says no.
     *
     * @param leaseUntil when the first push's lease runs out if it is never settled
     */
    Step start(NewWake wake, NotificationPolicy policy, Instant now, Instant leaseUntil);

    /**
     * Takes one job whose next action is due (a retry, a re-send or a timeout), skipping jobs another caller is
     * taking right now, after settling expired push leases. Empty when nothing is due.
     */
    Optional<Step> takeDue(NotificationPolicy policy, Instant now, Instant leaseUntil);

    /**
     * Records what the bearer said about a leased push: the job moves to {@code state} (with {@code nextAt}, null for
     * a final state). Empty when the lease is no longer held (the Device answered meanwhile, or the lease ran out).
     */
    Optional<Wake> settle(String jobId, String token, State state, Instant nextAt, String lastResult, Instant now);

    /**
     * The Device answered (Alert 1200) with this SessionID: its newest job with that SessionID that is not yet
     * answered becomes {@link State#ANSWERED}, whatever state it was in. Empty when no such job exists.
     */
    Optional<Wake> answered(String deviceId, int sessionId, String lastResult, Instant now);

    /** The Device's recent jobs, newest first. */
    List<Wake> history(String deviceId);

    /** A job by its id. */
    Optional<Wake> job(String jobId);

    /** Forgets pushes made before {@code before} (older than every rate-limit window); returns how many. */
    int prunePushes(Instant before);

    /** The text a job gets when it times out. */
    static String timeoutResult(NotificationPolicy policy, int attempts) {
        return "no Alert 1200 within " + policy.answerTimeout() + " after " + attempts + " pushes";
    }

    /** The text a job gets when its push lease ran out: the node died during the bearer call. */
    String LEASE_EXPIRED = "push outcome unknown (the node making it stopped); waiting for an answer";
}
