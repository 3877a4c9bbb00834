package io.trustdm.tree;

import static io.trustdm.tree.TreeFixtures.A;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.ItemData;
import io.trustdm.tree.acl.Acl;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplaceTest {
    private final TreeFixtures.StepClock clock = new TreeFixtures.StepClock();
    private final ManagementTree tree = TreeFixtures.tree(clock);

    @BeforeEach
    void setUp() {
        tree.add(A, "./Vendor/Count", NodeContent.leaf(NodeFormat.INT, "text/plain", "1"));
    }

    @Test
    void replace_overwrites_a_leaf_value_and_bumps_verno_and_tstamp() {
        clock.advance(Duration.ofSeconds(90));
        assertThat(tree.replace(A, "./Vendor/Count", NodeContent.leaf(NodeFormat.INT, null, "2"))
                        .status())
                .isEqualTo(200);
        NodeSnapshot n = tree.inspect("./Vendor/Count").orElseThrow();
        assertThat(n.valueText()).isEqualTo("2");
        assertThat(n.verNo()).isEqualTo(1);
        assertThat(n.tstamp()).isEqualTo(TreeFixtures.T0.plusSeconds(90));
    }

    @Test
    void changes_made_by_the_device_also_update_tstamp_and_verno() {
        clock.advance(Duration.ofSeconds(5));
        tree.replace(Principal.LOCAL, "./Vendor/Count", NodeContent.leaf(NodeFormat.INT, null, "9"));
        NodeSnapshot n = tree.inspect("./Vendor/Count").orElseThrow();
        assertThat(n.verNo()).isEqualTo(1);
        assertThat(n.tstamp()).isEqualTo(TreeFixtures.T0.plusSeconds(5));
    }

    @Test
    void replace_never_creates_a_node() {
        TreeResult r = tree.replace(A, "./Vendor/Missing", NodeContent.text("x"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(tree.inspect("./Vendor/Missing")).isEmpty();
        assertThat(tree.replace(A, "./Nowhere/Deep/Leaf", NodeContent.text("x")).status())
                .isEqualTo(404);
        assertThat(tree.inspect("./Nowhere")).isEmpty();
    }

    @Test
    void replace_of_an_interior_node_without_tnds_answers_405() {
        assertThat(tree.replace(A, "./Vendor", NodeContent.text("x")).status()).isEqualTo(405);
        assertThat(tree.replace(A, ".", NodeContent.text("x")).status()).isEqualTo(405);
    }

    @Test
    void replace_without_meta_keeps_format_and_type() {
        tree.replace(A, "./Vendor/Count", new NodeContent(null, null, ItemData.text("7")));
        NodeSnapshot n = tree.inspect("./Vendor/Count").orElseThrow();
        assertThat(n.format()).isEqualTo(NodeFormat.INT);
        assertThat(n.type()).isEqualTo("text/plain");
        assertThat(n.valueText()).isEqualTo("7");
    }

    @Test
    void replace_validates_against_the_kept_format() {
        assertThat(tree.replace(A, "./Vendor/Count", new NodeContent(null, null, ItemData.text("seven")))
                        .status())
                .isEqualTo(400);
        assertThat(tree.inspect("./Vendor/Count").orElseThrow().valueText()).isEqualTo("1");
    }

    @Test
    void replace_with_new_meta_changes_format_and_type_of_a_dynamic_node() {
        tree.replace(A, "./Vendor/Count", NodeContent.leaf(NodeFormat.CHR, "text/x-note", "seven"));
        NodeSnapshot n = tree.inspect("./Vendor/Count").orElseThrow();
        assertThat(n.format()).isEqualTo(NodeFormat.CHR);
        assertThat(n.type()).isEqualTo("text/x-note");
    }

    @Test
    void a_leaf_cannot_become_an_interior_node() {
        assertThat(tree.replace(A, "./Vendor/Count", NodeContent.interior(null)).status())
                .isEqualTo(405);
    }

    @Test
    void changing_format_or_type_of_a_permanent_node_answers_405() {
        tree.define(
                "./Fixed",
                NodeDefinition.leaf(NodeFormat.INT, "text/plain", "5".getBytes())
                        .asPermanent()
                        .withAcl(Acl.parse("Get=*&Replace=*")));
        assertThat(tree.replace(A, "./Fixed", NodeContent.leaf(NodeFormat.CHR, null, "x"))
                        .status())
                .isEqualTo(405);
        assertThat(tree.replace(A, "./Fixed", NodeContent.leaf(NodeFormat.INT, "text/other", "6"))
                        .status())
                .isEqualTo(405);
        assertThat(tree.replace(A, "./Fixed", new NodeContent(null, null, ItemData.text("6")))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void node_whose_access_type_excludes_replace_answers_405() {
        tree.define(
                "./ReadOnly",
                NodeDefinition.text("v")
                        .withAccessTypes(AccessType.only(AccessType.GET))
                        .withAcl(Acl.parse("Get=*&Replace=*")));
        assertThat(tree.replace(A, "./ReadOnly", NodeContent.text("w")).status())
                .isEqualTo(405);
        assertThat(tree.replace(Principal.LOCAL, "./ReadOnly", NodeContent.text("w"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void replace_of_title_sets_it_and_more_than_255_bytes_answers_413() {
        assertThat(tree.replace(A, "./Vendor/Count?prop=Title", NodeContent.text("The count"))
                        .status())
                .isEqualTo(200);
        assertThat(tree.inspect("./Vendor/Count").orElseThrow().title()).isEqualTo("The count");
        assertThat(tree.replace(A, "./Vendor/Count?prop=Title", NodeContent.text("é".repeat(128)))
                        .status())
                .isEqualTo(413);
    }

    @Test
    void replace_of_name_renames_the_node_and_keeps_its_subtree() {
        tree.add(A, "./Vendor/Sub/Leaf", NodeContent.text("x"));
        assertThat(tree.replace(A, "./Vendor/Sub?prop=Name", NodeContent.text("Renamed"))
                        .status())
                .isEqualTo(200);
        assertThat(tree.inspect("./Vendor/Sub")).isEmpty();
        assertThat(tree.inspect("./Vendor/Renamed/Leaf").orElseThrow().valueText())
                .isEqualTo("x");
        assertThat(tree.inspect("./Vendor").orElseThrow().children()).containsExactly("Count", "Renamed");
    }

    @Test
    void renaming_to_a_sibling_name_answers_418() {
        tree.add(A, "./Vendor/Other", NodeContent.text("x"));
        assertThat(tree.replace(A, "./Vendor/Other?prop=Name", NodeContent.text("Count"))
                        .status())
                .isEqualTo(418);
    }

    @Test
    void renaming_a_permanent_node_or_the_root_answers_405() {
        tree.define("./Fixed", NodeDefinition.interior(null).asPermanent().withAcl(Acl.parse("Get=*&Replace=*")));
        assertThat(tree.replace(A, "./Fixed?prop=Name", NodeContent.text("Moved"))
                        .status())
                .isEqualTo(405);
        tree.replace(Principal.LOCAL, ".?prop=ACL", NodeContent.text("Add=*&Get=*&Replace=*"));
        assertThat(tree.replace(A, ".?prop=Name", NodeContent.text("Root")).status())
                .isEqualTo(405);
    }

    @Test
    void renaming_beyond_max_seg_len_answers_414_and_to_an_invalid_name_400() {
        ManagementTree small =
                ManagementTree.builder().uriLimits(new UriLimits(0, 0, 6)).build();
        small.add(A, "./Short", NodeContent.text("x"));
        Principal device = Principal.LOCAL;
        assertThat(small.replace(device, "./Short?prop=Name", NodeContent.text("Longer1"))
                        .status())
                .isEqualTo(414);
        assertThat(small.replace(device, "./Short?prop=Name", NodeContent.text(".."))
                        .status())
                .isEqualTo(400);
        assertThat(small.replace(A, "./Short?prop=Name", NodeContent.text("Other"))
                        .status())
                .isEqualTo(425);
    }

    @Test
    void device_maintained_properties_cannot_be_replaced() {
        for (String p : new String[] {"Format", "Size", "TStamp", "Type", "VerNo"}) {
            assertThat(tree.replace(A, "./Vendor/Count?prop=" + p, NodeContent.text("1"))
                            .status())
                    .as(p)
                    .isEqualTo(405);
        }
    }

    @Test
    void replace_of_a_switched_off_optional_property_answers_406() {
        ManagementTree t =
                ManagementTree.builder().withoutProperty(NodeProperty.TITLE).build();
        t.add(A, "./X", NodeContent.text("x"));
        assertThat(t.replace(A, "./X?prop=Title", NodeContent.text("t")).status())
                .isEqualTo(406);
    }

    @Test
    void replace_of_a_list_query_answers_405() {
        assertThat(tree.replace(A, "./Vendor?list=Struct", NodeContent.text("x"))
                        .status())
                .isEqualTo(405);
    }

    @Test
    void verno_wraps_from_ffff_to_0() {
        NodeState s = new NodeState(NodeFormat.CHR, "", new byte[0], Acl.EMPTY, "", Instant.EPOCH, 0xFFFF);
        assertThat(s.touched(Instant.EPOCH).verNo()).isZero();
        assertThat(s.touched(Instant.EPOCH).touched(Instant.EPOCH).verNo()).isEqualTo(1);
    }
}
