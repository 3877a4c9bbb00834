package io.trustdm.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Md5Digest;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.pki.CertificateAuthority;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.pki.TlsContexts;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import io.trustdm.server.http.ClientAuth;
import io.trustdm.server.http.DmHttpServer;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.session.ServerSessionEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A-6 on the server (S-PRO: Cred belongs in the SyncHdr only): a valid MD5 Cred carried inside a command of Package 1
 * authenticates nothing, over real TLS on loopback with the real policy and authenticator; the same Cred in the
 * SyncHdr does, which shows the Cred itself was valid.
 */
class CredOnlyInSyncHdrTest {
    private static final String DEV = "IMEI:490154203237601";
    private static final String SRV = "https://localhost/dm";
    private final SyncMlCodec codec = SyncMlCodec.defaults();
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final Credentials device = Credentials.of("device-601", "device-secret-0123456789".toCharArray());
    private final Credentials server = Credentials.of("dm.example.com", "server-secret-0123456789".toCharArray());
    private CertificateAuthority ca;
    private DmHttpServer http;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        registry.register(
                new DeviceAccount(
                        DEV,
                        AccountSecurity.of(DEV, AuthScheme.MD5, false),
                        false,
                        device.username(),
                        device.digestKey(),
                        server.username(),
                        server.digestKey(),
                        ServerCredentialScheme.MD5),
                Nonce.random(),
                Nonce.random());
        MessageSecurityPolicy policy = new MessageSecurityPolicy(e -> {});
        ServerSessionEngine engine = new ServerSessionEngine(
                codec,
                SRV,
                registry,
                registry,
                (d, s, first) -> new PolicyAuthenticator(registry.account(d).orElseThrow(), registry, policy),
                Duration.ofMinutes(5));
        ca = CertificateAuthority.generate("A-6 test CA", Duration.ofDays(1));
        IssuedCertificate cert = ca.issueServer("srv", List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
        http = DmHttpServer.builder()
                .tls(TlsContexts.create(cert, List.of(ca.certificate())), ClientAuth.WANT)
                .handler(engine)
                .build()
                .start();
        SSLContext ctx = TlsContexts.create(null, List.of(ca.certificate()));
        client = HttpClient.newBuilder()
                .sslContext(ctx)
                .sslParameters(TlsContexts.clientParameters(ctx))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    private SyncMl packageOne(String sessionId, Cred inHeader, Cred inAlert) throws Exception {
        SyncHdr.Builder h = SyncHdr.builder()
                .sessionId(sessionId)
                .msgId("1")
                .target(Target.of(SRV))
                .source(Source.of(DEV));
        if (inHeader != null) {
            h.cred(inHeader);
        }
        Command alert = new Alert("1", false, inAlert, "1201", null, List.of());
        byte[] body = codec.encode(new SyncMl(h.build(), new SyncBody(List.of(alert), true)), Encoding.XML);
        HttpResponse<byte[]> r = client.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + http.port() + "/dm"))
                        .header("Content-Type", Encoding.XML.mediaType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return codec.decode(r.body(), Encoding.XML);
    }

    private static int headerStatus(SyncMl reply) {
        return reply.body().commands().stream()
                .filter(Status.class::isInstance)
                .map(Status.class::cast)
                .filter(s -> "SyncHdr".equals(s.cmd()))
                .findFirst()
                .orElseThrow()
                .code();
    }

    private static boolean delivers(SyncMl reply) {
        return reply.body().commands().stream().anyMatch(Get.class::isInstance);
    }

    @Test
    void server_MUST_take_cred_only_from_the_synchdr_a_cred_inside_a_command_authenticates_nothing() throws Exception {
        registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        Cred valid = Md5Digest.toCred(device.digestKey(), registry.clientNonce(DEV));

        SyncMl inCommand = packageOne("A1", null, valid);
        assertThat(headerStatus(inCommand))
                .as("a Cred inside the Alert leaves the Device unauthenticated: challenged")
                .isIn(401, 407);
        assertThat(delivers(inCommand))
                .as("no job for an unauthenticated Device")
                .isFalse();

        Cred again = Md5Digest.toCred(device.digestKey(), registry.clientNonce(DEV));
        SyncMl inHeader = packageOne("A2", again, null);
        assertThat(headerStatus(inHeader))
                .as("the same kind of Cred in the SyncHdr authenticates")
                .isIn(200, 212);
        assertThat(delivers(inHeader)).isTrue();
    }
}
