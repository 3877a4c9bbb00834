package io.trustdm.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.client.security.ClientAccount;
import io.trustdm.client.security.NonceStore;
import io.trustdm.client.security.PolicyClientAuthenticator;
import io.trustdm.client.session.CommandProcessor;
import io.trustdm.client.session.ManagementSession;
import io.trustdm.client.session.SessionConfig;
import io.trustdm.client.session.SessionRunner;
import io.trustdm.client.session.UserInteraction;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.client.transport.ServerBusyException;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.server.DmServer;
import io.trustdm.server.NodeOptions;
import io.trustdm.server.api.JobState;
import io.trustdm.server.api.NewDevice;
import io.trustdm.server.api.OperationSpec;
import io.trustdm.server.store.Database;
import io.trustdm.server.store.JdbcRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission control over real TLS: with a limit of two sessions and two sessions held open (their Devices are inside
 * a command, held by a latch), a third Device's session start is answered 503 with Retry-After at once and surfaces
 * as {@link ServerBusyException}; the two running sessions are not disturbed and finish; then the third succeeds.
 */
class OverloadIT {
    private static final String SERVER_ID = "trustdm.overload";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(7);

    @TempDir
    Path data;

    @Test
    void a_session_beyond_the_limit_gets_503_with_retry_after_at_once_and_running_sessions_finish() throws Exception {
        try (Database db = Database.open(data)) {
            db.migrate();
            DmServer server = DmServer.start(
                    data,
                    "127.0.0.1",
                    0,
                    SERVER_ID,
                    AuthScheme.MD5,
                    new JdbcRegistry(db),
                    NodeOptions.defaults().withAdmission(2, RETRY_AFTER));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try (server) {
                for (String d : List.of("1", "2", "3")) {
                    server.management()
                            .createDevice(new NewDevice(
                                    dev(d),
                                    AuthScheme.MD5,
                                    "dev" + d,
                                    "device-secret-" + d + "-0123456789",
                                    SERVER_ID,
                                    "server-secret-" + d + "-9876543210",
                                    false));
                    server.management()
                            .createJob(dev(d), List.of(OperationSpec.of("Replace", "./Vendor/Overload/X", "on")));
                }
                CountDownLatch inside = new CountDownLatch(2);
                CountDownLatch release = new CountDownLatch(1);
                CommandProcessor holding = (c, ctx) -> {
                    if (c instanceof Replace) {
                        inside.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return List.of(Status.of("0", ctx.msgId(), c.cmdId(), c.name(), 200));
                };
                Future<?> one = pool.submit(() -> {
                    runSession(server, "1", holding);
                    return null;
                });
                Future<?> two = pool.submit(() -> {
                    runSession(server, "2", holding);
                    return null;
                });
                assertThat(inside.await(60, TimeUnit.SECONDS))
                        .as("both sessions reached the Device's command")
                        .isTrue();
                assertThat(server.engine().activeSessions()).isEqualTo(2);

                CommandProcessor plain = (c, ctx) -> List.of(Status.of("0", ctx.msgId(), c.cmdId(), c.name(), 200));
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> runSession(server, "3", plain))
                        .isInstanceOfSatisfying(ServerBusyException.class, e -> {
                            assertThat(e.httpStatus()).isEqualTo(503);
                            assertThat(e.retryAfter()).contains(RETRY_AFTER);
                        });
                double refusedMillis = (System.nanoTime() - t0) / 1e6;
                System.out.printf(
                        "overload: third session refused with 503 + Retry-After %d s in %.0f ms (TLS handshake"
                                + " included)%n",
                        RETRY_AFTER.toSeconds(), refusedMillis);
                assertThat(refusedMillis)
                        .as("refused at once, far below the client's 20 s request timeout")
                        .isLessThan(5_000);
                assertThat(server.engine().activeSessions())
                        .as("the refusal started nothing")
                        .isEqualTo(2);
                assertThat(server.management().jobs(dev("3"), null))
                        .singleElement()
                        .satisfies(j -> assertThat(j.state()).isEqualTo(JobState.QUEUED));

                release.countDown();
                one.get(60, TimeUnit.SECONDS);
                two.get(60, TimeUnit.SECONDS);
                assertThat(server.engine().activeSessions()).isZero();

                runSession(server, "3", plain);
                for (String d : List.of("1", "2", "3")) {
                    assertThat(server.management().jobs(dev(d), null))
                            .as("device %s", d)
                            .singleElement()
                            .satisfies(j -> assertThat(j.state()).isEqualTo(JobState.COMPLETED));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static String dev(String d) {
        return "IMEI:4900000000000" + d;
    }

    private static void runSession(DmServer server, String d, CommandProcessor processor) throws Exception {
        Credentials creds = Credentials.of("dev" + d, ("device-secret-" + d + "-0123456789").toCharArray());
        Credentials serverCreds = Credentials.of(SERVER_ID, ("server-secret-" + d + "-9876543210").toCharArray());
        try (HttpDmTransport t = HttpDmTransport.builder()
                .trustAnchors(List.of(server.ca().certificate()))
                .requestTimeout(Duration.ofSeconds(20))
                .build()) {
            PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                    new ClientAccount(
                            SERVER_ID, AccountSecurity.of(SERVER_ID, AuthScheme.MD5, true), creds, serverCreds),
                    NonceStore.inMemory(null, null),
                    new MessageSecurityPolicy(e -> {}),
                    server.dmUri());
            ManagementSession s = new ManagementSession(
                    new SessionConfig(
                            dev(d),
                            server.dmUri().toString(),
                            SERVER_ID,
                            creds.username(),
                            Encoding.XML,
                            16_384,
                            100_000),
                    processor,
                    auth,
                    UserInteraction.NONE,
                    SyncMlCodec.defaults());
            SyncMl p1 =
                    s.start(1201, "5" + d, List.of(Item.sourceWithData("./DevInfo/DevId", null, dev(d))), List.of());
            new SessionRunner(t, SyncMlCodec.defaults(), 20).run(s, p1, auth, auth);
        }
    }
}
