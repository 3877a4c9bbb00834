package io.trustdm.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.session.CommandProcessor;
import io.trustdm.client.session.SessionRunner;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.server.DmServer;
import io.trustdm.server.ManagementRegistry.SessionRecord;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.session.SessionOutcome;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C while a Device is in the middle of a Management Session: the server stops taking new sessions (HTTP 503 with
 * Retry-After) but lets the running one finish before it stops. The Device's slow step is a latch, not a sleep.
 */
class GracefulShutdownIT {
    private static final String DEV = "IMEI:358240051111110";
    private static final String LATE = "IMEI:358240051111128";
    private static final String SERVER_ID = "trustdm.drain";

    @TempDir
    Path data;

    private final InMemoryRegistry registry = new InMemoryRegistry();
    private DmServer server;
    private final Credentials device = Credentials.of("dev-drain", "drain-device-secret-01".toCharArray());
    private final Credentials serverCreds = Credentials.of(SERVER_ID, "drain-server-secret-02".toCharArray());

    @BeforeEach
    void start() throws Exception {
        server = DmServer.builder()
                .dataDir(data)
                .port(0)
                .serverId(SERVER_ID)
                .shutdownGrace(Duration.ofSeconds(60))
                .start(registry);
        registry.register(
                new DeviceAccount(
                        DEV,
                        AccountSecurity.of(DEV, AuthScheme.MD5, true),
                        false,
                        device.username(),
                        DigestKey.of(device.username(), Secret.ofUtf8("drain-device-secret-01")),
                        SERVER_ID,
                        DigestKey.of(SERVER_ID, Secret.ofUtf8("drain-server-secret-02"))),
                null,
                null);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void a_session_in_flight_finishes_while_new_sessions_get_503_with_retry_after() throws Exception {
        String job =
                registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        CountDownLatch inSlowStep = new CountDownLatch(1);
        CountDownLatch mayContinue = new CountDownLatch(1);
        CommandProcessor answering = DeviceRunner.answering("Acme");
        CommandProcessor slow = (c, ctx) -> {
            if (c instanceof Get) {
                inSlowStep.countDown(); // the server has sent Package 2 and waits for our answer
                try {
                    if (!mayContinue.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("test never released the device");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return answering.execute(c, ctx);
        };
        CompletableFuture<SessionRunner.Outcome> session = CompletableFuture.supplyAsync(() -> {
            try {
                return DeviceRunner.session(
                        server.dmUri(), List.of(server.ca().certificate()), DEV, SERVER_ID, device, serverCreds, slow);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inSlowStep.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(server.engine().awaitDraining(Duration.ofSeconds(30))).isTrue();

        // a Device that starts a session now is told to come back later
        var ctx = TlsContexts.create(null, List.of(server.ca().certificate()));
        HttpClient http = HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(TlsContexts.clientParameters(ctx))
                .build();
        HttpResponse<String> late = http.send(
                HttpRequest.newBuilder(server.dmUri())
                        .header("Content-Type", Encoding.XML.mediaType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                DeviceRunner.package1(server.dmUri(), LATE, SERVER_ID, device, serverCreds)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(late.statusCode()).isEqualTo(503);
        assertThat(late.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(closing).as("close waits for the running session").isNotDone();
        assertThat(session).isNotDone();

        mayContinue.countDown();
        SessionRunner.Outcome outcome = session.get(60, TimeUnit.SECONDS);
        closing.get(60, TimeUnit.SECONDS);

        assertThat(outcome.messagesSent()).isGreaterThanOrEqualTo(2);
        assertThat(registry.sessions())
                .extracting(SessionRecord::deviceId, SessionRecord::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DEV, SessionOutcome.COMPLETED));
        assertThat(registry.completed(job))
                .hasValueSatisfying(j -> assertThat(j.results().get(0).status()).isEqualTo(200));
    }

    @Test
    void without_running_sessions_close_returns_at_once_and_the_grace_period_is_not_waited_out() throws Exception {
        long t0 = System.nanoTime();
        server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        assertThat(server.engine().isDraining()).isTrue();
    }
}
