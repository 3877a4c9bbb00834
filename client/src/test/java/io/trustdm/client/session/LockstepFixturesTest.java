package io.trustdm.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.codec.SyncMlCodec;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.NodeFormat;
import io.trustdm.tree.Principal;
import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclCommand;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lockstep: the server message of fixture F5 (protocol.md §11) played against the engine on a real tree; the reply
 * must match fixture F6 Status by Status (CmdID, MsgRef, CmdRef, Cmd, TargetRef, Data, Items).
 */
class LockstepFixturesTest {
    private static final String SRV = "dm.example.com";

    private static SyncMl fixture(String name) throws Exception {
        try (InputStream in = LockstepFixturesTest.class.getResourceAsStream("/vectors/corpus/" + name)) {
            return SyncMlXmlReader.read(in.readAllBytes());
        }
    }

    @Test
    void f5_is_answered_exactly_as_f6() throws Exception {
        ManagementTree tree = ManagementTree.create();
        tree.add(Principal.LOCAL, "./Vendor", NodeContent.interior(null));
        tree.replace(
                Principal.LOCAL,
                "./Vendor?prop=ACL",
                NodeContent.text(Acl.forServer(SRV, AclCommand.ADD, AclCommand.GET, AclCommand.REPLACE)
                        .toString()));
        tree.add(Principal.LOCAL, "./Vendor/Apps", NodeContent.interior(null));
        tree.add(Principal.LOCAL, "./Vendor/Apps/Enabled", NodeContent.leaf(NodeFormat.BOOL, "text/plain", "true"));
        UserInteraction ui =
                r -> r.code() == 1103 ? UserInteraction.Answer.of(200, "2") : UserInteraction.Answer.of(304);
        ManagementSession s = new ManagementSession(
                new SessionConfig(
                        "IMEI:490154203237518", "https://dm.example.com/dm", SRV, null, Encoding.XML, 16_384, 100_000),
                new TreeCommandProcessor(tree, false),
                ClientAuthenticator.transportOnly(),
                ui,
                SyncMlCodec.defaults());
        s.start(1200, "2F", List.of(Item.sourceWithData("./DevInfo/DevId", null, "IMEI:490154203237518")), List.of());

        SyncMl reply =
                s.onServerMessage(fixture("05-f5-ui-sequence-atomic.xml")).orElseThrow();
        SyncMl expected = fixture("06-f6-ui-answers-rollback.xml");

        assertThat(reply.header().msgId()).isEqualTo(expected.header().msgId());
        assertThat(reply.body().isFinal()).isEqualTo(expected.body().isFinal());
        assertThat(describe(reply.body().commands()))
                .containsExactlyElementsOf(describe(expected.body().commands()));
        assertThat(tree.inspect("./Vendor/Apps/Mail"))
                .as("the Atomic was rolled back")
                .isEmpty();
    }

    private static List<String> describe(List<Command> commands) {
        List<String> out = new ArrayList<>();
        for (Command c : commands) {
            Status st = (Status) c;
            List<String> items = st.items().stream()
                    .map(i -> i.data() == null ? "" : i.data().asText())
                    .toList();
            // TargetRef/SourceRef on the SyncHdr Status are optional (protocol.md §1.7); we send them, F6 does not.
            List<String> refs = "SyncHdr".equals(st.cmd()) ? List.of() : st.targetRefs();
            out.add(st.cmdId() + " " + st.msgRef() + "/" + st.cmdRef() + " " + st.cmd() + " " + refs + " " + st.data()
                    + " " + items);
        }
        return out;
    }
}
