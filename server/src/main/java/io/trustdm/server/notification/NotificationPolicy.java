package io.trustdm.server.notification;

import java.time.Duration;
import java.time.Instant;

/**
 * How hard {@link NotificationService} tries to wake a Device, and how it keeps from flooding (security.md §4.3 step 8
 * and §4.4: Devices rate-limit triggers per ServerID and drop repeated SessionIDs, so sending faster only wastes SMS).
 *
 * @param answerTimeout    how long an accepted push may go without the Device's Alert 1200 before it is re-sent
 * @param maxAttempts      pushes per wake at most, the first included (bounded retries)
 * @param firstBackoff     wait before the first retry after a bearer failure; doubles per attempt
 * @param maxBackoff       ceiling of that wait
 * @param deviceSpacing    least time between two triggers to one Device (match the Devices' own per-ServerID limit)
 * @param serverIdBudget   triggers at most per ServerID in one {@code serverIdWindow}, over all Devices
 * @param serverIdWindow   the window of that budget
 */
public record NotificationPolicy(
        Duration answerTimeout,
        int maxAttempts,
        Duration firstBackoff,
        Duration maxBackoff,
        Duration deviceSpacing,
        int serverIdBudget,
        Duration serverIdWindow) {

    public NotificationPolicy {
        positive(answerTimeout, "answerTimeout");
        positive(firstBackoff, "firstBackoff");
        positive(maxBackoff, "maxBackoff");
        positive(serverIdWindow, "serverIdWindow");
        if (deviceSpacing == null || deviceSpacing.isNegative()) {
            throw new IllegalArgumentException("deviceSpacing must be zero or positive");
        }
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be 1..10, was " + maxAttempts);
        }
        if (serverIdBudget < 1) {
            throw new IllegalArgumentException("serverIdBudget must be positive");
        }
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be shorter than firstBackoff");
        }
    }

    /**
     * Two minutes for the answer, three pushes, backoff 10 s to 5 min, 30 s between triggers to one Device, 600
     * triggers per ServerID per minute.
     */
    public static NotificationPolicy defaults() {
        return new NotificationPolicy(
                Duration.ofMinutes(2),
                3,
                Duration.ofSeconds(10),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                600,
                Duration.ofMinutes(1));
    }

    /** The wait before push number {@code attempt + 1} after push number {@code attempt} failed at the bearer. */
    public Duration backoffAfter(int attempt) {
        Duration d = firstBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /**
     * Zero when a push may go at {@code now}, else how long until it may, from the pushes recorded so far.
     *
     * @param lastToDevice   the last push to this Device, or {@code null}
     * @param sentInWindow   pushes for this ServerID after {@code now - serverIdWindow}
     * @param oldestInWindow the oldest of those, or {@code null} when there are none
     */
    public Duration waitBeforePush(Instant lastToDevice, int sentInWindow, Instant oldestInWindow, Instant now) {
        Duration wait = Duration.ZERO;
        if (lastToDevice != null && lastToDevice.plus(deviceSpacing).isAfter(now)) {
            wait = Duration.between(now, lastToDevice.plus(deviceSpacing));
        }
        if (sentInWindow >= serverIdBudget && oldestInWindow != null) {
            Duration w = Duration.between(now, oldestInWindow.plus(serverIdWindow));
            if (w.compareTo(wait) > 0) {
                wait = w;
            }
        }
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** How long pushes must be remembered for the rate limits. */
    public Duration pushMemory() {
        return deviceSpacing.compareTo(serverIdWindow) > 0 ? deviceSpacing : serverIdWindow;
    }

    public NotificationPolicy withAnswerTimeout(Duration d) {
        return new NotificationPolicy(
                d, maxAttempts, firstBackoff, maxBackoff, deviceSpacing, serverIdBudget, serverIdWindow);
    }

    public NotificationPolicy withDeviceSpacing(Duration d) {
        return new NotificationPolicy(
                answerTimeout, maxAttempts, firstBackoff, maxBackoff, d, serverIdBudget, serverIdWindow);
    }

    public NotificationPolicy withServerIdBudget(int budget, Duration window) {
        return new NotificationPolicy(
                answerTimeout, maxAttempts, firstBackoff, maxBackoff, deviceSpacing, budget, window);
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
