package io.trustdm.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import io.trustdm.server.http.DmHttpRequest;
import io.trustdm.server.http.ServerBusyException;
import io.trustdm.server.memory.InMemoryRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's admission bound and its RespURI: a session beyond the limit is refused with {@link ServerBusyException}
 * before an authenticator is made for it, a running session is served while the engine is full, and every reply of a
 * session names the node's RespURI.
 */
class EngineAdmissionTest {
    private static final String A = "IMEI:356938035641001";
    private static final String B = "IMEI:356938035641002";
    private static final String SRV = "https://dm.example:8443/dm";
    private static final String NODE = "https://dm.example:8444/dm";
    private final SyncMlCodec codec = SyncMlCodec.defaults();
    private final AtomicInteger authenticators = new AtomicInteger();
    private InMemoryRegistry registry;
    private ServerSessionEngine engine;

    private static final ServerAuthenticator TRUSTING = FixedVerdictAuthenticator.TRUSTING;

    @BeforeEach
    void start() {
        registry = new InMemoryRegistry();
        registry.register(A);
        registry.register(B);
        engine = new ServerSessionEngine(
                        codec,
                        SRV,
                        registry,
                        registry,
                        (d, s, first) -> {
                            authenticators.incrementAndGet();
                            return TRUSTING;
                        },
                        Duration.ofMinutes(5))
                .admission(1, Duration.ofSeconds(3))
                .respUri(NODE);
    }

    private SyncMl send(String device, String sessionId, String msgId, List<Command> cmds) {
        SyncHdr h = SyncHdr.builder()
                .sessionId(sessionId)
                .msgId(msgId)
                .target(Target.of(SRV))
                .source(Source.of(device))
                .build();
        byte[] body = codec.encode(new SyncMl(h, new SyncBody(cmds, true)), Encoding.XML);
        var reply = engine.handle(new DmHttpRequest(
                "/dm", null, Encoding.XML, Encoding.XML.mediaType(), body, null, "127.0.0.1", null, List.of()));
        return codec.decode(reply.body(), Encoding.XML);
    }

    @Test
    void a_second_session_is_refused_while_the_first_runs_and_admitted_after_it_ended() {
        registry.enqueue(A, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        SyncMl p2 = send(A, "1", "1", List.of(Alert.of("1", 1201)));
        assertThat(p2.header().respUri()).isEqualTo(NODE);
        Get get = p2.body().commands().stream()
                .filter(Get.class::isInstance)
                .map(Get.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(engine.activeSessions()).isEqualTo(1);
        int made = authenticators.get();

        assertThatThrownBy(() -> send(B, "7", "1", List.of(Alert.of("1", 1201))))
                .isInstanceOfSatisfying(ServerBusyException.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(e.retryAfterSeconds()).isEqualTo(3);
                });
        assertThat(authenticators.get())
                .as("nothing was prepared for the refused session")
                .isEqualTo(made);

        // the running session is served although the engine is full, and ends
        SyncMl end = send(
                A,
                "1",
                "2",
                List.of(
                        Status.of("1", p2.header().msgId(), get.cmdId(), "Get", 200),
                        new Results(
                                "2",
                                p2.header().msgId(),
                                get.cmdId(),
                                null,
                                null,
                                null,
                                List.of(Item.sourceWithData("./DevInfo/Man", null, "Acme")))));
        assertThat(end.header().respUri()).isEqualTo(NODE);
        assertThat(end.body().isFinal()).isTrue();
        assertThat(engine.activeSessions()).isZero();

        SyncMl admitted = send(B, "8", "1", List.of(Alert.of("1", 1201)));
        assertThat(admitted.header().sessionId()).isEqualTo("8");
    }

    private static final ServerAuthenticator NEVER_AUTHENTICATED = FixedVerdictAuthenticator.NEVER_AUTHENTICATED;

    private ServerSessionEngine engineWith(ServerAuthenticator forB, Duration idle, Duration auth) {
        return new ServerSessionEngine(
                        codec, SRV, registry, registry, (d, s, first) -> d.equals(B) ? forB : TRUSTING, idle)
                .admission(1, Duration.ofSeconds(3))
                .authenticationTimeout(auth);
    }

    @Test
    void an_unauthenticated_session_gives_its_slot_back_after_the_authentication_timeout() throws Exception {
        engine = engineWith(NEVER_AUTHENTICATED, Duration.ofMinutes(5), Duration.ofMillis(200));
        SyncMl refused = send(B, "3", "1", List.of(Alert.of("1", 1201)));
        assertThat(refused.body().commands().get(0))
                .isInstanceOfSatisfying(
                        Status.class, st -> assertThat(st.code()).isEqualTo(401));
        assertThat(engine.activeSessions())
                .as("the challenged session holds the only slot")
                .isEqualTo(1);
        assertThatThrownBy(() -> send(A, "4", "1", List.of(Alert.of("1", 1201))))
                .isInstanceOf(ServerBusyException.class);

        Thread.sleep(400);

        registry.enqueue(A, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        SyncMl admitted = send(A, "5", "1", List.of(Alert.of("1", 1201)));
        assertThat(admitted.header().sessionId()).isEqualTo("5");
        assertThat(engine.activeSessions())
                .as("B's session was dropped, A's runs")
                .isEqualTo(1);
    }

    @Test
    void an_authenticated_session_keeps_the_idle_timeout_not_the_authentication_timeout() throws Exception {
        engine = engineWith(NEVER_AUTHENTICATED, Duration.ofMinutes(5), Duration.ofMillis(200));
        registry.enqueue(A, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        SyncMl p2 = send(A, "6", "1", List.of(Alert.of("1", 1201)));
        assertThat(p2.body().commands()).anyMatch(Get.class::isInstance);

        Thread.sleep(400);

        assertThatThrownBy(() -> send(B, "9", "1", List.of(Alert.of("1", 1201))))
                .as("A's authenticated session still holds the slot")
                .isInstanceOf(ServerBusyException.class);
        assertThat(engine.activeSessions()).isEqualTo(1);
    }

    @Test
    void the_authentication_timeout_is_never_longer_than_the_idle_timeout() throws Exception {
        engine = engineWith(NEVER_AUTHENTICATED, Duration.ofMillis(200), Duration.ofMinutes(1));
        send(B, "3", "1", List.of(Alert.of("1", 1201)));
        assertThat(engine.activeSessions()).isEqualTo(1);

        Thread.sleep(400);

        assertThat(send(A, "5", "1", List.of(Alert.of("1", 1201))).header().sessionId())
                .isEqualTo("5");
    }

    @Test
    void an_authentication_timeout_must_be_positive() {
        assertThatThrownBy(() -> engine.authenticationTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retry_after_is_sent_in_whole_seconds_rounded_up() {
        assertThat(new ServerBusyException("x", Duration.ofMillis(1500)).retryAfterSeconds())
                .isEqualTo(2);
        assertThat(new ServerBusyException("x", Duration.ZERO).retryAfterSeconds())
                .isEqualTo(1);
    }
}
