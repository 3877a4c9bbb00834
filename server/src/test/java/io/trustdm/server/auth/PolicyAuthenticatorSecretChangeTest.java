package io.trustdm.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.Target;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.auth.SyncMlHmac;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.server.http.DmHttpRequest;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.session.ServerAuthenticator.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * H-4 on the server: the authenticator of a session is built from the account as it was when the session started
 * (as DmServer's ServerAuthenticatorFactory does), so a secret replaced in the registry mid-session applies from the
 * next session. Plain HTTP, so every message needs a valid x-syncml-hmac and the key actually matters.
 */
class PolicyAuthenticatorSecretChangeTest {
    private static final String DEV = "IMEI:490154203237518";
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final MessageSecurityPolicy policy = new MessageSecurityPolicy(e -> {});
    private final Credentials oldCreds = Credentials.of("device-42", "old-secret-0123456789ab".toCharArray());
    private final Credentials newCreds = Credentials.of("device-42", "new-secret-0123456789ab".toCharArray());
    private final Credentials server = Credentials.of("dm.example.com", "server-secret-0123456789".toCharArray());

    private DeviceAccount account(Credentials c) {
        return new DeviceAccount(
                DEV,
                AccountSecurity.of(DEV, AuthScheme.HMAC, false),
                false,
                c.username(),
                c.digestKey(),
                server.username(),
                server.digestKey());
    }

    /** The factory's job: one authenticator per session, from the account the registry holds now. */
    private PolicyAuthenticator newSession() {
        return new PolicyAuthenticator(registry.account(DEV).orElseThrow(), registry, policy);
    }

    private Verdict send(PolicyAuthenticator session, Credentials signWith, int msgId) {
        SyncHdr h = SyncHdr.builder()
                .sessionId("1A")
                .msgId(Integer.toString(msgId))
                .target(Target.of("http://dm.example.com/dm"))
                .source(Source.of(DEV))
                .build();
        byte[] body = ("<SyncML>message " + msgId + "</SyncML>").getBytes(StandardCharsets.UTF_8);
        String mac = SyncMlHmac.sign(signWith, registry.clientNonce(DEV), body).format();
        return session.verifyDevice(
                h,
                new DmHttpRequest(
                        "/dm",
                        null,
                        Encoding.XML,
                        "application/vnd.syncml.dm+xml",
                        body,
                        mac,
                        "127.0.0.1",
                        null,
                        List.of()));
    }

    @Test
    void a_secret_changed_during_a_session_takes_effect_in_the_next_session() {
        registry.register(account(oldCreds), Nonce.random(), Nonce.random());
        PolicyAuthenticator running = newSession();
        assertThat(send(running, oldCreds, 1).authenticated()).isTrue();

        registry.provision(account(newCreds), registry.clientNonce(DEV), Nonce.random());

        assertThat(send(running, oldCreds, 2).authenticated())
                .as("the rest of the running session still verifies with the old key")
                .isTrue();
        PolicyAuthenticator next = newSession();
        assertThat(send(next, newCreds, 1).authenticated())
                .as("the next session uses the new key")
                .isTrue();
        PolicyAuthenticator another = newSession();
        assertThat(send(another, oldCreds, 1).authenticated())
                .as("and the old key no longer authenticates a new session")
                .isFalse();
    }
}
