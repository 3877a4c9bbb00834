package io.trustdm.server.notification;

import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.server.notification.NotificationService.State;
import io.trustdm.server.notification.NotificationService.Wake;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wake jobs and push history in the heap, for a server without a database: lost on restart and seen by this process
 * only. Thread-safe (one lock; every method is short).
 */
public final class InMemoryWakeJobStore implements WakeJobStore {
    private static final class Job {
        final String jobId;
        final String deviceId;
        final String serverId;
        final int sessionId;
        final UiMode uiMode;
        final Instant created;
        State state = State.SENDING;
        int attempts;
        Instant updated;
        Instant lastSent;
        Instant answered;
        Instant nextAt;
        String lastResult = "created";
        String token;
        Instant leaseUntil;

        Job(String jobId, String deviceId, String serverId, int sessionId, UiMode uiMode, Instant created) {
            this.jobId = jobId;
            this.deviceId = deviceId;
            this.serverId = serverId;
            this.sessionId = sessionId;
            this.uiMode = uiMode;
            this.created = created;
            this.updated = created;
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
                    state.isFinal() ? null : nextAt,
                    lastResult);
        }
    }

    private record Push(String deviceId, String serverId, Instant at) {}

    private final Object lock = new Object();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Deque<Job>> jobs = new HashMap<>();
    private final Deque<Push> pushes = new ArrayDeque<>();

    @Override
    public Step start(NewWake w, NotificationPolicy policy, Instant now, Instant leaseUntil) {
        synchronized (lock) {
            Deque<Job> history = jobs.computeIfAbsent(w.deviceId(), d -> new ArrayDeque<>());
            Job active = history.peekFirst();
            if (active != null && !active.state.isFinal()) {
                return new Step.Existing(active.snapshot());
            }
            java.time.Duration wait = waitBeforePush(w.deviceId(), w.serverId(), policy, now);
            if (!wait.isZero()) {
                return new Step.Limited(wait);
            }
            int sessionId;
            do {
                sessionId = w.sessionIds().getAsInt();
            } while (usedRecently(history, sessionId));
            Job j = new Job(w.jobId(), w.deviceId(), w.serverId(), sessionId, w.uiMode(), now);
            history.addFirst(j);
            while (history.size() > HISTORY_PER_DEVICE) {
                history.removeLast();
            }
            return beginPush(j, now, leaseUntil);
        }
    }

    @Override
    public Optional<Step> takeDue(NotificationPolicy policy, Instant now, Instant leaseUntil) {
        synchronized (lock) {
            for (Deque<Job> history : jobs.values()) {
                Job j = history.peekFirst();
                if (j != null && j.state == State.SENDING && j.leaseUntil.isBefore(now)) {
                    j.state = State.AWAITING_ANSWER;
                    j.nextAt = j.lastSent.plus(policy.answerTimeout());
                    j.lastResult = LEASE_EXPIRED;
                    j.token = null;
                    j.leaseUntil = null;
                    j.updated = now;
                }
            }
            Job due = null;
            for (Deque<Job> history : jobs.values()) {
                Job j = history.peekFirst();
                if (j == null || j.state.isFinal() || j.state == State.SENDING || j.nextAt.isAfter(now)) {
                    continue;
                }
                if (due == null || j.nextAt.isBefore(due.nextAt)) {
                    due = j;
                }
            }
            if (due == null) {
                return Optional.empty();
            }
            due.updated = now;
            if (due.state == State.AWAITING_ANSWER && due.attempts >= policy.maxAttempts()) {
                due.state = State.TIMED_OUT;
                due.lastResult = WakeJobStore.timeoutResult(policy, due.attempts);
                return Optional.of(new Step.TimedOut(due.snapshot()));
            }
            java.time.Duration wait = waitBeforePush(due.deviceId, due.serverId, policy, now);
            if (!wait.isZero()) {
                due.state = State.SCHEDULED;
                due.nextAt = now.plus(wait);
                due.lastResult = "rate limited";
                return Optional.of(new Step.Deferred(due.snapshot()));
            }
            return Optional.of(beginPush(due, now, leaseUntil));
        }
    }

    @Override
    public Optional<Wake> settle(
            String jobId, String token, State state, Instant nextAt, String lastResult, Instant now) {
        synchronized (lock) {
            Job j = find(jobId);
            if (j == null || j.state != State.SENDING || !token.equals(j.token)) {
                return Optional.empty();
            }
            j.state = state;
            j.nextAt = nextAt;
            j.lastResult = lastResult;
            j.token = null;
            j.leaseUntil = null;
            j.updated = now;
            return Optional.of(j.snapshot());
        }
    }

    @Override
    public Optional<Wake> answered(String deviceId, int sessionId, String lastResult, Instant now) {
        synchronized (lock) {
            Deque<Job> history = jobs.get(deviceId);
            if (history == null) {
                return Optional.empty();
            }
            for (Job j : history) {
                if (j.state != State.ANSWERED && j.sessionId == sessionId) {
                    j.state = State.ANSWERED;
                    j.answered = now;
                    j.lastResult = lastResult;
                    j.token = null;
                    j.leaseUntil = null;
                    j.updated = now;
                    return Optional.of(j.snapshot());
                }
            }
            return Optional.empty();
        }
    }

    @Override
    public List<Wake> history(String deviceId) {
        synchronized (lock) {
            Deque<Job> history = jobs.get(deviceId);
            return history == null
                    ? List.of()
                    : history.stream().map(Job::snapshot).toList();
        }
    }

    @Override
    public Optional<Wake> job(String jobId) {
        synchronized (lock) {
            return Optional.ofNullable(find(jobId)).map(Job::snapshot);
        }
    }

    @Override
    public int prunePushes(Instant before) {
        synchronized (lock) {
            int n = 0;
            for (Iterator<Push> it = pushes.iterator(); it.hasNext(); ) {
                if (it.next().at().isBefore(before)) {
                    it.remove();
                    n++;
                }
            }
            return n;
        }
    }

    // ---- internals, called under the lock

    private Step beginPush(Job j, Instant now, Instant leaseUntil) {
        j.state = State.SENDING;
        j.attempts++;
        j.lastSent = now;
        j.updated = now;
        byte[] b = new byte[16];
        random.nextBytes(b);
        j.token = HexFormat.of().formatHex(b);
        j.leaseUntil = leaseUntil;
        pushes.addLast(new Push(j.deviceId, j.serverId, now));
        return new Step.Push(j.snapshot(), j.token);
    }

    private java.time.Duration waitBeforePush(
            String deviceId, String serverId, NotificationPolicy policy, Instant now) {
        Instant windowStart = now.minus(policy.serverIdWindow());
        Instant last = null;
        Instant oldest = null;
        int inWindow = 0;
        List<Push> all = new ArrayList<>(pushes);
        for (Push p : all) {
            if (p.deviceId().equals(deviceId) && (last == null || p.at().isAfter(last))) {
                last = p.at();
            }
            if (p.serverId().equals(serverId) && p.at().isAfter(windowStart)) {
                inWindow++;
                if (oldest == null || p.at().isBefore(oldest)) {
                    oldest = p.at();
                }
            }
        }
        return policy.waitBeforePush(last, inWindow, oldest, now);
    }

    private Job find(String jobId) {
        for (Deque<Job> history : jobs.values()) {
            for (Job j : history) {
                if (j.jobId.equals(jobId)) {
                    return j;
                }
            }
        }
        return null;
    }

    private static boolean usedRecently(Deque<Job> history, int sessionId) {
        for (Job j : history) {
            if (j.sessionId == sessionId) {
                return true;
            }
        }
        return false;
    }
}
