package io.trustdm.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Atomic;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Delete;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Sequence;
import io.trustdm.protocol.message.Status;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.Principal;
import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclCommand;
import io.trustdm.tree.mo.DevInfoObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor on the real management tree. */
class TreeCommandProcessorTest {
    private static final String SRV = "dm.example.com";
    private ManagementTree tree;
    private TreeCommandProcessor p;
    private final CommandContext ctx = new CommandContext(SRV, "2", UserInteraction.NONE);

    @BeforeEach
    void setUp() {
        tree = ManagementTree.create();
        new DevInfoObject("IMEI:490154203237518", "Acme", "Sensor-2", "1.2", "en", false).install(tree);
        tree.add(Principal.LOCAL, "./Settings", NodeContent.interior(null));
        tree.replace(
                Principal.LOCAL,
                "./Settings?prop=ACL",
                NodeContent.text(Acl.anyServer(AclCommand.ADD, AclCommand.GET, AclCommand.REPLACE, AclCommand.DELETE)
                        .toString()));
        tree.add(Principal.LOCAL, "./Settings/Interval", NodeContent.text("60"));
        p = new TreeCommandProcessor(tree, true);
    }

    private static Item leaf(String uri, String v) {
        return Item.targetWithData(uri, Meta.ofFormatAndType("chr", "text/plain"), v);
    }

    @Test
    void get_answers_status_then_results_with_the_values() {
        List<Command> out = p.execute(
                new Get("5", false, null, null, List.of(Item.target("./DevInfo/Man"), Item.target("./DevInfo/Mod"))),
                ctx);
        assertThat(((Status) out.get(0)).code()).isEqualTo(200);
        Results r = (Results) out.get(1);
        assertThat(r.cmdRef()).isEqualTo("5");
        assertThat(r.items()).extracting(i -> i.data().asText()).containsExactly("Acme", "Sensor-2");
    }

    @Test
    void replace_changes_a_value_the_acl_allows() {
        List<Command> out =
                p.execute(new Replace("6", false, null, null, List.of(leaf("./Settings/Interval", "300"))), ctx);
        assertThat(((Status) out.get(0)).code()).isEqualTo(200);
        assertThat(tree.valueText("./Settings/Interval")).hasValue("300");
    }

    @Test
    void management_trust_server_without_the_right_gets_425_and_nothing_changes() {
        TreeCommandProcessor other = p;
        List<Command> out = other.execute(
                new Delete("7", false, null, null, List.of(Item.target("./DevInfo"))),
                new CommandContext("intruder.example", "2", UserInteraction.NONE));
        assertThat(((Status) out.get(0)).code()).isIn(405, 425);
        assertThat(tree.valueText("./DevInfo/Man")).hasValue("Acme");
    }

    @Test
    void atomic_rolls_back_everything_when_one_child_fails() {
        Atomic a = new Atomic(
                "8",
                false,
                null,
                List.of(
                        new Replace("9", false, null, null, List.of(leaf("./Settings/Interval", "999"))),
                        new Add("10", false, null, null, List.of(leaf("./Settings/Extra", "x"))),
                        new Replace("11", false, null, null, List.of(leaf("./Settings/Missing", "y")))));
        List<Command> out = p.execute(a, ctx);
        assertThat(out)
                .extracting(c -> ((Status) c).cmdRef() + ":" + ((Status) c).code())
                .containsExactly("8:507", "9:216", "10:216", "11:404");
        assertThat(tree.valueText("./Settings/Interval")).hasValue("60");
        assertThat(tree.inspect("./Settings/Extra")).isEmpty();
    }

    @Test
    void get_inside_atomic_fails_the_atomic_with_500() {
        Atomic a = new Atomic(
                "8",
                false,
                null,
                List.of(
                        new Replace("9", false, null, null, List.of(leaf("./Settings/Interval", "1"))),
                        new Get("10", false, null, null, List.of(Item.target("./DevInfo/Man")))));
        List<Command> out = p.execute(a, ctx);
        assertThat(((Status) out.get(0)).code()).isEqualTo(500);
        assertThat(tree.valueText("./Settings/Interval")).hasValue("60");
    }

    @Test
    void sequence_stops_after_a_refused_confirmation_and_the_rest_gets_215() {
        CommandContext saysNo = new CommandContext(SRV, "2", r -> UserInteraction.Answer.of(304));
        Sequence s = new Sequence(
                "12",
                false,
                null,
                List.of(
                        new Alert("13", false, null, "1101", null, List.of(Item.EMPTY, Item.data("Apply?"))),
                        new Replace("14", false, null, null, List.of(leaf("./Settings/Interval", "5")))));
        List<Command> out = p.execute(s, saysNo);
        assertThat(out).extracting(c -> ((Status) c).code()).containsExactly(200, 304, 215);
        assertThat(tree.valueText("./Settings/Interval")).hasValue("60");
    }
}
