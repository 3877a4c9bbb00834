package io.trustdm.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.client.security.ClientAccount;
import io.trustdm.client.security.NonceStore;
import io.trustdm.client.security.PolicyClientAuthenticator;
import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Chal;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Cred;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemCommand;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Challenge;
import io.trustdm.security.auth.CredentialVerifier;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.auth.Md5Digest;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.auth.VerificationResult;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.MessageSecurityPolicy;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session engine against a minimal key-value processor (the management tree is tested on its own; the
 * end-to-end tests run the engine on the real tree).
 */
class ManagementSessionTest {
    private static final String DEV = "IMEI:490154203237518";
    private static final String SRV = "https://dm.example.com/dm";

    private final Map<String, String> values = new HashMap<>();
    private final List<Command> executed = new ArrayList<>();

    /** Get/Replace on a map; everything else 200. */
    private final CommandProcessor processor = (c, ctx) -> {
        executed.add(c);
        List<Command> out = new ArrayList<>();
        if (c instanceof Get g) {
            String uri = g.items().get(0).target().locUri();
            String v = values.get(uri);
            out.add(Status.of("0", ctx.msgId(), c.cmdId(), "Get", v == null ? 404 : 200));
            if (v != null) {
                out.add(new Results(
                        "0",
                        ctx.msgId(),
                        c.cmdId(),
                        null,
                        null,
                        null,
                        List.of(Item.sourceWithData(
                                uri,
                                uri.endsWith("b64") ? Meta.ofFormatAndType("b64", "application/octet-stream") : null,
                                v))));
            }
        } else if (c instanceof ItemCommand ic) {
            for (Item i : ic.items()) {
                values.put(i.target().locUri(), i.data() == null ? "" : i.data().asText());
            }
            out.add(Status.of("0", ctx.msgId(), c.cmdId(), c.name(), 200));
        } else {
            out.add(Status.of("0", ctx.msgId(), c.cmdId(), c.name(), 200));
        }
        return out;
    };

    private ManagementSession session(ClientAuthenticator auth, UserInteraction ui) {
        return new ManagementSession(
                new SessionConfig(DEV, SRV, "dm.example.com", "dev", Encoding.WBXML, 16_384, 1_000_000),
                processor,
                auth,
                ui,
                SyncMlCodec.defaults());
    }

    private ManagementSession session() {
        return session(ClientAuthenticator.transportOnly(), UserInteraction.NONE);
    }

    private static List<Item> devInfo() {
        return List.of(
                Item.sourceWithData("./DevInfo/DevId", null, DEV), Item.sourceWithData("./DevInfo/Man", null, "Acme"));
    }

    private static SyncMl server(String sessionId, int msgId, boolean fin, Command... cmds) {
        SyncHdr h = SyncHdr.builder()
                .sessionId(sessionId)
                .msgId(Integer.toString(msgId))
                .target(Target.of(DEV))
                .source(Source.of(SRV))
                .build();
        return new SyncMl(h, new SyncBody(List.of(cmds), fin));
    }

    private static Status hdrStatus(int code) {
        return Status.of("1", "1", "0", "SyncHdr", code);
    }

    @Test
    void package_1_carries_the_session_alert_devinfo_and_size_limits() {
        SyncMl p1 = session().start(1201, "1A", devInfo(), List.of());
        assertThat(p1.header().msgId()).isEqualTo("1");
        assertThat(p1.header().sessionId()).isEqualTo("1A");
        assertThat(p1.header().source().locUri()).isEqualTo(DEV);
        assertThat(p1.header().meta().maxMsgSize()).isEqualTo(16_384L);
        assertThat(p1.body().isFinal()).isTrue();
        assertThat(((Alert) p1.body().commands().get(0)).code()).isEqualTo(1201);
        Replace r = (Replace) p1.body().commands().get(1);
        assertThat(r.items()).extracting(i -> i.source().locUri()).containsExactly("./DevInfo/DevId", "./DevInfo/Man");
    }

    @Test
    void package_3_answers_header_first_then_every_command_in_order_with_results_after_their_get() throws Exception {
        ManagementSession s = session();
        s.start(1201, "1A", devInfo(), List.of());
        values.put("./DevInfo/Man", "Acme");
        SyncMl p2 = server(
                "1A",
                1,
                true,
                hdrStatus(212),
                new Get("3", false, null, null, List.of(Item.target("./DevInfo/Man"))),
                new Replace("4", false, null, null, List.of(Item.targetWithData("./X/Y", null, "v"))));
        SyncMl p3 = s.onServerMessage(p2).orElseThrow();
        List<Command> c = p3.body().commands();
        assertThat(c.get(0)).isInstanceOfSatisfying(Status.class, st -> {
            assertThat(st.cmdRef()).isEqualTo("0");
            assertThat(st.cmd()).isEqualTo("SyncHdr");
            assertThat(st.msgRef()).isEqualTo("1");
        });
        assertThat(c.get(1))
                .isInstanceOfSatisfying(
                        Status.class, st -> assertThat(st.cmdRef()).isEqualTo("3"));
        assertThat(c.get(2))
                .isInstanceOfSatisfying(
                        Results.class,
                        r -> assertThat(r.items().get(0).data().asText()).isEqualTo("Acme"));
        assertThat(c.get(3))
                .isInstanceOfSatisfying(
                        Status.class, st -> assertThat(st.cmdRef()).isEqualTo("4"));
        assertThat(c).extracting(Command::cmdId).containsExactly("1", "2", "3", "4");
        assertThat(p3.header().msgId()).isEqualTo("2");
        assertThat(p3.body().isFinal()).isTrue();
        assertThat(values).containsEntry("./X/Y", "v");
    }

    @Test
    void server_package_with_only_statuses_ends_the_session_without_a_reply() throws Exception {
        ManagementSession s = session();
        s.start(1201, "1A", devInfo(), List.of());
        assertThat(s.onServerMessage(server("1A", 1, true, hdrStatus(212)))).isEmpty();
        assertThat(s.isFinished()).isTrue();
        assertThatThrownBy(() -> s.onServerMessage(server("1A", 2, true))).isInstanceOf(SessionException.class);
    }

    @Test
    void alert_1223_aborts_without_a_reply() throws Exception {
        ManagementSession s = session();
        s.start(1201, "1A", devInfo(), List.of());
        assertThat(s.onServerMessage(server("1A", 1, true, Alert.of("2", 1223))))
                .isEmpty();
        assertThat(s.wasAborted()).isTrue();
    }

    /** A-12 (S-PRO §2.4.1): after an authentication failure the resend keeps the SessionID and goes to RespURI. */
    @Test
    void resend_after_authentication_failure_MUST_carry_the_synchdr_status_keep_the_session_id_and_go_to_the_resp_uri()
            throws Exception {
        Credentials device = Credentials.of("device-42", "device-secret-0123456789".toCharArray());
        Credentials srv = Credentials.of("dm.example.com", "server-secret-0123456789".toCharArray());
        PolicyClientAuthenticator auth = new PolicyClientAuthenticator(
                new ClientAccount(
                        "dm.example.com", AccountSecurity.of("dm.example.com", AuthScheme.MD5, true), device, srv),
                NonceStore.inMemory(Nonce.random(), Nonce.random()),
                new MessageSecurityPolicy(e -> {}),
                URI.create(SRV));
        ManagementSession s = session(auth, UserInteraction.NONE);
        s.start(1201, "1A", devInfo(), List.of());
        Challenge chal = Challenge.issue(AuthScheme.MD5);
        String respUri = "https://dm.example.com/dm?s=7f3a";
        SyncHdr h = SyncHdr.builder()
                .sessionId("1A")
                .msgId("1")
                .target(Target.of(DEV))
                .source(Source.of(SRV))
                .respUri(respUri)
                .build();
        Status failed =
                new Status("1", "1", "0", "SyncHdr", List.of(SRV), List.of(DEV), null, chal.toChal(), "401", List.of());

        SyncMl resend = s.onServerMessage(new SyncMl(h, new SyncBody(List.of(failed), true)))
                .orElseThrow();

        assertThat(resend.header().sessionId()).as("same SessionID").isEqualTo("1A");
        assertThat(resend.header().target().locUri()).as("sent to the RespURI").isEqualTo(respUri);
        assertThat(s.targetUri()).isEqualTo(respUri);
        Status first = (Status) resend.body().commands().get(0);
        assertThat(first.cmdRef())
                .as("a Status for the server's SyncHdr comes first")
                .isEqualTo("0");
        assertThat(first.msgRef()).isEqualTo("1");
        assertThat(resend.body().commands())
                .as("then Alert and DevInfo again")
                .hasSize(3)
                .element(1)
                .isInstanceOf(Alert.class);
        assertThat(new CredentialVerifier(device)
                        .verifyCred(resend.header().cred(), chal.nonce().orElseThrow())
                        .outcome())
                .as("with credentials answering the new challenge")
                .isEqualTo(VerificationResult.Outcome.VALID);
    }

    /**
     * A-6 (S-PRO): Cred belongs in the SyncHdr only. The receiver ignores a Cred inside a command: it never
     * authenticates the server (plain HTTP, no x-syncml-hmac: a valid Cred in the command grants nothing) and never
     * changes the outcome for a server the transport authenticated (a wrong Cred in the command refuses nothing).
     */
    @Test
    void cred_only_in_synchdr_so_a_cred_inside_a_command_never_authenticates_and_never_changes_the_outcome()
            throws Exception {
        Credentials device = Credentials.of("device-42", "device-secret-0123456789".toCharArray());
        Credentials srv = Credentials.of("dm.example.com", "server-secret-0123456789".toCharArray());
        Nonce serverNonce = Nonce.random();
        ClientAccount account = new ClientAccount(
                "dm.example.com", AccountSecurity.of("dm.example.com", AuthScheme.MD5, false), device, srv);

        PolicyClientAuthenticator overHttp = new PolicyClientAuthenticator(
                account,
                NonceStore.inMemory(Nonce.random(), serverNonce),
                new MessageSecurityPolicy(e -> {}),
                URI.create("http://dm.example.com/dm"));
        ManagementSession plain = session(overHttp, UserInteraction.NONE);
        plain.start(1201, "1A", devInfo(), List.of());
        Cred valid = Md5Digest.toCred(srv.digestKey(), serverNonce);
        SyncMl reply = plain.onServerMessage(server(
                        "1A",
                        1,
                        false,
                        new Replace("3", false, valid, null, List.of(Item.targetWithData("./A", null, "x")))))
                .orElseThrow();
        assertThat(executed)
                .as("a valid Cred inside the command grants nothing")
                .isEmpty();
        assertThat(reply.body().commands().stream()
                        .filter(Status.class::isInstance)
                        .map(c -> ((Status) c).code()))
                .as("header and command answered as for an unauthenticated server")
                .allMatch(code -> code == 401 || code == 407);

        PolicyClientAuthenticator overHttps = new PolicyClientAuthenticator(
                account,
                NonceStore.inMemory(Nonce.random(), serverNonce),
                new MessageSecurityPolicy(e -> {}),
                URI.create(SRV));
        ManagementSession tls = session(overHttps, UserInteraction.NONE);
        tls.start(1201, "1B", devInfo(), List.of());
        Cred wrong = Md5Digest.toCred(
                Credentials.of("x", "wrong-secret-0123456789".toCharArray()).digestKey(), serverNonce);
        SyncMl second = tls.onServerMessage(server(
                        "1B",
                        1,
                        false,
                        new Replace("3", false, wrong, null, List.of(Item.targetWithData("./B", null, "y")))))
                .orElseThrow();
        assertThat(values)
                .as("a wrong Cred inside a command does not stop a server the transport authenticated")
                .containsEntry("./B", "y");
        assertThat(second.body().commands().stream()
                        .filter(c -> c instanceof Status st && "3".equals(st.cmdRef()))
                        .map(c -> ((Status) c).code()))
                .containsExactly(200);
    }

    @Test
    void commands_of_an_unauthenticated_server_are_never_executed() throws Exception {
        ClientAuthenticator refuseServer = new ClientAuthenticator() {
            @Override
            public Cred credentials() {
                return null;
            }

            @Override
            public HeaderOutcome onHeaderStatus(int status, Chal challenge) {
                return HeaderOutcome.CONTINUE;
            }

            @Override
            public ServerVerdict verifyServer(SyncHdr serverHeader) {
                return new ServerVerdict(401, null, false);
            }
        };
        ManagementSession s = session(refuseServer, UserInteraction.NONE);
        s.start(1201, "1A", devInfo(), List.of());
        SyncMl reply = s.onServerMessage(server(
                        "1A",
                        1,
                        true,
                        new Replace("3", false, null, null, List.of(Item.targetWithData("./A", null, "x")))))
                .orElseThrow();
        assertThat(executed).isEmpty();
        assertThat(reply.body().commands()).extracting(c -> ((Status) c).code()).containsExactly(401, 401);
    }

    @Test
    void large_object_is_reassembled_from_chunks_and_committed_only_when_complete() throws Exception {
        ManagementSession s = session();
        s.start(1201, "1A", devInfo(), List.of());
        Meta size = Meta.builder().size(16L).build();
        SyncMl m1 = server(
                "1A",
                1,
                false,
                hdrStatus(212),
                new Replace(
                        "3",
                        false,
                        null,
                        null,
                        List.of(new Item(
                                Target.of("./FW/PkgData"),
                                null,
                                size,
                                io.trustdm.protocol.message.ItemData.text("RklSTVdB"),
                                true))));
        SyncMl r1 = s.onServerMessage(m1).orElseThrow();
        assertThat(statusCodes(r1)).containsExactly(200, 213);
        assertThat(r1.body().commands().get(2))
                .isInstanceOfSatisfying(Alert.class, a -> assertThat(a.code()).isEqualTo(1222));
        assertThat(r1.body().isFinal()).isFalse();
        assertThat(executed).isEmpty();
        SyncMl m2 = server(
                "1A",
                2,
                true,
                new Replace("4", false, null, null, List.of(Item.targetWithData("./FW/PkgData", null, "UkUtUEtH"))));
        SyncMl r2 = s.onServerMessage(m2).orElseThrow();
        assertThat(statusCodes(r2)).containsExactly(200, 200);
        assertThat(values).containsEntry("./FW/PkgData", "RklSTVdBUkUtUEtH");
        assertThat(r2.body().isFinal()).isTrue();
    }

    @Test
    void large_object_with_wrong_size_answers_424_and_commits_nothing() throws Exception {
        ManagementSession s = session();
        s.start(1201, "1A", devInfo(), List.of());
        Meta size = Meta.builder().size(20L).build();
        s.onServerMessage(server(
                "1A",
                1,
                false,
                new Replace(
                        "3",
                        false,
                        null,
                        null,
                        List.of(new Item(
                                Target.of("./FW/PkgData"),
                                null,
                                size,
                                io.trustdm.protocol.message.ItemData.text("RklSTVdB"),
                                true)))));
        SyncMl r2 = s.onServerMessage(server(
                        "1A",
                        2,
                        true,
                        new Replace(
                                "4",
                                false,
                                null,
                                null,
                                List.of(Item.targetWithData("./FW/PkgData", null, "UkUtUEtH")))))
                .orElseThrow();
        assertThat(statusCodes(r2)).containsExactly(200, 424);
        assertThat(values).doesNotContainKey("./FW/PkgData");
    }

    @Test
    void a_reply_larger_than_the_servers_max_msg_size_is_split_and_continued_on_alert_1222() throws Exception {
        ManagementSession s = session();
        s.start(1201, "1A", devInfo(), List.of());
        List<Command> gets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            values.put("./Big/" + i, "x".repeat(400));
            gets.add(new Get(Integer.toString(i + 3), false, null, null, List.of(Item.target("./Big/" + i))));
        }
        SyncHdr small = SyncHdr.builder()
                .sessionId("1A")
                .msgId("1")
                .target(Target.of(DEV))
                .source(Source.of(SRV))
                .meta(Meta.builder().maxMsgSize(2048L).build())
                .build();
        SyncMl first =
                s.onServerMessage(new SyncMl(small, new SyncBody(gets, true))).orElseThrow();
        assertThat(first.body().isFinal()).isFalse();
        int firstResults = count(first, Results.class);
        assertThat(firstResults).isBetween(1, 9);
        assertThat(SyncMlCodec.defaults().encode(first, Encoding.WBXML).length).isLessThanOrEqualTo(2048);

        int seen = firstResults;
        int msg = 2;
        SyncMl reply = first;
        while (!reply.body().isFinal()) {
            reply = s.onServerMessage(server("1A", msg++, true, hdrStatus(212), Alert.of("2", 1222)))
                    .orElseThrow();
            seen += count(reply, Results.class);
            assertThat(msg).isLessThan(20);
        }
        assertThat(seen).isEqualTo(10);
    }

    @Test
    void cancelled_ui_alert_stops_the_package_and_the_rest_gets_215() throws Exception {
        ManagementSession s = session(ClientAuthenticator.transportOnly(), r -> UserInteraction.Answer.of(214));
        s.start(1201, "1A", devInfo(), List.of());
        SyncMl reply = s.onServerMessage(server(
                        "1A",
                        1,
                        true,
                        new Alert("3", false, null, "1101", null, List.of(Item.EMPTY, Item.data("Update now?"))),
                        new Replace("4", false, null, null, List.of(Item.targetWithData("./A", null, "x")))))
                .orElseThrow();
        assertThat(statusCodes(reply)).containsExactly(200, 214, 215);
        assertThat(executed).isEmpty();
    }

    @Test
    void ui_alert_options_are_parsed() {
        assertThat(ManagementSession.parseOptions("MINDT=10&DR=Hello+world&bad&IT=N"))
                .containsEntry("MINDT", "10")
                .containsEntry("DR", "Hello world")
                .containsEntry("IT", "N")
                .hasSize(3);
    }

    @Test
    void a_foreign_session_id_is_a_protocol_violation() {
        ManagementSession s = session();
        s.start(1201, "1A", devInfo(), List.of());
        assertThatThrownBy(() -> s.onServerMessage(server("FF", 1, true))).isInstanceOf(SessionException.class);
    }

    @Test
    void unsupported_commands_get_406() throws Exception {
        ManagementSession s = session();
        s.start(1201, "1A", devInfo(), List.of());
        SyncMl reply = s.onServerMessage(
                        server("1A", 1, true, new io.trustdm.protocol.message.UnsupportedCommand("Sync", "5")))
                .orElseThrow();
        assertThat(statusCodes(reply)).containsExactly(200, 406);
    }

    // ---- sending large objects (S-PRO §2.2, protocol.md §5)

    private static SyncMl serverWithLimits(int msgId, boolean fin, Long maxMsgSize, Long maxObjSize, Command... cmds) {
        SyncHdr h = SyncHdr.builder()
                .sessionId("1A")
                .msgId(Integer.toString(msgId))
                .target(Target.of(DEV))
                .source(Source.of(SRV))
                .meta(Meta.builder()
                        .maxMsgSize(maxMsgSize)
                        .maxObjSize(maxObjSize)
                        .build())
                .build();
        return new SyncMl(h, new SyncBody(List.of(cmds), fin));
    }

    private static String pattern(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; sb.length() < length; i++) {
            sb.append((char) ('a' + i % 26));
            if (i % 61 == 60) {
                sb.append("<&>"); // XML escaping makes the encoded chunk larger than its data
            }
        }
        return sb.substring(0, length);
    }

    /** Runs the exchange: the server answers every chunk with 213 and Alert 1222 until the Device sends Final. */
    private List<SyncMl> sendLargeObject(ManagementSession s, SyncMl first) throws Exception {
        List<SyncMl> sent = new ArrayList<>(List.of(first));
        SyncMl reply = first;
        int msg = 2;
        while (!reply.body().isFinal()) {
            Results chunk = (Results) reply.body().commands().stream()
                    .filter(c -> c instanceof Results)
                    .findFirst()
                    .orElseThrow();
            reply = s.onServerMessage(serverWithLimits(
                            msg++,
                            false,
                            2048L,
                            null,
                            hdrStatus(200),
                            Status.of("2", reply.header().msgId(), chunk.cmdId(), "Results", 213),
                            Alert.of("3", 1222)))
                    .orElseThrow();
            sent.add(reply);
            assertThat(msg).as("bounded exchange").isLessThan(40);
        }
        return sent;
    }

    @Test
    void results_larger_than_the_servers_max_msg_size_are_sent_as_a_large_object_one_chunk_per_message()
            throws Exception {
        String big = pattern(10_000);
        values.put("./Big/Log", big);
        ManagementSession s = session();
        s.start(1201, "1A", devInfo(), List.of());
        SyncMl first = s.onServerMessage(serverWithLimits(
                        1, true, 2048L, null, new Get("3", false, null, null, List.of(Item.target("./Big/Log")))))
                .orElseThrow();
        assertThat(statusCodes(first)).containsExactly(200, 200);
        List<SyncMl> sent = sendLargeObject(s, first);

        StringBuilder reassembled = new StringBuilder();
        for (int k = 0; k < sent.size(); k++) {
            SyncMl m = sent.get(k);
            assertThat(SyncMlCodec.defaults().encode(m, Encoding.WBXML).length)
                    .as("message %d within MaxMsgSize", k)
                    .isLessThanOrEqualTo(2048);
            assertThat(count(m, Results.class)).as("one chunk per message").isEqualTo(1);
            Results r = (Results) m.body().commands().stream()
                    .filter(c -> c instanceof Results)
                    .findFirst()
                    .orElseThrow();
            assertThat(r.cmdRef()).isEqualTo("3");
            Item item = r.items().get(0);
            boolean last = k == sent.size() - 1;
            assertThat(item.moreData())
                    .as("MoreData on every chunk but the last")
                    .isEqualTo(!last);
            assertThat(m.body().isFinal()).as("Final only with the last chunk").isEqualTo(last);
            Long size = item.meta() == null ? null : item.meta().size();
            assertThat(size).as("Size on the first chunk only").isEqualTo(k == 0 ? Long.valueOf(big.length()) : null);
            assertThat(item.source().locUri()).isEqualTo("./Big/Log");
            reassembled.append(item.data().asText());
        }
        assertThat(sent.size()).isGreaterThan(5);
        assertThat(reassembled.toString()).isEqualTo(big);
        // the server's package is complete and so is ours: a last server message with only Status ends the session
        assertThat(s.onServerMessage(serverWithLimits(99, true, 2048L, null, hdrStatus(200))))
                .isEmpty();
    }

    @Test
    void b64_large_object_chunks_are_cut_on_four_character_groups() throws Exception {
        String b64 = java.util.Base64.getEncoder().encodeToString(pattern(6000).getBytes());
        values.put("./Big/Img.b64", b64);
        ManagementSession s = session();
        s.start(1201, "1A", devInfo(), List.of());
        SyncMl first = s.onServerMessage(serverWithLimits(
                        1, true, 2048L, null, new Get("3", false, null, null, List.of(Item.target("./Big/Img.b64")))))
                .orElseThrow();
        List<SyncMl> sent = sendLargeObject(s, first);
        StringBuilder all = new StringBuilder();
        for (int k = 0; k < sent.size(); k++) {
            Results r = (Results) sent.get(k).body().commands().stream()
                    .filter(c -> c instanceof Results)
                    .findFirst()
                    .orElseThrow();
            String part = r.items().get(0).data().asText();
            if (k < sent.size() - 1) {
                assertThat(part.length() % 4).as("chunk %d", k).isZero();
            }
            all.append(part);
        }
        assertThat(all.toString()).isEqualTo(b64);
    }

    @Test
    void an_object_above_the_servers_max_obj_size_is_not_sent_and_its_get_is_answered_413() throws Exception {
        values.put("./Big/Log", pattern(5000));
        values.put("./Small", "ok");
        ManagementSession s = session();
        s.start(1201, "1A", devInfo(), List.of());
        SyncMl reply = s.onServerMessage(serverWithLimits(
                        1,
                        true,
                        null,
                        4096L,
                        new Get("3", false, null, null, List.of(Item.target("./Big/Log"))),
                        new Get("4", false, null, null, List.of(Item.target("./Small")))))
                .orElseThrow();
        assertThat(statusCodes(reply)).containsExactly(200, 413, 200);
        assertThat(count(reply, Results.class)).isEqualTo(1);
        assertThat(reply.body().isFinal()).isTrue();
    }

    @Test
    void an_object_that_fits_in_one_message_is_never_chunked() throws Exception {
        values.put("./Mid", pattern(1200));
        values.put("./Other", pattern(1200));
        ManagementSession s = session();
        s.start(1201, "1A", devInfo(), List.of());
        SyncMl reply = s.onServerMessage(serverWithLimits(
                        1,
                        true,
                        2048L,
                        null,
                        new Get("3", false, null, null, List.of(Item.target("./Mid"))),
                        new Get("4", false, null, null, List.of(Item.target("./Other")))))
                .orElseThrow();
        List<SyncMl> all = new ArrayList<>(List.of(reply));
        int msg = 2;
        while (!reply.body().isFinal()) {
            reply = s.onServerMessage(serverWithLimits(msg++, false, 2048L, null, hdrStatus(200), Alert.of("2", 1222)))
                    .orElseThrow();
            all.add(reply);
            assertThat(msg).isLessThan(10);
        }
        assertThat(all).hasSize(2);
        for (SyncMl m : all) {
            for (Command c : m.body().commands()) {
                if (c instanceof Results r) {
                    assertThat(r.items().get(0).moreData()).isFalse();
                    assertThat(r.items().get(0).data().asText()).hasSize(1200);
                }
            }
        }
    }

    private static List<Integer> statusCodes(SyncMl m) {
        List<Integer> codes = new ArrayList<>();
        for (Command c : m.body().commands()) {
            if (c instanceof Status st) {
                codes.add(st.code());
            }
        }
        return codes;
    }

    private static int count(SyncMl m, Class<?> type) {
        return (int) m.body().commands().stream().filter(type::isInstance).count();
    }
}
