package io.trustdm.client.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.trustdm.client.transport.DmExchange;
import io.trustdm.client.transport.DmReply;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.Verdict;
import io.trustdm.security.transport.Party;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Device's outbound HMAC decision on real loopback TLS: with a client certificate the transport authenticates
 * both parties and gives integrity, so an HMAC account without a nonce yet is no reason to record a refusal (CR-6).
 */
class PolicyClientAuthenticatorTlsTest {
    private static final String SERVER_ID = "dm.example.com";
    private static final String DEVICE = "IMEI:490154203237518";
    private static CertificateAuthority ca;
    private final Credentials device = Credentials.of("device-42", "device-secret-0123456789".toCharArray());
    private final Credentials server = Credentials.of(SERVER_ID, "server-secret-0123456789".toCharArray());
    private final List<SecurityAuditEvent> audit = new CopyOnWriteArrayList<>();
    private HttpsServer https;

    @BeforeAll
    static void pki() {
        ca = CertificateAuthority.generate("test CA", Duration.ofDays(1));
    }

    @AfterEach
    void stop() {
        if (https != null) {
            https.stop(0);
        }
    }

    private URI start(boolean needClientAuth) throws Exception {
        SSLContext ctx = TlsContexts.create(
                ca.issueServer("s", List.of("localhost"), Duration.ofDays(1)), List.of(ca.certificate()));
        https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters p) {
                javax.net.ssl.SSLParameters sp = ctx.getDefaultSSLParameters();
                sp.setNeedClientAuth(needClientAuth);
                p.setSSLParameters(sp);
            }
        });
        https.createContext("/dm", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] out = "<SyncML/>".getBytes();
            ex.getResponseHeaders().add("Content-Type", "application/vnd.syncml.dm+xml");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        https.start();
        return URI.create("https://localhost:" + https.getAddress().getPort() + "/dm");
    }

    private DmReply exchange(URI uri, IssuedCertificate clientCert) throws Exception {
        HttpDmTransport.Builder b = HttpDmTransport.builder().trustAnchors(List.of(ca.certificate()));
        if (clientCert != null) {
            b.clientCertificate(clientCert);
        }
        try (HttpDmTransport t = b.build()) {
            return t.exchange(new DmExchange(uri, "hello".getBytes(), Encoding.XML, null));
        }
    }

    private PolicyClientAuthenticator hmacAccount(URI uri, Nonce clientNonce) {
        return new PolicyClientAuthenticator(
                new ClientAccount(SERVER_ID, AccountSecurity.of(SERVER_ID, AuthScheme.HMAC, true), device, server),
                NonceStore.inMemory(clientNonce, Nonce.random()),
                new MessageSecurityPolicy(audit::add),
                uri);
    }

    private List<SecurityAuditEvent> refusals() {
        return audit.stream().filter(e -> e.verdict() == Verdict.REFUSE).toList();
    }

    @Test
    void
            transport_authentication_and_integrity_MUST_be_used_when_available_so_mutual_tls_without_a_nonce_is_no_refusal()
                    throws Exception {
        URI uri = start(true);
        DmReply reply = exchange(uri, ca.issueDevice(DEVICE, Duration.ofDays(1)));
        PolicyClientAuthenticator auth = hmacAccount(uri, null);
        auth.accept(reply);

        String mac = auth.sign("<SyncML>next</SyncML>".getBytes());

        assertThat(auth.transport().authenticates(Party.CLIENT))
                .as("the client certificate authenticated the device")
                .isTrue();
        assertThat(mac).as("no nonce yet: nothing to sign with").isNull();
        assertThat(refusals())
                .as("the message is acceptable, so no REFUSE is recorded")
                .isEmpty();
        assertThat(audit).as("the decision is still recorded").isNotEmpty();
    }

    @Test
    void over_mutual_tls_an_hmac_account_with_a_nonce_still_adds_the_hmac() throws Exception {
        URI uri = start(true);
        DmReply reply = exchange(uri, ca.issueDevice(DEVICE, Duration.ofDays(1)));
        PolicyClientAuthenticator auth = hmacAccount(uri, Nonce.random());
        auth.accept(reply);

        assertThat(auth.sign("<SyncML>next</SyncML>".getBytes())).contains("mac=");
        assertThat(refusals()).isEmpty();
    }

    @Test
    void without_client_authentication_by_the_transport_an_hmac_account_without_a_nonce_only_asks_for_one()
            throws Exception {
        URI uri = start(false);
        DmReply reply = exchange(uri, null);
        PolicyClientAuthenticator auth = hmacAccount(uri, null);
        auth.accept(reply);

        assertThat(auth.sign("<SyncML>next</SyncML>".getBytes())).isNull();
        assertThat(auth.transport().authenticates(Party.CLIENT)).isFalse();
        // The server must challenge this message (it is neither authenticated by TLS nor signed); it goes unsigned
        // as a nonce request, which is what is recorded, not a refusal followed by sending anyway.
        assertThat(refusals()).isEmpty();
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.verdict()).isEqualTo(Verdict.ACCEPT);
            assertThat(e.rules()).contains("A-13");
        });
    }
}
