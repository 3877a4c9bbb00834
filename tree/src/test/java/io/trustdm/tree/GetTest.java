package io.trustdm.tree;

import static io.trustdm.tree.TreeFixtures.A;
import static io.trustdm.tree.TreeFixtures.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.tree.acl.Acl;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetTest {
    private final ManagementTree tree = TreeFixtures.tree();

    @BeforeEach
    void setUp() {
        tree.add(Principal.LOCAL, "./Vendor", NodeContent.interior(null));
        tree.add(A, "./Vendor/Name", NodeContent.text("Example"));
        tree.add(A, "./Vendor/Count", NodeContent.leaf(NodeFormat.INT, "text/plain", "3"));
        tree.add(A, "./Vendor/Blob", NodeContent.binary("application/octet-stream", new byte[] {1, 2, 3}));
        tree.add(A, "./Vendor/Empty", NodeContent.interior(null));
    }

    @Test
    void get_of_a_leaf_returns_its_value_format_and_type() {
        TreeResult r = tree.get(A, "./Vendor/Count");
        assertThat(r.status()).isEqualTo(200);
        ResultItem item = r.item();
        assertThat(item.sourceUri()).isEqualTo("./Vendor/Count");
        assertThat(item.format()).isEqualTo("int");
        assertThat(item.type()).isEqualTo("text/plain");
        assertThat(item.text()).isEqualTo("3");
    }

    @Test
    void get_of_an_interior_node_returns_child_names_joined_by_slash() {
        ResultItem item = tree.get(A, "./Vendor").item();
        assertThat(item.format()).isEqualTo("node");
        assertThat(item.text()).isEqualTo("Name/Count/Blob/Empty");
    }

    @Test
    void child_names_are_escaped_in_the_list() {
        tree.add(Principal.LOCAL, "./Odd/a%2Fb", NodeContent.text("x"));
        assertThat(tree.get(A, "./Odd").item().text()).isEqualTo("a%2Fb");
    }

    @Test
    void interior_node_without_children_returns_empty_data() {
        TreeResult r = tree.get(A, "./Vendor/Empty");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.item().text()).isEmpty();
    }

    @Test
    void get_of_a_missing_node_answers_404() {
        assertThat(tree.get(A, "./Vendor/Nothing").status()).isEqualTo(404);
        assertThat(tree.get(A, "./Vendor/Nothing?prop=ACL").status()).isEqualTo(404);
    }

    @Test
    void server_without_get_right_gets_425() {
        tree.replace(Principal.LOCAL, "./Vendor?prop=ACL", NodeContent.text("Get=" + AddTest.idOf(A)));
        assertThat(tree.get(B, "./Vendor/Name").status()).isEqualTo(425);
        assertThat(tree.get(B, "./Vendor/Name?prop=Format").status()).isEqualTo(425);
        assertThat(tree.get(A, "./Vendor/Name").status()).isEqualTo(200);
    }

    @Test
    void binary_values_go_out_opaque_in_wbxml_and_as_b64_in_xml() {
        ResultItem item = tree.get(A, "./Vendor/Blob").item();
        assertThat(item.format()).isEqualTo("bin");
        assertThat(item.data()).isEqualTo(ItemData.opaque(new byte[] {1, 2, 3}));
        Item wbxml = item.toItem(true);
        assertThat(wbxml.meta().format()).isEqualTo("bin");
        assertThat(wbxml.data()).isInstanceOf(ItemData.Opaque.class);
        Item xml = item.toItem(false);
        assertThat(xml.meta().format()).isEqualTo("b64");
        assertThat(xml.data().asText()).isEqualTo("AQID");
        assertThat(xml.source().locUri()).isEqualTo("./Vendor/Blob");
    }

    @Test
    void result_items_carry_meta_only_where_it_differs_from_the_defaults() {
        assertThat(tree.get(A, "./Vendor/Name").item().toItem(false).meta()).isNull();
        Item count = tree.get(A, "./Vendor/Count").item().toItem(false);
        assertThat(count.meta().format()).isEqualTo("int");
        assertThat(count.meta().type()).isNull();
    }

    @Test
    void get_of_properties_returns_their_utf8_strings() {
        tree.replace(Principal.LOCAL, "./Vendor/Count?prop=Title", NodeContent.text("How many"));
        assertThat(prop("./Vendor/Count", "Format")).isEqualTo("int");
        assertThat(prop("./Vendor/Count", "Type")).isEqualTo("text/plain");
        assertThat(prop("./Vendor/Count", "Name")).isEqualTo("Count");
        assertThat(prop("./Vendor/Count", "Size")).isEqualTo("1");
        assertThat(prop("./Vendor/Count", "Title")).isEqualTo("How many");
        assertThat(prop("./Vendor/Count", "TStamp")).isEqualTo("20240501T100000Z");
        assertThat(prop("./Vendor/Count", "VerNo")).isEqualTo("1");
        assertThat(prop("./Vendor/Blob", "Size")).isEqualTo("3");
        assertThat(prop("./Vendor", "Format")).isEqualTo("node");
        ResultItem item = tree.get(A, "./Vendor/Count?prop=Format").item();
        assertThat(item.sourceUri()).isEqualTo("./Vendor/Count?prop=Format");
        assertThat(item.toItem(false).meta()).isNull();
    }

    @Test
    void get_on_empty_acl_returns_empty_data_not_the_inherited_acl() {
        assertThat(prop("./Vendor/Name", "ACL")).isEmpty();
        assertThat(prop(".", "ACL")).isEqualTo("Add=*&Get=*");
    }

    @Test
    void interior_nodes_have_no_size() {
        assertThat(tree.get(A, "./Vendor?prop=Size").status()).isEqualTo(406);
    }

    @Test
    void get_of_a_switched_off_optional_property_answers_406_but_mandatory_ones_cannot_be_switched_off() {
        ManagementTree t =
                ManagementTree.builder().withoutProperty(NodeProperty.VERNO).build();
        t.add(A, "./X", NodeContent.text("x"));
        assertThat(t.get(A, "./X?prop=VerNo").status()).isEqualTo(406);
        assertThat(t.get(A, "./X?prop=ACL").status()).isEqualTo(200);
        for (NodeProperty p : NodeProperty.values()) {
            if (p.mandatory()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(
                                () -> ManagementTree.builder().withoutProperty(p))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void leaf_whose_access_type_excludes_get_answers_405_for_its_value_and_size() {
        tree.define(
                "./Vendor/Secret", NodeDefinition.text("s3cr3t").withAccessTypes(AccessType.only(AccessType.REPLACE)));
        assertThat(tree.get(A, "./Vendor/Secret").status()).isEqualTo(405);
        assertThat(tree.get(A, "./Vendor/Secret?prop=Size").status()).isEqualTo(405);
        assertThat(tree.get(A, "./Vendor/Secret?prop=Format").status()).isEqualTo(200);
        assertThat(tree.get(Principal.LOCAL, "./Vendor/Secret").item().text()).isEqualTo("s3cr3t");
    }

    @Test
    void list_struct_reports_every_readable_node_without_data() {
        TreeResult r = tree.get(A, "./Vendor?list=Struct");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.items())
                .extracting(ResultItem::sourceUri)
                .containsExactly("./Vendor", "./Vendor/Name", "./Vendor/Count", "./Vendor/Blob", "./Vendor/Empty");
        assertThat(r.items()).allMatch(i -> i.data() == null);
        assertThat(r.items().get(2).format()).isEqualTo("int");
        assertThat(r.items().get(0).format()).isEqualTo("node");
    }

    @Test
    void list_struct_data_adds_leaf_values() {
        List<ResultItem> items = tree.get(A, "./Vendor?list=StructData").items();
        assertThat(items.get(0).data()).isNull();
        assertThat(items.get(1).text()).isEqualTo("Example");
        assertThat(items.get(3).data()).isEqualTo(ItemData.opaque(new byte[] {1, 2, 3}));
    }

    @Test
    void list_leaves_out_nodes_the_server_may_not_get() {
        String a = AddTest.idOf(A);
        tree.replace(Principal.LOCAL, "./Vendor/Count?prop=ACL", NodeContent.text("Get=" + a));
        tree.replace(Principal.LOCAL, "./Vendor/Empty?prop=ACL", NodeContent.text("Get=" + a));
        tree.add(Principal.LOCAL, "./Vendor/Empty/Inner", NodeContent.text("x"));
        List<ResultItem> items = tree.get(B, "./Vendor?list=StructData").items();
        assertThat(items)
                .extracting(ResultItem::sourceUri)
                .containsExactly("./Vendor", "./Vendor/Name", "./Vendor/Blob");
        assertThat(tree.get(A, "./Vendor?list=Struct").items()).hasSize(6);
    }

    @Test
    void list_on_a_node_the_server_may_not_get_answers_425() {
        tree.replace(Principal.LOCAL, "./Vendor?prop=ACL", NodeContent.text("Get=" + AddTest.idOf(A)));
        assertThat(tree.get(B, "./Vendor?list=Struct").status()).isEqualTo(425);
    }

    @Test
    void struct_data_never_shows_values_without_get_access() {
        tree.define(
                "./Vendor/Secret", NodeDefinition.text("s3cr3t").withAccessTypes(AccessType.only(AccessType.REPLACE)));
        List<ResultItem> items = tree.get(A, "./Vendor?list=StructData").items();
        ResultItem secret = items.stream()
                .filter(i -> i.sourceUri().endsWith("Secret"))
                .findFirst()
                .orElseThrow();
        assertThat(secret.data()).isNull();
    }

    @Test
    void the_acl_covers_the_node_and_its_properties() {
        tree.define("./Hidden", NodeDefinition.text("x").withAcl(Acl.parse("Replace=*")));
        assertThat(tree.get(A, "./Hidden?prop=Title").status()).isEqualTo(425);
    }

    private String prop(String uri, String p) {
        TreeResult r = tree.get(A, uri + "?prop=" + p);
        assertThat(r.status()).as(uri + "?prop=" + p).isEqualTo(200);
        return r.item().text();
    }
}
