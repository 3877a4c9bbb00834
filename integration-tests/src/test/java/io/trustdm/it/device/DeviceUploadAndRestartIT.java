package io.trustdm.it.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.DeviceAgent;
import io.trustdm.client.bootstrap.InstalledAccounts;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.server.DmServer;
import io.trustdm.server.ManagementRegistry;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.session.OperationResult;
import io.trustdm.server.session.SessionOutcome;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.Principal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Our device agent (real tree, persisted in a directory) against our DM server over HTTPS on loopback with MD5
 * authentication: Results larger than the server's MaxMsgSize travel as a large object and are reassembled by the
 * server; an object above its MaxObjSize is refused with 413; and a Device restarted from its directory runs its next
 * session with the account and nonces it stored.
 */
class DeviceUploadAndRestartIT {
    private static final String DEV = "IMEI:356938035640001";
    private static final Credentials CLIENT = Credentials.of("dev-0001", "client-Pa55".toCharArray());
    private static final Credentials SERVER = Credentials.of("trustdm", "server-Pa55".toCharArray());

    @TempDir
    Path dir;

    private DmServer server;

    @BeforeEach
    void start() throws Exception {
        server = DmServer.start(dir.resolve("server"), "127.0.0.1", 0, "trustdm", AuthScheme.MD5);
        server.engine().messageLimits(4096, 20_000);
        server.registry()
                .register(
                        new DeviceAccount(
                                DEV,
                                AccountSecurity.of(DEV, AuthScheme.MD5, true),
                                false,
                                CLIENT.username(),
                                DigestKey.of(CLIENT.username(), Secret.ofUtf8("client-Pa55")),
                                SERVER.username(),
                                DigestKey.of(SERVER.username(), Secret.ofUtf8("server-Pa55"))),
                        null,
                        null);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private DeviceAgent agent(Encoding enc) {
        return DeviceAgent.builder(DEV)
                .trustAnchors(List.of(server.ca().certificate()))
                .encoding(enc)
                .dataDirectory(dir.resolve("device"))
                .build();
    }

    private static String text(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; sb.length() < length; i++) {
            sb.append("line ").append(i).append(": temperature=21.5 & status=<ok>\n");
        }
        return sb.substring(0, length);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void results_above_the_servers_max_msg_size_arrive_whole_and_above_max_obj_size_are_refused_413(Encoding enc)
            throws Exception {
        String log = text(15_000);
        String huge = text(30_000);
        ManagementRegistry reg = server.registry();
        try (DeviceAgent a = agent(enc)) {
            a.provision(
                    InstalledAccounts.factory("trustdm", "trustdm", server.dmUri(), AuthScheme.MD5, CLIENT, SERVER));
            a.tree().add(Principal.LOCAL, "./Vendor/Log", NodeContent.text(log));
            a.tree().add(Principal.LOCAL, "./Vendor/Huge", NodeContent.text(huge));
            String job = reg.enqueue(
                    DEV,
                    List.of(
                            new Get("0", false, null, null, List.of(Item.target("./Vendor/Log"))),
                            new Get("0", false, null, null, List.of(Item.target("./Vendor/Huge"))),
                            new Get("0", false, null, null, List.of(Item.target("./DevInfo/DevId")))));
            DeviceAgent.SessionReport report = a.runSession();

            List<OperationResult> results = reg.completed(job).orElseThrow().results();
            assertThat(results.get(0).status()).isEqualTo(200);
            assertThat(results.get(0).results()).hasSize(1);
            assertThat(results.get(0).results().get(0).data().asText()).isEqualTo(log);
            assertThat(results.get(0).results().get(0).moreData()).isFalse();
            assertThat(results.get(1).status()).isEqualTo(413);
            assertThat(results.get(1).results()).isEmpty();
            assertThat(results.get(2).results().get(0).data().asText()).isEqualTo(DEV);
            // 15 000 bytes through a 4 096-byte MaxMsgSize: at least four chunk messages
            assertThat(report.messagesSent()).isGreaterThanOrEqualTo(5);
            assertThat(reg.sessions()).last().extracting(r -> r.outcome()).isEqualTo(SessionOutcome.COMPLETED);
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void a_device_restarted_from_its_directory_runs_its_next_session_with_the_stored_account_and_nonces(Encoding enc)
            throws Exception {
        ManagementRegistry reg = server.registry();
        try (DeviceAgent a = agent(enc)) {
            a.provision(
                    InstalledAccounts.factory("trustdm", "trustdm", server.dmUri(), AuthScheme.MD5, CLIENT, SERVER));
            a.tree().add(Principal.LOCAL, "./Vendor/Boots", NodeContent.text("1"));
            a.runSession();
        }
        assertThat(reg.sessions()).hasSize(1);
        assertThat(reg.sessions().get(0).outcome()).isEqualTo(SessionOutcome.COMPLETED);
        String job = reg.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./Vendor/Boots")))));
        try (DeviceAgent b = agent(enc)) {
            assertThat(b.account()).isPresent();
            b.runSession();
        }
        assertThat(reg.sessions()).hasSize(2);
        assertThat(reg.sessions().get(1).outcome()).isEqualTo(SessionOutcome.COMPLETED);
        assertThat(reg.completed(job)
                        .orElseThrow()
                        .results()
                        .get(0)
                        .results()
                        .get(0)
                        .data()
                        .asText())
                .isEqualTo("1");
    }
}
