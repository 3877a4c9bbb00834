package io.trustdm.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncBody;
import io.trustdm.protocol.message.SyncHdr;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.message.Target;
import io.trustdm.server.http.DmHttpRequest;
import io.trustdm.server.memory.InMemoryRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lockstep: the server session receiving Results as a large object from the Device (S-PRO §2.2; protocol.md §5):
 * 213 per chunk, the object stored only when whole, 424 on a size mismatch, 413 above MaxObjSize, 412 without Size,
 * Alert 1225 when something else interrupts it, and MaxMsgSize/MaxObjSize announced in the SyncHdr.
 */
class ChunkedResultsTest {
    private static final String DEV = "IMEI:356938035640042";
    private static final String SRV = "https://localhost/dm";

    private InMemoryRegistry registry;
    private ServerSession session;
    private String job;
    private int deviceMsgId;

    private static final ServerAuthenticator TRUSTING = FixedVerdictAuthenticator.TRUSTING;

    @BeforeEach
    void openSessionAndDeliverAGet() {
        registry = new InMemoryRegistry();
        registry.register(DEV);
        job = registry.enqueue(DEV, List.of(new Get("0", false, null, null, List.of(Item.target("./Log")))));
        session = new ServerSession(DEV, "1", SRV, Encoding.XML, TRUSTING, registry, registry, SyncMlCodec.defaults());
        session.messageLimits(4096, 100);
        ServerSession.Reply pkg2 = send(
                true,
                Alert.of("1", 1201),
                new Replace("2", false, null, null, List.of(Item.sourceWithData("./DevInfo/DevId", null, DEV))));
        assertThat(pkg2.message().header().meta().maxMsgSize()).isEqualTo(4096L);
        assertThat(pkg2.message().header().meta().maxObjSize()).isEqualTo(100L);
        assertThat(getCmdId(pkg2)).isEqualTo("4");
    }

    private ServerSession.Reply send(boolean fin, Command... cmds) {
        SyncHdr h = SyncHdr.builder()
                .sessionId("1")
                .msgId(Integer.toString(++deviceMsgId))
                .target(Target.of(SRV))
                .source(Source.of(DEV))
                .build();
        List<Command> all = new ArrayList<>();
        all.add(Status.of("1", "1", "0", "SyncHdr", 200));
        all.addAll(List.of(cmds));
        return session.onDeviceMessage(
                new SyncMl(h, new SyncBody(all, fin)),
                new DmHttpRequest(
                        "/dm",
                        null,
                        Encoding.XML,
                        "application/vnd.syncml.dm+xml",
                        new byte[0],
                        null,
                        "127.0.0.1",
                        null,
                        List.of()));
    }

    /** The CmdID the Get went out with (after the statuses for the SyncHdr, the Alert and the DevInfo Replace). */
    private static String getCmdId(ServerSession.Reply r) {
        return r.message().body().commands().stream()
                .filter(c -> c instanceof Get)
                .findFirst()
                .orElseThrow()
                .cmdId();
    }

    private Results chunk(String cmdId, String data, boolean more, Long size) {
        Meta meta = size == null ? null : Meta.builder().size(size).build();
        return new Results(
                cmdId,
                "1",
                "4",
                null,
                null,
                null,
                List.of(new Item(
                        null, Source.of("./Log"), meta, io.trustdm.protocol.message.ItemData.text(data), more)));
    }

    private static List<Integer> codes(ServerSession.Reply r, String cmd) {
        return r.message().body().commands().stream()
                .filter(c -> c instanceof Status s && s.cmd().equals(cmd))
                .map(c -> ((Status) c).code())
                .toList();
    }

    private static boolean hasAlert(ServerSession.Reply r, int code) {
        return r.message().body().commands().stream().anyMatch(c -> c instanceof Alert a && a.code() == code);
    }

    @Test
    void every_non_final_chunk_gets_213_and_the_whole_object_is_stored_once_complete() {
        ServerSession.Reply r1 = send(false, Status.of("2", "1", "4", "Get", 200), chunk("3", "0123456789", true, 25L));
        assertThat(codes(r1, "Results")).containsExactly(213);
        assertThat(hasAlert(r1, 1222)).isTrue();
        assertThat(r1.message().body().isFinal()).isFalse();
        ServerSession.Reply r2 = send(false, chunk("2", "abcdefghij", true, null));
        assertThat(codes(r2, "Results")).containsExactly(213);
        assertThat(registry.completed(job)).isEmpty();
        ServerSession.Reply r3 = send(true, chunk("2", "ABCDE", false, null));
        assertThat(codes(r3, "Results")).isEmpty(); // a Status 200 for Results is not sent
        OperationResult result = registry.completed(job).orElseThrow().results().get(0);
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.results()).hasSize(1);
        assertThat(result.results().get(0).data().asText()).isEqualTo("0123456789abcdefghijABCDE");
        assertThat(result.results().get(0).moreData()).isFalse();
    }

    @Test
    void a_reassembled_object_of_another_size_than_announced_is_answered_424_and_not_stored() {
        send(false, Status.of("2", "1", "4", "Get", 200), chunk("3", "0123456789", true, 25L));
        ServerSession.Reply r = send(true, chunk("2", "abc", false, null));
        assertThat(codes(r, "Results")).containsExactly(424);
        assertThat(registry.completed(job).orElseThrow().results().get(0).results())
                .isEmpty();
    }

    @Test
    void a_first_chunk_announcing_more_than_max_obj_size_is_answered_413() {
        ServerSession.Reply r = send(false, Status.of("2", "1", "4", "Get", 200), chunk("3", "0123456789", true, 500L));
        assertThat(codes(r, "Results")).containsExactly(413);
    }

    @Test
    void a_first_chunk_without_size_is_answered_412() {
        ServerSession.Reply r = send(false, Status.of("2", "1", "4", "Get", 200), chunk("3", "0123456789", true, null));
        assertThat(codes(r, "Results")).containsExactly(412);
    }

    @Test
    void results_for_another_get_before_the_last_chunk_raise_alert_1225_and_nothing_is_stored() {
        send(false, Status.of("2", "1", "4", "Get", 200), chunk("3", "0123456789", true, 25L));
        Results other =
                new Results("2", "1", "9", null, null, null, List.of(Item.sourceWithData("./Other", null, "x")));
        ServerSession.Reply r = send(true, other);
        assertThat(hasAlert(r, 1225)).isTrue();
        assertThat(registry.completed(job).orElseThrow().results().get(0).results())
                .isEmpty();
    }
}
