package io.trustdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.notification.NotificationMessage;
import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.security.auth.Nonce;
import io.trustdm.server.notification.Delivery;
import io.trustdm.server.notification.NotificationPolicy;
import io.trustdm.server.notification.NotificationSender;
import io.trustdm.server.notification.NotificationService;
import io.trustdm.server.notification.NotificationService.State;
import io.trustdm.server.notification.NotificationService.Wake;
import io.trustdm.server.notification.WakeJobStore;
import io.trustdm.server.notification.WakeRefusedException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wake jobs on a database ({@link JdbcWakeJobStore} under {@link NotificationService}), as every backend must keep
 * them: across a restart and between two server nodes (two services on one database). {@link H2WakeJobStoreTest}
 * and {@link PostgresWakeJobStoreTest} run it on H2 and on a real PostgreSQL server.
 */
abstract class WakeJobStoreContract {
    static final String DEV = StoreContract.DEV;
    static final String OTHER = StoreContract.OTHER;

    /** A short answer timeout, three pushes, 5 s between triggers to one Device, 100 per ServerID per minute. */
    static final NotificationPolicy POLICY = new NotificationPolicy(
            Duration.ofSeconds(60),
            3,
            Duration.ofSeconds(10),
            Duration.ofSeconds(25),
            Duration.ofSeconds(5),
            100,
            Duration.ofMinutes(1));

    @TempDir
    Path dataDir;

    Database db;
    MutableClock clock;
    JdbcRegistry registry;
    final List<NotificationService> services = new ArrayList<>();

    abstract Database openDatabase(Path dataDir);

    abstract Database reopenDatabase(Path dataDir);

    /** A bearer that counts pushes per (job SessionID, attempt) and accepts them all. */
    static final class CountingBearer implements NotificationSender {
        final List<Integer> sessionIds = Collections.synchronizedList(new ArrayList<>());
        volatile Delivery answer = new Delivery.Accepted("push", 1001, "accepted");

        @Override
        public Delivery send(String deviceId, byte[] package0) {
            sessionIds.add(NotificationMessage.parse(package0).sessionId());
            return answer;
        }
    }

    @BeforeEach
    void open() {
        db = openDatabase(dataDir);
        db.migrate();
        clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
        registry = new JdbcRegistry(db, clock, StoreContract.LEASE);
        for (String d : List.of(DEV, OTHER)) {
            registry.register(StoreContract.account(d), Nonce.random(), Nonce.random());
        }
    }

    @AfterEach
    void close() {
        services.forEach(NotificationService::close);
        if (db != null) {
            db.close();
        }
    }

    NotificationService service(NotificationSender bearer, NotificationPolicy policy) {
        NotificationService s =
                new NotificationService(registry, bearer, new SecureRandom(), clock, policy, new JdbcWakeJobStore(db));
        services.add(s);
        return s;
    }

    /** The server stops and starts again on the same database: a new registry, store and service. */
    void restart() {
        services.forEach(NotificationService::close);
        services.clear();
        db.close();
        db = reopenDatabase(dataDir);
        db.migrate();
        registry = new JdbcRegistry(db, clock, StoreContract.LEASE);
    }

    @Test
    void a_wake_job_round_trips_through_the_database_with_every_field() {
        CountingBearer bearer = new CountingBearer();
        NotificationService s = service(bearer, POLICY);
        Wake w = s.wake(DEV, UiMode.USER_INTERACTION);

        Wake stored = registry.wakeJobs().job(w.jobId()).orElseThrow();
        assertThat(stored).isEqualTo(w);
        assertThat(stored.deviceId()).isEqualTo(DEV);
        assertThat(stored.serverId()).isEqualTo("trustdm");
        assertThat(stored.uiMode()).isEqualTo(UiMode.USER_INTERACTION);
        assertThat(stored.state()).isEqualTo(State.AWAITING_ANSWER);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.created()).isEqualTo(clock.instant());
        assertThat(stored.lastSent()).isEqualTo(clock.instant());
        assertThat(stored.nextAction()).isEqualTo(clock.instant().plus(POLICY.answerTimeout()));
        assertThat(stored.lastResult()).startsWith("accepted");
        assertThat(bearer.sessionIds).containsExactly(w.sessionId());
        assertThat(s.history(DEV)).containsExactly(stored);
    }

    @Test
    void after_a_restart_the_job_is_still_there_retried_with_its_session_id_and_answered() {
        CountingBearer bearer = new CountingBearer();
        Wake w = service(bearer, POLICY).wake(DEV);

        restart();
        CountingBearer after = new CountingBearer();
        NotificationService s = service(after, POLICY);
        assertThat(s.lastWake(DEV)).isEqualTo(w);
        assertThat(s.wake(DEV).jobId()).as("still the Device's active job").isEqualTo(w.jobId());
        assertThat(after.sessionIds).isEmpty();

        clock.advance(POLICY.answerTimeout());
        s.runDue();
        assertThat(after.sessionIds).containsExactly(w.sessionId());
        assertThat(s.lastWake(DEV).attempts()).isEqualTo(2);

        s.answered(DEV, w.sessionIdHex());
        assertThat(s.lastWake(DEV).state()).isEqualTo(State.ANSWERED);
        assertThat(s.lastWake(DEV).answered()).isEqualTo(clock.instant());
    }

    @Test
    void rate_limits_count_the_pushes_made_before_a_restart() {
        NotificationPolicy onePerMinute = POLICY.withServerIdBudget(1, Duration.ofMinutes(1));
        CountingBearer bearer = new CountingBearer();
        Wake w = service(bearer, onePerMinute).wake(DEV);
        service(bearer, onePerMinute).answered(DEV, w.sessionIdHex());

        restart();
        NotificationService s = service(bearer, onePerMinute);
        assertThatThrownBy(() -> s.wake(DEV)).isInstanceOfSatisfying(WakeRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(WakeRefusedException.Reason.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        });
        assertThatThrownBy(() -> s.wake(OTHER))
                .as("the budget is per ServerID, over every Device")
                .isInstanceOf(WakeRefusedException.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(s.wake(OTHER).state()).isEqualTo(State.AWAITING_ANSWER);
        assertThat(bearer.sessionIds).hasSize(2);
    }

    @Test
    void a_wake_started_on_one_node_is_seen_answered_and_rate_limited_on_another() {
        CountingBearer bearer = new CountingBearer();
        NotificationService nodeA = service(bearer, POLICY);
        NotificationService nodeB = service(bearer, POLICY);
        Wake w = nodeA.wake(DEV);

        assertThat(nodeB.lastWake(DEV)).isEqualTo(w);
        assertThat(nodeB.job(w.jobId())).contains(w);
        assertThat(nodeB.wake(DEV).jobId())
                .as("one active job per Device on every node")
                .isEqualTo(w.jobId());
        nodeB.answered(DEV, w.sessionIdHex());
        assertThat(nodeA.lastWake(DEV).state()).isEqualTo(State.ANSWERED);

        assertThatThrownBy(() -> nodeB.wake(DEV))
                .as("node A's push counts for the spacing on node B")
                .isInstanceOfSatisfying(
                        WakeRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(WakeRefusedException.Reason.RATE_LIMITED));
        assertThat(bearer.sessionIds).hasSize(1);
    }

    @Test
    void two_nodes_waking_one_device_at_once_make_one_job_and_one_push() throws Exception {
        CountingBearer bearer = new CountingBearer();
        NotificationService nodeA = service(bearer, POLICY);
        NotificationService nodeB = service(bearer, POLICY);
        Set<String> jobIds = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> f = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                NotificationService s = i % 2 == 0 ? nodeA : nodeB;
                f.add(pool.submit(() -> {
                    go.await();
                    try {
                        jobIds.add(s.wake(DEV).jobId());
                    } catch (WakeRefusedException e) {
                        refused.incrementAndGet(); // the first job was already answered and spaced (never here)
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> x : f) {
                x.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jobIds).hasSize(1);
        assertThat(refused).hasValue(0);
        assertThat(bearer.sessionIds).hasSize(1);
        assertThat(nodeA.history(DEV)).hasSize(1);
    }

    @Test
    void two_nodes_running_due_retries_at_once_push_each_attempt_once() throws Exception {
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String d = "IMEI:0000000000000" + (10 + i);
            registry.register(StoreContract.account(d), Nonce.random(), Nonce.random());
            devices.add(d);
        }
        CountingBearer bearer = new CountingBearer();
        NotificationService nodeA = service(bearer, POLICY);
        NotificationService nodeB = service(bearer, POLICY);
        for (String d : devices) {
            nodeA.wake(d);
        }
        assertThat(bearer.sessionIds).hasSize(12);
        clock.advance(POLICY.answerTimeout());

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Wake> touched = Collections.synchronizedList(new ArrayList<>());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> f = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                NotificationService s = i % 2 == 0 ? nodeA : nodeB;
                f.add(pool.submit(() -> {
                    go.await();
                    touched.addAll(s.runDue());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> x : f) {
                x.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(bearer.sessionIds)
                .as("one re-send per job, whichever node made it")
                .hasSize(24);
        assertThat(touched).hasSize(12);
        for (String d : devices) {
            Wake w = nodeB.lastWake(d);
            assertThat(w.attempts()).isEqualTo(2);
            assertThat(w.state()).isEqualTo(State.AWAITING_ANSWER);
        }
    }

    @Test
    void a_push_whose_node_died_is_taken_over_when_its_lease_runs_out() {
        // an answer timeout longer than the push lease, so the expired push still gets its full answer time
        NotificationPolicy policy = POLICY.withAnswerTimeout(Duration.ofMinutes(10));
        CountingBearer bearer = new CountingBearer();
        NotificationService survivor = service(bearer, policy);
        Wake w = survivor.wake(DEV);
        clock.advance(policy.answerTimeout());

        // the dying node takes the re-send and never settles it
        JdbcWakeJobStore dying = new JdbcWakeJobStore(db);
        Optional<WakeJobStore.Step> taken =
                dying.takeDue(policy, clock.instant(), clock.instant().plus(NotificationService.PUSH_LEASE));
        assertThat(taken).containsInstanceOf(WakeJobStore.Step.Push.class);
        assertThat(survivor.runDue()).as("leased: nobody else pushes it").isEmpty();
        assertThat(survivor.lastWake(DEV).state()).isEqualTo(State.SENDING);

        clock.advance(NotificationService.PUSH_LEASE.plusSeconds(1));
        assertThat(survivor.runDue()).isEmpty();
        Wake after = survivor.lastWake(DEV);
        assertThat(after.state()).isEqualTo(State.AWAITING_ANSWER);
        assertThat(after.lastResult()).isEqualTo(WakeJobStore.LEASE_EXPIRED);
        assertThat(after.attempts()).as("the push may have left: it counts").isEqualTo(2);
        assertThat(after.nextAction()).isEqualTo(after.lastSent().plus(policy.answerTimeout()));

        WakeJobStore.Step.Push p = (WakeJobStore.Step.Push) taken.orElseThrow();
        assertThat(dying.settle(w.jobId(), p.token(), State.AWAITING_ANSWER, clock.instant(), "late", clock.instant()))
                .as("the dead node's lease is gone")
                .isEmpty();

        clock.advance(policy.answerTimeout());
        survivor.runDue();
        assertThat(bearer.sessionIds).containsExactly(w.sessionId(), w.sessionId());
        assertThat(survivor.lastWake(DEV).attempts()).isEqualTo(3);
        clock.advance(policy.answerTimeout());
        survivor.runDue();
        assertThat(survivor.lastWake(DEV).state()).isEqualTo(State.TIMED_OUT);
    }

    @Test
    void the_database_refuses_a_second_active_job_for_a_device() {
        service(new CountingBearer(), POLICY).wake(DEV);
        assertThatThrownBy(() -> db.inTransaction(c -> {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO dm_wake_job (job_id, device_id,"
                            + " server_id, session_id, ui_mode, state, active_device, attempts, created_at,"
                            + " updated_at, last_result) VALUES ('wake-x', ?, 'trustdm', 7, 'BACKGROUND',"
                            + " 'SCHEDULED', ?, 0, 0, 0, 'created')")) {
                        s.setString(1, DEV);
                        s.setString(2, DEV);
                        return s.executeUpdate();
                    }
                }))
                .isInstanceOf(StorageException.class)
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void a_late_answer_still_counts_and_history_keeps_the_newest_jobs_with_distinct_session_ids() {
        NotificationService s = service(new CountingBearer(), POLICY.withDeviceSpacing(Duration.ZERO));
        Set<Integer> ids = new HashSet<>();
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < WakeJobStore.HISTORY_PER_DEVICE + 4; i++) {
            Wake w = s.wake(DEV);
            ids.add(w.sessionId());
            jobIds.add(w.jobId());
            s.answered(DEV, w.sessionIdHex());
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(ids).as("no SessionID repeats within the history").hasSizeGreaterThanOrEqualTo(16);
        List<Wake> history = s.history(DEV);
        assertThat(history).hasSize(WakeJobStore.HISTORY_PER_DEVICE).allMatch(Wake::isAnswered);
        assertThat(history.get(0).jobId()).isEqualTo(jobIds.get(jobIds.size() - 1));
        assertThat(s.job(jobIds.get(0))).as("dropped from the history").isEmpty();
    }

    @Test
    void an_unanswered_job_times_out_and_a_late_answer_still_counts() {
        CountingBearer bearer = new CountingBearer();
        NotificationService s = service(bearer, POLICY.withAnswerTimeout(Duration.ofSeconds(10)));
        Wake w = s.wake(OTHER);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(10));
            s.runDue();
        }
        assertThat(s.lastWake(OTHER).state()).isEqualTo(State.TIMED_OUT);
        s.answered(OTHER, w.sessionIdHex());
        assertThat(s.lastWake(OTHER).state()).as("a late answer still counts").isEqualTo(State.ANSWERED);
    }

    @Test
    void old_pushes_are_pruned_once_outside_every_window() {
        CountingBearer bearer = new CountingBearer();
        NotificationService s = service(bearer, POLICY);
        s.wake(DEV);
        s.wake(OTHER);
        assertThat(registry.wakeJobs().pushesSince("trustdm", clock.instant().minusSeconds(1)))
                .isEqualTo(2);
        clock.advance(Duration.ofMinutes(2));
        assertThat(registry.wakeJobs().prunePushes(clock.instant().minus(POLICY.pushMemory())))
                .isEqualTo(2);
        assertThat(registry.wakeJobs().pushesSince("trustdm", Instant.EPOCH)).isZero();
    }
}
