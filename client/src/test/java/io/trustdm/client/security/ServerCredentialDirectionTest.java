package io.trustdm.client.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.session.ClientAuthenticator.ServerVerdict;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.Target;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Md5Digest;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.SecurityRule;
import io.trustdm.security.policy.Verdict;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Device judges the server's credential against SRVCRED, independently of the scheme it uses itself (CLCRED):
 * a valid server MD5 Cred is enough for an MD5 SRVCRED whatever the Device sends, and refused for an HMAC SRVCRED.
 */
class ServerCredentialDirectionTest {
    private static final String SERVER_ID = "dm.example.com";
    private final Credentials device = Credentials.of("device-42", "device-secret-0123456789".toCharArray());
    private final Credentials server = Credentials.of(SERVER_ID, "server-secret-0123456789".toCharArray());
    private final Nonce serverNonce = Nonce.random();
    private final List<SecurityAuditEvent> audit = new ArrayList<>();

    private PolicyClientAuthenticator device(AuthScheme clcred, AuthScheme srvcred) {
        return new PolicyClientAuthenticator(
                new ClientAccount(
                        SERVER_ID,
                        AccountSecurity.of(SERVER_ID, clcred, true),
                        device,
                        server,
                        AccountSecurity.of(SERVER_ID, srvcred, true)),
                NonceStore.inMemory(Nonce.random(), serverNonce),
                new MessageSecurityPolicy(audit::add),
                URI.create("https://dm.example.com/dm"));
    }

    private SyncHdr serverHeaderWithMd5Cred() {
        return SyncHdr.builder()
                .sessionId("1")
                .msgId("1")
                .target(Target.of("IMEI:1"))
                .source(Source.of("https://dm.example.com/dm"))
                .cred(Md5Digest.toCred(server.digestKey(), serverNonce))
                .build();
    }

    @Test
    void an_hmac_device_accepts_a_server_md5_cred_when_its_srvcred_is_digest() {
        ServerVerdict v = device(AuthScheme.HMAC, AuthScheme.MD5).verifyServer(serverHeaderWithMd5Cred());

        assertThat(v.authenticated()).isTrue();
        assertThat(audit.get(audit.size() - 1).reason()).startsWith("DIGEST credentials verified");
    }

    @Test
    void device_MUST_refuse_a_server_credential_weaker_than_provisioned() {
        ServerVerdict v = device(AuthScheme.BASIC, AuthScheme.HMAC).verifyServer(serverHeaderWithMd5Cred());

        assertThat(v.authenticated()).isFalse();
        SecurityAuditEvent e = audit.get(audit.size() - 1);
        assertThat(e.verdict()).isNotEqualTo(Verdict.ACCEPT);
        assertThat(e.rules()).contains(SecurityRule.DOWNGRADE.id());
        assertThat(e.reason()).contains("DIGEST is weaker than the HMAC");
    }

    @Test
    void an_account_without_a_separate_srvcred_requirement_judges_the_server_by_the_clients_scheme_as_before() {
        // the old single-scheme account: an HMAC device also demanded HMAC of the server
        ServerVerdict v = new PolicyClientAuthenticator(
                        new ClientAccount(
                                SERVER_ID, AccountSecurity.of(SERVER_ID, AuthScheme.HMAC, true), device, server),
                        NonceStore.inMemory(Nonce.random(), serverNonce),
                        new MessageSecurityPolicy(audit::add),
                        URI.create("https://dm.example.com/dm"))
                .verifyServer(serverHeaderWithMd5Cred());

        assertThat(v.authenticated()).isFalse();
    }
}
