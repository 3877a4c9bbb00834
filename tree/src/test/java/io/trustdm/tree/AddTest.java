package io.trustdm.tree;

import static io.trustdm.tree.TreeFixtures.A;
import static io.trustdm.tree.TreeFixtures.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.ItemData;
import io.trustdm.tree.acl.Acl;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AddTest {
    private final ManagementTree tree = TreeFixtures.tree();

    @Test
    void add_creates_a_leaf_with_its_format_type_and_value() {
        TreeResult r = tree.add(A, "./Vendor/Enabled", NodeContent.leaf(NodeFormat.BOOL, "text/plain", "false"));
        assertThat(r.status()).isEqualTo(200);
        NodeSnapshot n = tree.inspect("./Vendor/Enabled").orElseThrow();
        assertThat(n.format()).isEqualTo(NodeFormat.BOOL);
        assertThat(n.type()).isEqualTo("text/plain");
        assertThat(n.valueText()).isEqualTo("false");
        assertThat(n.verNo()).isZero();
        assertThat(n.tstamp()).isEqualTo(TreeFixtures.T0);
    }

    @Test
    void add_without_meta_creates_a_chr_text_plain_leaf() {
        tree.add(A, "./Note", new NodeContent(null, null, ItemData.text("hello")));
        NodeSnapshot n = tree.inspect("./Note").orElseThrow();
        assertThat(n.format()).isEqualTo(NodeFormat.CHR);
        assertThat(n.type()).isEqualTo("text/plain");
    }

    @Test
    void add_of_an_interior_node_stores_its_mo_identifier_as_type() {
        assertThat(tree.add(A, "./Vendor", NodeContent.interior("urn:example:mo:1.0"))
                        .status())
                .isEqualTo(200);
        NodeSnapshot n = tree.inspect("./Vendor").orElseThrow();
        assertThat(n.isInterior()).isTrue();
        assertThat(n.type()).isEqualTo("urn:example:mo:1.0");
        assertThat(n.value()).isNull();
    }

    @Test
    void add_on_existing_node_answers_418() {
        tree.add(A, "./Vendor", NodeContent.interior(null));
        assertThat(tree.add(A, "./Vendor", NodeContent.interior(null)).status()).isEqualTo(418);
        assertThat(tree.add(A, ".", NodeContent.interior(null)).status()).isEqualTo(418);
    }

    @Test
    void add_under_a_leaf_answers_405() {
        tree.add(A, "./Leaf", NodeContent.text("x"));
        assertThat(tree.add(A, "./Leaf/Child", NodeContent.text("y")).status()).isEqualTo(405);
        assertThat(tree.add(A, "./Leaf/Deeper/Child", NodeContent.text("y")).status())
                .isEqualTo(405);
    }

    @Test
    void add_creates_missing_ancestors_as_interior_nodes() {
        assertThat(tree.add(A, "./Vendor/Apps/Mail/Server", NodeContent.text("mail.example.com"))
                        .status())
                .isEqualTo(200);
        assertThat(tree.inspect("./Vendor/Apps").orElseThrow().isInterior()).isTrue();
        assertThat(tree.inspect("./Vendor/Apps/Mail").orElseThrow().children()).containsExactly("Server");
    }

    @Test
    void without_implicit_creation_a_missing_ancestor_answers_404_naming_it() {
        ManagementTree strict =
                ManagementTree.builder().implicitAncestors(false).build();
        TreeResult r = strict.add(A, "./Vendor/Apps/Mail", NodeContent.interior(null));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.failedUri()).isEqualTo("./Vendor");
        assertThat(strict.inspect("./Vendor")).isEmpty();
    }

    @Test
    void failed_implicit_ancestor_answers_what_its_own_add_would_and_names_it() {
        tree.define("./Private", NodeDefinition.interior(null).withAcl(Acl.parse("Add=" + idOf(A) + "&Get=*")));
        TreeResult r = tree.add(B, "./Private/Apps/Mail", NodeContent.interior(null));
        assertThat(r.status()).isEqualTo(425);
        assertThat(r.failedUri()).isEqualTo("./Private/Apps");
        assertThat(tree.inspect("./Private/Apps")).isEmpty();
    }

    @Test
    void failed_add_leaves_no_implicit_ancestor_behind() {
        TreeResult r = tree.add(A, "./Vendor/Apps/Count", NodeContent.leaf(NodeFormat.INT, null, "many"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(tree.inspect("./Vendor")).isEmpty();
        assertThat(tree.nodeCount()).isEqualTo(1);
    }

    @Test
    void add_with_an_unknown_format_answers_415() {
        assertThat(tree.add(A, "./X", new NodeContent("text", null, ItemData.text("x")))
                        .status())
                .isEqualTo(415);
    }

    @Test
    void add_with_a_value_invalid_for_its_format_answers_400() {
        assertThat(tree.add(A, "./X", NodeContent.leaf(NodeFormat.INT, null, "12a"))
                        .status())
                .isEqualTo(400);
        assertThat(tree.add(A, "./Y", NodeContent.leaf(NodeFormat.NULL, null, "x"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void add_of_an_interior_node_with_data_answers_400() {
        assertThat(tree.add(A, "./X", new NodeContent("node", null, ItemData.text("x")))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void null_leaf_may_have_no_data() {
        assertThat(tree.add(A, "./Nothing", new NodeContent("null", null, null)).status())
                .isEqualTo(200);
        assertThat(tree.inspect("./Nothing").orElseThrow().size()).isZero();
    }

    @Test
    void properties_never_take_add() {
        tree.add(A, "./X", NodeContent.text("x"));
        assertThat(tree.add(A, "./X?prop=Title", NodeContent.text("t")).status())
                .isEqualTo(405);
    }

    @Test
    void b64_values_are_stored_decoded_with_format_bin() {
        tree.add(A, "./Blob", new NodeContent("b64", "application/octet-stream", ItemData.text("AAEC/w==")));
        NodeSnapshot n = tree.inspect("./Blob").orElseThrow();
        assertThat(n.format()).isEqualTo(NodeFormat.BIN);
        assertThat(n.value()).containsExactly(0, 1, 2, 0xFF);
        assertThat(n.size()).isEqualTo(4);
    }

    @Test
    void invalid_base64_answers_400() {
        assertThat(tree.add(A, "./Blob", new NodeContent("b64", null, ItemData.text("not base64!")))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void bin_values_arrive_as_opaque_octets() {
        tree.add(A, "./Blob", NodeContent.binary("application/octet-stream", new byte[] {9, 8, 7}));
        assertThat(tree.inspect("./Blob").orElseThrow().value()).containsExactly(9, 8, 7);
    }

    @Test
    void add_beyond_max_nodes_answers_420() {
        ManagementTree small =
                ManagementTree.builder().limits(new TreeLimits(3, 1024, 1024)).build();
        assertThat(small.add(A, "./A", NodeContent.text("1")).status()).isEqualTo(200);
        assertThat(small.add(A, "./B", NodeContent.text("2")).status()).isEqualTo(200);
        assertThat(small.add(A, "./C", NodeContent.text("3")).status()).isEqualTo(420);
        assertThat(small.nodeCount()).isEqualTo(3);
    }

    @Test
    void add_beyond_max_value_size_answers_413() {
        ManagementTree small =
                ManagementTree.builder().limits(new TreeLimits(100, 4, 1024)).build();
        assertThat(small.add(A, "./A", NodeContent.text("1234")).status()).isEqualTo(200);
        assertThat(small.add(A, "./B", NodeContent.text("12345")).status()).isEqualTo(413);
    }

    @Test
    void add_beyond_the_uri_limits_answers_414() {
        ManagementTree small =
                ManagementTree.builder().uriLimits(new UriLimits(2, 0, 5)).build();
        assertThat(small.add(A, "./A/B", NodeContent.text("x")).status()).isEqualTo(200);
        assertThat(small.add(A, "./A/B2/C", NodeContent.text("x")).status()).isEqualTo(414);
        assertThat(small.add(A, "./LongName", NodeContent.text("x")).status()).isEqualTo(414);
    }

    @Test
    void malformed_uri_answers_400_and_unresolvable_uri_404() {
        assertThat(tree.add(A, "./A/", NodeContent.text("x")).status()).isEqualTo(400);
        assertThat(tree.add(A, "./A/../B", NodeContent.text("x")).status()).isEqualTo(404);
        assertThat(tree.add(A, null, NodeContent.text("x")).status()).isEqualTo(400);
    }

    @Test
    void new_nodes_get_an_empty_acl_and_inherit() {
        tree.add(Principal.LOCAL, "./Vendor", NodeContent.interior(null));
        tree.add(A, "./Vendor/Leaf", NodeContent.text("x"));
        assertThat(tree.inspect("./Vendor/Leaf").orElseThrow().acl().isEmpty()).isTrue();
        assertThat(tree.effectiveAcl("./Vendor/Leaf").orElseThrow()).isEqualTo(Acl.parse("Add=*&Get=*"));
    }

    @Test
    void server_adding_an_interior_node_without_replace_on_parent_gets_add_delete_and_replace_on_it() {
        tree.add(B, "./Vendor", NodeContent.interior(null));
        Acl acl = tree.inspect("./Vendor").orElseThrow().acl();
        String b = idOf(B);
        assertThat(acl).isEqualTo(Acl.parse("Add=" + b + "&Delete=" + b + "&Get=" + b + "&Replace=" + b));
        assertThat(tree.replace(B, "./Vendor?prop=ACL", NodeContent.text("Get=*&Replace=" + b))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void server_with_replace_on_parent_gets_an_empty_acl_on_a_new_interior_node() {
        tree.define("./Shared", NodeDefinition.interior(null).withAcl(Acl.parse("Add=*&Get=*&Replace=*")));
        tree.add(B, "./Shared/Mine", NodeContent.interior(null));
        assertThat(tree.inspect("./Shared/Mine").orElseThrow().acl().isEmpty()).isTrue();
    }

    @Test
    void implicitly_created_ancestors_follow_the_creator_acl_rule() {
        tree.add(B, "./Vendor/Apps/Leaf", NodeContent.text("x"));
        String b = idOf(B);
        assertThat(tree.inspect("./Vendor").orElseThrow().acl().grants(io.trustdm.tree.acl.AclCommand.REPLACE, b))
                .isTrue();
        // Apps is created under Vendor, where B now has Replace: it inherits.
        assertThat(tree.inspect("./Vendor/Apps").orElseThrow().acl().isEmpty()).isTrue();
        // the leaf is not interior: empty ACL.
        assertThat(tree.inspect("./Vendor/Apps/Leaf").orElseThrow().acl().isEmpty())
                .isTrue();
    }

    @Test
    void add_without_the_add_right_on_the_parent_answers_425() {
        tree.define("./Locked", NodeDefinition.interior(null).withAcl(Acl.parse("Get=*")));
        TreeResult r = tree.add(A, "./Locked/X", NodeContent.text("x"));
        assertThat(r.status()).isEqualTo(425);
        assertThat(tree.inspect("./Locked/X")).isEmpty();
    }

    @Test
    void add_stores_utf8_text() {
        tree.add(A, "./Name", NodeContent.text("Grüße"));
        assertThat(tree.inspect("./Name").orElseThrow().value()).isEqualTo("Grüße".getBytes(StandardCharsets.UTF_8));
    }

    static String idOf(Principal p) {
        return p.serverId().orElseThrow();
    }
}
