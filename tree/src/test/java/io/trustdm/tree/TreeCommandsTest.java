package io.trustdm.tree;

import static io.trustdm.tree.TreeFixtures.A;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemCommand;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeCommandsTest {
    private final ManagementTree tree = TreeFixtures.tree();
    private final TreeCommands commands = new TreeCommands(tree);

    @Test
    void a_decoded_message_runs_item_by_item_with_merged_meta() {
        tree.replace(Principal.LOCAL, ".?prop=ACL", NodeContent.text("Add=*&Get=*&Replace=*"));
        tree.add(Principal.LOCAL, "./Vendor", NodeContent.interior(null));
        SyncMl msg = SyncMlXmlReader.read(TreeFixtures.resource("messages/add-tnds-as-text.xml"));
        List<TreeResult> results = new ArrayList<>();
        for (Command c : msg.body().commands()) {
            if (c instanceof ItemCommand ic) {
                results.addAll(commands.executeAll(A, ic));
            }
        }
        assertThat(results).extracting(TreeResult::status).containsExactly(200, 200, 200, 200, 200, 200);
        // TNDS carried as escaped XML text
        NodeSnapshot feature = tree.inspect("./Vendor/Feature").orElseThrow();
        assertThat(feature.format()).isEqualTo(NodeFormat.BOOL);
        // item Meta (bool) overrides command Meta (chr)
        assertThat(tree.inspect("./Vendor/Apps/Enabled").orElseThrow().format()).isEqualTo(NodeFormat.BOOL);
        // Copy took Source and Target from the item
        assertThat(tree.inspect("./Vendor/Apps/Enabled").orElseThrow().valueText())
                .isEqualTo("true");
        // the Get answered a TNDS document
        ResultItem tnds = results.get(5).item();
        assertThat(tnds.type()).isEqualTo(Tnds.MIME_XML);
        assertThat(tnds.data()).isInstanceOf(ItemData.Markup.class);
    }

    @Test
    void an_item_still_marked_more_data_answers_400() {
        Replace r = new Replace(
                "1",
                false,
                null,
                null,
                List.of(Item.targetWithData("./X", null, "part").withMoreData(true)));
        assertThat(commands.execute(A, r, r.items().get(0)).status()).isEqualTo(400);
    }

    @Test
    void an_item_without_target_answers_400() {
        Get g = new Get("1", false, null, null, List.of(Item.data("x")));
        assertThat(commands.execute(A, g, g.items().get(0)).status()).isEqualTo(400);
    }

    @Test
    void exec_passes_item_data_meta_and_the_correlator() {
        List<ExecRequest> seen = new ArrayList<>();
        tree.define("./Run", NodeDefinition.interior(null).withAcl(io.trustdm.tree.acl.Acl.parse("Exec=*")));
        tree.registerPlugin(new ManagementObjectPlugin() {
            @Override
            public DmUri root() {
                return DmUri.parse("./Run");
            }

            @Override
            public int exec(ExecRequest request) {
                seen.add(request);
                return 202;
            }
        });
        Item item = new Item(
                io.trustdm.protocol.message.Target.of("./Run"),
                null,
                Meta.ofFormatAndType("chr", "text/plain"),
                ItemData.text("now"),
                false);
        Exec exec = Exec.of("9", "corr-1", item);
        assertThat(commands.exec(A, exec, item).status()).isEqualTo(202);
        assertThat(seen.get(0).correlator()).isEqualTo("corr-1");
        assertThat(seen.get(0).data().asText()).isEqualTo("now");
        assertThat(seen.get(0).format()).isEqualTo("chr");
    }
}
