package io.trustdm.server.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.notification.NotificationMessage;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.server.DmServer;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.notification.NotificationService.State;
import io.trustdm.server.notification.NotificationService.Wake;
import io.trustdm.server.store.JdbcWakeJobStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DmServer keeps wake jobs in its database: a restarted server still has them, and still counts their pushes. */
class DmServerWakeRestartTest {
    private static final String DEV = "IMEI:490154203237518";

    @TempDir
    Path dataDir;

    private final List<Integer> pushed = Collections.synchronizedList(new ArrayList<>());

    private DmServer start() throws Exception {
        DmServer s = DmServer.builder().dataDir(dataDir).port(0).start();
        s.usePushProxy((deviceId, package0) -> {
            pushed.add(NotificationMessage.parse(package0).sessionId());
            return new Delivery.Accepted("sms-" + pushed.size(), 1001, "accepted");
        });
        return s;
    }

    @Test
    void a_wake_survives_a_server_restart_and_its_push_still_counts_for_the_spacing() throws Exception {
        Wake w;
        try (DmServer first = start()) {
            assertThat(first.notifications().store()).isInstanceOf(JdbcWakeJobStore.class);
            first.registry()
                    .register(
                            new DeviceAccount(
                                    DEV,
                                    AccountSecurity.of(DEV, AuthScheme.MD5, true),
                                    false,
                                    DEV,
                                    DigestKey.of(DEV, Secret.ofUtf8("client-secret")),
                                    "trustdm",
                                    DigestKey.of("trustdm", Secret.ofUtf8("server-secret"))),
                            Nonce.random(),
                            Nonce.random());
            w = first.notifications().wake(DEV);
            assertThat(w.state()).isEqualTo(State.AWAITING_ANSWER);
        }
        try (DmServer second = start()) {
            NotificationService n = second.notifications();
            assertThat(n.lastWake(DEV)).isEqualTo(w);
            assertThat(n.wake(DEV).jobId()).as("still the Device's active job").isEqualTo(w.jobId());
            assertThat(pushed).containsExactly(w.sessionId());

            n.answered(DEV, w.sessionIdHex());
            assertThat(n.lastWake(DEV).state()).isEqualTo(State.ANSWERED);
            assertThatThrownBy(() -> n.wake(DEV))
                    .as("the push made before the restart still spaces the next one")
                    .isInstanceOfSatisfying(
                            WakeRefusedException.class,
                            e -> assertThat(e.reason()).isEqualTo(WakeRefusedException.Reason.RATE_LIMITED));
            assertThat(pushed).hasSize(1);
        }
    }

    @Test
    void without_a_database_the_jobs_stay_in_the_heap() throws Exception {
        try (DmServer s = DmServer.builder().dataDir(dataDir).port(0).start(new InMemoryRegistry())) {
            assertThat(s.notifications().store()).isInstanceOf(InMemoryWakeJobStore.class);
        }
    }
}
