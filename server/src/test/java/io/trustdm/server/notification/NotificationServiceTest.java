package io.trustdm.server.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.notification.NotificationMessage;
import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.notification.NotificationDigest;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.notification.NotificationService.State;
import io.trustdm.server.notification.NotificationService.Wake;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationServiceTest {
    private static final String DEV = "IMEI:490154203237518";
    private static final String SERVER_ID = "dm.trustdm.test";
    private static final DigestKey SRVCRED = DigestKey.of(SERVER_ID, Secret.ofUtf8("per-device-server-secret"));
    private static final Nonce SERVER_NONCE = Nonce.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14});

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-11-28T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** A bearer that records each package and answers from a script (Accepted when the script is empty). */
    static final class ScriptedBearer implements NotificationSender {
        final List<byte[]> packages = java.util.Collections.synchronizedList(new ArrayList<>());
        final Deque<Object> script = new ArrayDeque<>();

        @Override
        public Delivery send(String deviceId, byte[] package0) throws IOException {
            packages.add(package0);
            Object next = script.pollFirst();
            if (next instanceof IOException e) {
                throw e;
            }
            if (next instanceof Delivery d) {
                return d;
            }
            return new Delivery.Accepted("push-" + packages.size(), 1001, "accepted");
        }
    }

    private final HandClock clock = new HandClock();
    private final ScriptedBearer bearer = new ScriptedBearer();
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final NotificationPolicy policy = new NotificationPolicy(
            Duration.ofSeconds(60),
            3,
            Duration.ofSeconds(10),
            Duration.ofSeconds(25),
            Duration.ofSeconds(5),
            100,
            Duration.ofMinutes(1));

    private NotificationService service(NotificationPolicy p) {
        return new NotificationService(registry, bearer, new SecureRandom(), clock, p);
    }

    private void registerDevice(String deviceId) {
        registerDevice(registry, deviceId);
    }

    /** A Device with MD5 credentials both ways, its SRVCRED and ServerNonce the ones the tests verify triggers with. */
    static void registerDevice(InMemoryRegistry registry, String deviceId) {
        registry.register(
                new DeviceAccount(
                        deviceId,
                        AccountSecurity.of(deviceId, AuthScheme.MD5, true),
                        false,
                        deviceId,
                        DigestKey.of(deviceId, Secret.ofUtf8("client-secret")),
                        SERVER_ID,
                        SRVCRED),
                Nonce.random(),
                SERVER_NONCE);
    }

    @Test
    void server_MUST_sign_the_trigger_with_the_devices_SRVCRED_and_ServerNonce() throws Exception {
        registerDevice(DEV);
        Wake w = service(policy).wake(DEV, UiMode.BACKGROUND);

        assertThat(bearer.packages).hasSize(1);
        byte[] pkg0 = bearer.packages.get(0);
        NotificationMessage n = NotificationMessage.parse(pkg0);
        assertThat(n.serverId()).isEqualTo(SERVER_ID);
        assertThat(n.sessionId()).isEqualTo(w.sessionId()).isBetween(1, 0xFFFF);
        assertThat(n.initiator()).isEqualTo(NotificationMessage.Initiator.SERVER);
        assertThat(n.version()).isEqualTo(NotificationMessage.VERSION_1_1);
        assertThat(NotificationDigest.verifyPackage(SRVCRED, SERVER_NONCE, pkg0, NotificationDigest.ResyncMode.NONE))
                .isEqualTo(NotificationDigest.Outcome.STORED_NONCE);
        assertThat(w.state()).isEqualTo(State.AWAITING_ANSWER);
        assertThat(w.attempts()).isEqualTo(1);
        assertThat(w.nextAction()).isEqualTo(clock.instant().plus(Duration.ofSeconds(60)));
    }

    @Test
    void alert_1200_with_the_jobs_session_id_marks_it_answered_and_another_session_id_does_not() throws Exception {
        registerDevice(DEV);
        NotificationService s = service(policy);
        Wake w = s.wake(DEV, UiMode.BACKGROUND);
        String other = Integer.toHexString(w.sessionId() == 1 ? 2 : w.sessionId() - 1);

        s.answered(DEV, other);
        assertThat(s.lastWake(DEV).state()).isEqualTo(State.AWAITING_ANSWER);
        clock.advance(Duration.ofSeconds(3));
        s.answered(DEV, w.sessionIdHex().toLowerCase());

        Wake after = s.lastWake(DEV);
        assertThat(after.isAnswered()).isTrue();
        assertThat(after.answered()).isEqualTo(clock.instant());
        assertThat(after.nextAction()).isNull();
        clock.advance(Duration.ofMinutes(10));
        assertThat(s.runDue()).isEmpty();
        assertThat(bearer.packages).hasSize(1);
    }

    @Test
    void unanswered_trigger_is_resent_with_the_same_session_id_then_times_out_after_max_attempts() throws Exception {
        registerDevice(DEV);
        NotificationService s = service(policy);
        Wake w = s.wake(DEV, UiMode.BACKGROUND);

        clock.advance(Duration.ofSeconds(59));
        assertThat(s.runDue()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(s.runDue())
                .singleElement()
                .satisfies(x -> assertThat(x.attempts()).isEqualTo(2));
        clock.advance(Duration.ofSeconds(60));
        s.runDue();
        assertThat(bearer.packages).hasSize(3);
        assertThat(bearer.packages)
                .extracting(p -> NotificationMessage.parse(p).sessionId())
                .containsOnly(w.sessionId());

        clock.advance(Duration.ofSeconds(60));
        Wake done = s.runDue().get(0);
        assertThat(done.state()).isEqualTo(State.TIMED_OUT);
        assertThat(done.attempts()).isEqualTo(3);
        clock.advance(Duration.ofHours(1));
        s.runDue();
        assertThat(bearer.packages).hasSize(3);
    }

    @Test
    void bearer_failures_are_retried_with_doubling_bounded_backoff() throws Exception {
        registerDevice(DEV);
        bearer.script.add(new SocketTimeoutException("PPG did not answer"));
        bearer.script.add(new Delivery.Unavailable(4001, "Service Unavailable"));
        NotificationService s = service(policy);

        Wake first = s.wake(DEV, UiMode.BACKGROUND);
        assertThat(first.state()).isEqualTo(State.SCHEDULED);
        assertThat(first.nextAction()).isEqualTo(clock.instant().plus(Duration.ofSeconds(10)));
        assertThat(first.lastResult()).contains("SocketTimeoutException");

        clock.advance(Duration.ofSeconds(10));
        Wake second = s.runDue().get(0);
        assertThat(second.state()).isEqualTo(State.SCHEDULED);
        assertThat(second.nextAction()).isEqualTo(clock.instant().plus(Duration.ofSeconds(20)));

        clock.advance(Duration.ofSeconds(20));
        Wake third = s.runDue().get(0);
        assertThat(third.state()).isEqualTo(State.AWAITING_ANSWER);
        assertThat(third.attempts()).isEqualTo(3);
        assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofSeconds(25));
        assertThat(policy.backoffAfter(9)).isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void bearer_that_fails_every_attempt_ends_the_job_failed() throws Exception {
        registerDevice(DEV);
        for (int i = 0; i < 3; i++) {
            bearer.script.add(new Delivery.Unavailable(3000, "Internal Server Error"));
        }
        NotificationService s = service(policy);
        s.wake(DEV, UiMode.BACKGROUND);
        clock.advance(Duration.ofSeconds(10));
        s.runDue();
        clock.advance(Duration.ofSeconds(20));
        Wake last = s.runDue().get(0);
        assertThat(last.state()).isEqualTo(State.FAILED);
        assertThat(last.lastResult()).contains("3000");
        clock.advance(Duration.ofHours(1));
        assertThat(s.runDue()).isEmpty();
        assertThat(bearer.packages).hasSize(3);
    }

    @Test
    void push_refused_by_the_bearer_is_not_retried() throws Exception {
        registerDevice(DEV);
        bearer.script.add(new Delivery.Refused(2002, "Address Error"));
        NotificationService s = service(policy);
        Wake w = s.wake(DEV, UiMode.BACKGROUND);
        assertThat(w.state()).isEqualTo(State.FAILED);
        assertThat(w.lastResult()).contains("2002").contains("Address Error");
        clock.advance(Duration.ofHours(1));
        assertThat(s.runDue()).isEmpty();
        assertThat(bearer.packages).hasSize(1);
    }

    @Test
    void device_with_an_active_job_gets_no_second_trigger() throws Exception {
        registerDevice(DEV);
        NotificationService s = service(policy);
        Wake first = s.wake(DEV);
        clock.advance(Duration.ofSeconds(30));
        Wake again = s.wake(DEV);
        assertThat(again.jobId()).isEqualTo(first.jobId());
        assertThat(bearer.packages).hasSize(1);
    }

    @Test
    void different_wakes_MUST_use_different_session_ids() throws Exception {
        registerDevice(DEV);
        NotificationService s = service(policy);
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Wake w = s.wake(DEV);
            ids.add(w.sessionId());
            s.answered(DEV, w.sessionIdHex());
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(s.history(DEV)).hasSize(12).allMatch(Wake::isAnswered);
    }

    @Test
    void triggers_to_one_device_are_spaced_so_its_per_ServerID_rate_limit_does_not_drop_them() throws Exception {
        registerDevice(DEV);
        NotificationService s = service(policy);
        Wake w = s.wake(DEV);
        s.answered(DEV, w.sessionIdHex());
        clock.advance(Duration.ofSeconds(2));

        assertThatThrownBy(() -> s.wake(DEV)).isInstanceOfSatisfying(WakeRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(WakeRefusedException.Reason.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        });
        clock.advance(Duration.ofSeconds(3));
        assertThat(s.wake(DEV).state()).isEqualTo(State.AWAITING_ANSWER);
    }

    @Test
    void triggers_per_ServerID_are_budgeted_over_all_devices_and_retries_wait_for_the_budget() throws Exception {
        for (int i = 0; i < 3; i++) {
            registerDevice("IMEI:00000000000000" + i);
        }
        bearer.script.add(new Delivery.Unavailable(4001, "Service Unavailable"));
        NotificationService s = service(policy.withServerIdBudget(2, Duration.ofSeconds(30)));
        Wake a = s.wake("IMEI:000000000000000");
        assertThat(a.state()).isEqualTo(State.SCHEDULED);
        s.wake("IMEI:000000000000001");
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> s.wake("IMEI:000000000000002"))
                .isInstanceOfSatisfying(
                        WakeRefusedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(29)));

        clock.advance(Duration.ofSeconds(9)); // a's backoff is over, the window is not
        Wake deferred = s.runDue().get(0);
        assertThat(deferred.state()).isEqualTo(State.SCHEDULED);
        assertThat(deferred.lastResult()).isEqualTo("rate limited");
        assertThat(bearer.packages).hasSize(2);

        clock.advance(Duration.ofSeconds(20));
        assertThat(s.runDue().get(0).state()).isEqualTo(State.AWAITING_ANSWER);
        assertThat(bearer.packages).hasSize(3);
    }

    @Test
    void device_without_server_credentials_or_unknown_cannot_be_woken() {
        registry.register(
                new DeviceAccount(
                        DEV,
                        AccountSecurity.of(DEV, AuthScheme.MD5, true),
                        false,
                        DEV,
                        DigestKey.of(DEV, Secret.ofUtf8("client-secret")),
                        null,
                        null),
                Nonce.random(),
                null);
        NotificationService s = service(policy);
        assertThatThrownBy(() -> s.wake(DEV))
                .isInstanceOfSatisfying(
                        WakeRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(WakeRefusedException.Reason.NO_SERVER_CREDENTIALS));
        assertThatThrownBy(() -> s.wake("IMEI:999"))
                .isInstanceOfSatisfying(
                        WakeRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(WakeRefusedException.Reason.UNKNOWN_DEVICE));
        assertThat(bearer.packages).isEmpty();
    }

    @Test
    void device_answering_before_the_bearer_call_returns_stays_answered() throws Exception {
        registerDevice(DEV);
        NotificationService[] holder = new NotificationService[1];
        NotificationSender fastDevice = (d, pkg0) -> {
            holder[0].answered(d, NotificationMessage.parse(pkg0).sessionIdHex());
            return new Delivery.Accepted("udp", 0, "sent");
        };
        holder[0] = new NotificationService(registry, fastDevice, new SecureRandom(), clock, policy);
        assertThat(holder[0].wake(DEV).state()).isEqualTo(State.ANSWERED);
    }

    @Test
    void scheduler_runs_due_retries_by_itself() throws Exception {
        registerDevice(DEV);
        NotificationPolicy quick = new NotificationPolicy(
                Duration.ofMillis(50),
                2,
                Duration.ofMillis(10),
                Duration.ofMillis(10),
                Duration.ZERO,
                100,
                Duration.ofMinutes(1));
        try (NotificationService s =
                new NotificationService(registry, bearer, new SecureRandom(), Clock.systemUTC(), quick)) {
            s.start(Duration.ofMillis(10));
            s.wake(DEV);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (s.lastWake(DEV).state() != State.TIMED_OUT && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(s.lastWake(DEV).state()).isEqualTo(State.TIMED_OUT);
            assertThat(bearer.packages).hasSize(2);
        }
    }
}
