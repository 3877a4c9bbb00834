package io.trustdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.SecurityAuditSink;
import io.trustdm.security.transport.Party;
import io.trustdm.server.http.DmHttpRequest;
import io.trustdm.server.session.ServerAuthenticator;
import io.trustdm.server.session.ServerSessionEngine;
import io.trustdm.server.session.SessionOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session engine on the JDBC registry (H2): jobs claimed by a session that goes quiet, Exec at-most-once through
 * {@code JobQueue.delivering}, results and tree values stored from a real exchange, and the authentication backoff.
 */
class JdbcSessionTest {
    private static final String DEV = "IMEI:356938035643809";
    private static final String OTHER = "IMEI:490154203237518";
    private static final String SERVER = "https://localhost/dm";
    private final SyncMlCodec codec = SyncMlCodec.defaults();

    @TempDir
    Path dir;

    private Database db;
    private JdbcRegistry registry;
    private final AtomicBoolean acceptDevice = new AtomicBoolean(true);
    private final AtomicBoolean rejectAndChallengeAgain = new AtomicBoolean(false);
    private final AtomicInteger authenticatorsMade = new AtomicInteger();
    private final AtomicBoolean failReply = new AtomicBoolean(false);
    private ServerSessionEngine engine;

    @BeforeEach
    void start() {
        db = Database.open(dir);
        db.migrate();
        registry = new JdbcRegistry(db);
        registry.register(DEV);
        registry.register(OTHER);
        engine = new ServerSessionEngine(
                codec,
                SERVER,
                registry,
                registry,
                (d, s, first) -> {
                    authenticatorsMade.incrementAndGet();
                    return new FixedAuthenticator(
                            acceptDevice.get(), rejectAndChallengeAgain.get(), registry, failReply);
                },
                Duration.ofMillis(300));
        engine.unitOfWork(registry);
    }

    @AfterEach
    void stop() {
        db.close();
    }

    /**
     * Accepts every message, or refuses and ends the session; audits each verdict like the policy authenticator, and
     * fails to sign the reply while {@code failReply} is set.
     */
    private record FixedAuthenticator(
            boolean accept, boolean challengeAgain, SecurityAuditSink audit, AtomicBoolean failReply)
            implements ServerAuthenticator {
        @Override
        public Verdict verifyDevice(SyncHdr header, DmHttpRequest request) {
            audit.record(new SecurityAuditEvent(
                    Instant.now(),
                    "message.inbound",
                    header.source().locUri(),
                    Party.CLIENT,
                    "test",
                    accept ? io.trustdm.security.policy.Verdict.ACCEPT : io.trustdm.security.policy.Verdict.REFUSE,
                    OptionalInt.empty(),
                    "message " + header.sessionId() + "/" + header.msgId(),
                    List.of()));
            return accept
                    ? new Verdict(StatusCode.AUTHENTICATION_ACCEPTED, null, true, false, "test")
                    : new Verdict(StatusCode.UNAUTHORIZED, null, false, !challengeAgain, "test");
        }

        @Override
        public Cred credentials() {
            return null;
        }

        @Override
        public void onDeviceStatus(int status, io.trustdm.protocol.message.Chal challenge) {}

        @Override
        public String sign(byte[] body) {
            if (failReply.get()) {
                throw new IllegalStateException("signing failed");
            }
            return null;
        }
    }

    private SyncMl send(String device, String sessionId, String msgId, List<io.trustdm.protocol.message.Command> cmds) {
        SyncHdr h = SyncHdr.builder()
                .sessionId(sessionId)
                .msgId(msgId)
                .target(Target.of(SERVER))
                .source(Source.of(device))
                .build();
        byte[] body = codec.encode(new SyncMl(h, new SyncBody(cmds, true)), Encoding.XML);
        var reply = engine.handle(new DmHttpRequest(
                "/dm", null, Encoding.XML, Encoding.XML.mediaType(), body, null, "127.0.0.1", null, List.of()));
        return codec.decode(reply.body(), Encoding.XML);
    }

    private SyncMl package1(String device, String sessionId) {
        return send(device, sessionId, "1", List.of(Alert.of("1", AlertCode.CLIENT_INITIATED_MGMT)));
    }

    private static <T> List<T> commandsOf(SyncMl m, Class<T> type) {
        return m.body().commands().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private void letSessionsExpire() throws InterruptedException {
        Thread.sleep(400);
        package1(OTHER, "99"); // any message makes the engine expire idle sessions
    }

    @Test
    void an_exec_sent_in_a_session_that_went_quiet_is_never_delivered_again() throws Exception {
        String job = registry.enqueue(DEV, List.of(Exec.of("0", "fw-1", Item.target("./FUMO/1/DownloadAndUpdate"))));

        SyncMl p2 = package1(DEV, "1");
        assertThat(commandsOf(p2, Exec.class)).hasSize(1);
        letSessionsExpire();

        assertThat(registry.jobStore().job(job).orElseThrow().state()).isEqualTo(JobStore.JobState.OUTCOME_UNKNOWN);
        SyncMl next = package1(DEV, "2");
        assertThat(commandsOf(next, Exec.class))
                .as("the Exec is not sent a second time")
                .isEmpty();
    }

    @Test
    void a_get_of_a_session_that_went_quiet_is_delivered_in_the_next_session_and_its_results_stored() throws Exception {
        String job =
                registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Mod")))));
        assertThat(commandsOf(package1(DEV, "1"), Get.class)).hasSize(1);
        letSessionsExpire();
        assertThat(registry.jobStore().job(job).orElseThrow().state()).isEqualTo(JobStore.JobState.QUEUED);

        SyncMl p2 = package1(DEV, "2");
        Get get = commandsOf(p2, Get.class).get(0);
        String msgRef = p2.header().msgId();
        SyncMl p4 = send(
                DEV,
                "2",
                "2",
                List.of(
                        Status.of("1", msgRef, "0", "SyncHdr", StatusCode.OK),
                        Status.of("2", msgRef, get.cmdId(), "Get", StatusCode.OK),
                        new Results(
                                "3",
                                msgRef,
                                get.cmdId(),
                                null,
                                null,
                                null,
                                List.of(Item.sourceWithData("./DevInfo/Mod", null, "Sensor-A")))));

        assertThat(commandsOf(p4, Get.class)).isEmpty();
        var done = registry.completed(job).orElseThrow();
        assertThat(done.results().get(0).status()).isEqualTo(200);
        assertThat(registry.treeValues()
                        .value(DEV, "./DevInfo/Mod")
                        .orElseThrow()
                        .text())
                .isEqualTo("Sensor-A");
        assertThat(registry.jobStore().job(job).orElseThrow().attempts()).isEqualTo(2);
        assertThat(registry.sessions())
                .extracting(s -> s.sessionId() + ":" + s.outcome())
                .contains("1:TIMED_OUT", "2:COMPLETED");
    }

    @Test
    void repeated_authentication_failures_back_off_new_sessions_without_asking_the_authenticator() {
        acceptDevice.set(false);
        for (int i = 0; i < 4; i++) {
            SyncMl r = package1(DEV, "s" + i);
            assertThat(commandsOf(r, Status.class).get(0).code()).isEqualTo(StatusCode.UNAUTHORIZED);
        }
        assertThat(registry.authFailures().failures(DEV).orElseThrow().failures())
                .isEqualTo(4);
        int made = authenticatorsMade.get();
        acceptDevice.set(true);

        SyncMl refused = package1(DEV, "s5");

        assertThat(commandsOf(refused, Status.class).get(0).code()).isEqualTo(StatusCode.UNAUTHORIZED);
        assertThat(authenticatorsMade.get()).as("refused before authentication").isEqualTo(made);
        assertThat(registry.sessions())
                .filteredOn(s -> s.deviceId().equals(DEV))
                .extracting(s -> s.outcome())
                .containsOnly(SessionOutcome.AUTHENTICATION_FAILED);
    }

    @Test
    void rejected_credentials_count_toward_the_backoff_even_when_the_device_abandons_the_session() {
        // The server answers 401 and keeps the session open for another try; the Device (or a guesser) never sends
        // one, so the session never ends as AUTHENTICATION_FAILED. Each rejection must still count.
        acceptDevice.set(false);
        rejectAndChallengeAgain.set(true);
        for (int i = 0; i < 4; i++) {
            SyncMl r = package1(DEV, "g" + i);
            assertThat(commandsOf(r, Status.class).get(0).code()).isEqualTo(StatusCode.UNAUTHORIZED);
        }
        assertThat(registry.sessions())
                .filteredOn(s -> s.deviceId().equals(DEV))
                .isEmpty();
        assertThat(registry.authFailures().failures(DEV).orElseThrow().failures())
                .isEqualTo(4);
        assertThat(registry.lockedUntil(DEV)).isPresent();
        int made = authenticatorsMade.get();
        acceptDevice.set(true);

        SyncMl refused = package1(DEV, "g5");

        assertThat(commandsOf(refused, Status.class).get(0).code()).isEqualTo(StatusCode.UNAUTHORIZED);
        assertThat(authenticatorsMade.get()).as("refused before authentication").isEqualTo(made);
    }

    /** Package 1 with credentials accepted, a Get delivered; Package 3 answers it and the session ends. */
    private void getSession(String sessionId) {
        SyncMl p2 = package1(DEV, sessionId);
        Get get = commandsOf(p2, Get.class).get(0);
        String msgRef = p2.header().msgId();
        SyncMl p4 = send(
                DEV,
                sessionId,
                "2",
                List.of(
                        Status.of("1", msgRef, "0", "SyncHdr", StatusCode.OK),
                        Status.of("2", msgRef, get.cmdId(), "Get", StatusCode.OK),
                        new Results(
                                "3",
                                msgRef,
                                get.cmdId(),
                                null,
                                null,
                                null,
                                List.of(Item.sourceWithData("./DevInfo/Mod", null, "Sensor-A")))));
        assertThat(p4.body().isFinal()).isTrue();
    }

    @Test
    void a_session_commits_one_transaction_per_message() {
        String job =
                registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Mod")))));
        long before = db.commits();

        getSession("c1");

        // admission reads, audit, claim, lease, completion, cached value, session record: all in 2 commits
        assertThat(db.commits() - before).as("commits for a 2-message session").isEqualTo(2);
        assertThat(registry.completed(job)).isPresent();
        assertThat(registry.sessions())
                .extracting(s -> s.sessionId() + ":" + s.outcome())
                .contains("c1:COMPLETED");
        assertThat(registry.auditEvents()).hasSize(2);
    }

    @Test
    void a_message_whose_handling_fails_rolls_back_but_keeps_its_audit_and_authentication_failure() {
        String job =
                registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Mod")))));
        acceptDevice.set(false);
        rejectAndChallengeAgain.set(true);
        failReply.set(true);

        assertThatThrownBy(() -> package1(DEV, "f1")).hasMessage("signing failed");

        assertThat(registry.auditEvents())
                .extracting(SecurityAuditEvent::reason)
                .containsExactly("message f1/1");
        assertThat(registry.authFailures().failures(DEV).orElseThrow().failures())
                .as("the rejected credentials still count toward the backoff")
                .isEqualTo(1);

        // an accepted message that fails after claiming the job: the claim is rolled back, the audit kept
        acceptDevice.set(true);
        assertThatThrownBy(() -> package1(DEV, "f2")).hasMessage("signing failed");
        assertThat(registry.jobStore().job(job).orElseThrow().state()).isEqualTo(JobStore.JobState.QUEUED);
        assertThat(registry.auditEvents())
                .extracting(SecurityAuditEvent::reason)
                .containsExactly("message f1/1", "message f2/1");
    }
}
