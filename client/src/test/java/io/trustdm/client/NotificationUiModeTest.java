package io.trustdm.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.bootstrap.BootstrappedAccount;
import io.trustdm.client.bootstrap.InstalledAccounts;
import io.trustdm.client.notification.NotificationReceiver;
import io.trustdm.client.security.TreeNonceStore;
import io.trustdm.client.session.UserInteraction;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.notification.NotificationMessage;
import io.trustdm.protocol.notification.NotificationMessage.Initiator;
import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.notification.NotificationDigest;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * N-4 (S-NOT, SHOULD): a Device follows the UI mode of a verified trigger. The DM server is a loopback port that
 * nothing listens on, so "the session was opened" shows as a refused connection reported to the error callback, and
 * "not opened" as no attempt at all.
 */
class NotificationUiModeTest {
    private static final String DEV = "IMEI:490154203237640";
    private static final Credentials SERVER = Credentials.of("trustdm", "srv-Pa55word-0123".toCharArray());
    private static final Nonce SERVER_NONCE = Nonce.of("nonce-of-the-dev1".getBytes(StandardCharsets.US_ASCII));

    private final List<UserInteraction.Request> asked = new CopyOnWriteArrayList<>();
    private final List<Throwable> attempts = new CopyOnWriteArrayList<>();

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private DeviceAgent agent(UserInteraction.Answer answer) throws Exception {
        BootstrappedAccount account = InstalledAccounts.factory(
                "trustdm",
                "trustdm",
                URI.create("https://127.0.0.1:" + closedPort() + "/dm"),
                AuthScheme.MD5,
                Credentials.of("dev-user", "dev-Pa55word-0123".toCharArray()),
                SERVER);
        DeviceAgent a = DeviceAgent.builder(DEV)
                .userInteraction(r -> {
                    asked.add(r);
                    return answer;
                })
                .build();
        a.provision(account);
        TreeNonceStore.forAccount(a.tree(), "trustdm").storeServerNonce(SERVER_NONCE);
        return a;
    }

    /** Delivers a signed trigger with {@code mode}; returns once the agent has acted on it. */
    private void trigger(DeviceAgent a, UiMode mode, int sessionId) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        NotificationReceiver receiver = a.notificationReceiver(e -> {
            attempts.add(e);
            done.countDown();
        });
        byte[] trigger = NotificationMessage.trigger(12, mode, Initiator.SERVER, sessionId, "trustdm", null);
        assertThat(receiver.onPackage0(NotificationDigest.seal(SERVER.digestKey(), SERVER_NONCE, trigger)))
                .as("the trigger is verified")
                .isPresent();
        // an opened session fails at once on the closed port; a session not opened leaves nothing to wait for
        done.await(mode == UiMode.USER_INTERACTION && attempts.isEmpty() ? 2 : 10, TimeUnit.SECONDS);
    }

    @Test
    void client_SHOULD_ask_before_a_user_interaction_session_and_not_connect_when_declined() throws Exception {
        try (DeviceAgent a = agent(UserInteraction.Answer.of(StatusCode.NOT_MODIFIED))) {
            trigger(a, UiMode.USER_INTERACTION, 0x21);
        }
        assertThat(asked).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo(AlertCode.CONFIRM_OR_REJECT);
            assertThat(r.text()).contains("trustdm");
        });
        assertThat(attempts).as("declined: no connection").isEmpty();
    }

    @Test
    void client_SHOULD_open_a_user_interaction_session_when_the_user_allows_it() throws Exception {
        try (DeviceAgent a = agent(UserInteraction.Answer.of(StatusCode.OK))) {
            trigger(a, UiMode.USER_INTERACTION, 0x22);
        }
        assertThat(asked).singleElement().satisfies(r -> assertThat(r.code()).isEqualTo(AlertCode.CONFIRM_OR_REJECT));
        assertThat(attempts)
                .as("allowed: the session was opened (and met the closed port)")
                .hasSize(1);
    }

    @Test
    void client_SHOULD_show_an_informative_notice_and_open_the_session() throws Exception {
        try (DeviceAgent a = agent(UserInteraction.Answer.of(StatusCode.OK))) {
            trigger(a, UiMode.INFORMATIVE, 0x23);
        }
        assertThat(asked).singleElement().satisfies(r -> assertThat(r.code()).isEqualTo(AlertCode.DISPLAY));
        assertThat(attempts).hasSize(1);
    }

    @Test
    void a_background_trigger_opens_the_session_without_asking() throws Exception {
        try (DeviceAgent a = agent(UserInteraction.Answer.of(StatusCode.NOT_MODIFIED))) {
            trigger(a, UiMode.BACKGROUND, 0x24);
        }
        assertThat(asked).isEmpty();
        assertThat(attempts).hasSize(1);
    }

    @Test
    void a_device_without_a_user_interface_opens_a_user_interaction_session() throws Exception {
        try (DeviceAgent a = agent(UserInteraction.Answer.of(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED))) {
            trigger(a, UiMode.USER_INTERACTION, 0x25);
        }
        assertThat(attempts).as("nobody to ask: as for a background trigger").hasSize(1);
    }
}
