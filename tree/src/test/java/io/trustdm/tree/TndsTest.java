package io.trustdm.tree;

import static io.trustdm.tree.TreeFixtures.A;
import static io.trustdm.tree.TreeFixtures.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Element;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.wbxml.WbxmlEncoder;
import io.trustdm.protocol.xml.SyncMlXmlWriter;
import io.trustdm.tree.acl.Acl;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TndsTest {
    private final ManagementTree tree = TreeFixtures.tree();

    @BeforeEach
    void setUp() {
        tree.replace(Principal.LOCAL, ".?prop=ACL", NodeContent.text("Add=*&Get=*&Replace=*&Delete=*"));
        tree.add(Principal.LOCAL, "./OperatorX", NodeContent.interior(null));
    }

    @Test
    void tnds_add_to_an_existing_interior_node_creates_the_described_subtree_below_it() {
        TreeResult r = tree.add(A, "./OperatorX", NodeContent.tnds(TreeFixtures.tnds("email.xml")));
        assertThat(r.status()).isEqualTo(200);
        NodeSnapshot mail = tree.inspect("./OperatorX/E-Mail").orElseThrow();
        assertThat(mail.isInterior()).isTrue();
        assertThat(mail.type()).isEqualTo("com.operatorX.dm/1.0/EMail");
        assertThat(tree.inspect("./OperatorX/E-Mail/POP3").orElseThrow().isInterior())
                .isTrue();
        assertThat(tree.inspect("./OperatorX/E-Mail/POP3/POPServer")
                        .orElseThrow()
                        .valueText())
                .isEqualTo("mail.operatorx.example");
        NodeSnapshot port = tree.inspect("./OperatorX/E-Mail/POP3/Port").orElseThrow();
        assertThat(port.format()).isEqualTo(NodeFormat.INT);
        assertThat(port.title()).isEqualTo("POP3 port");
        NodeSnapshot icon = tree.inspect("./OperatorX/E-Mail/POP3/Icon").orElseThrow();
        assertThat(icon.format()).isEqualTo(NodeFormat.BIN);
        assertThat(icon.type()).isEqualTo("image/png");
        assertThat(icon.value()).hasSize(5);
    }

    @Test
    void tnds_add_to_a_new_node_creates_that_node_from_the_object() {
        TreeResult r = tree.add(A, "./OperatorX/E-Mail", NodeContent.tnds(TreeFixtures.tnds("email.xml")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(tree.inspect("./OperatorX/E-Mail/POP3/Port").orElseThrow().valueText())
                .isEqualTo("110");
    }

    @Test
    void tnds_add_to_a_new_node_must_describe_that_node() {
        assertThat(tree.add(A, "./OperatorX/Other", NodeContent.tnds(TreeFixtures.tnds("email.xml")))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void tnds_add_is_all_or_nothing_and_names_the_failing_node() {
        int before = tree.nodeCount();
        TreeResult r = tree.add(A, "./OperatorX", NodeContent.tnds(TreeFixtures.tnds("broken-int.xml")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.failedUri()).isEqualTo("./OperatorX/App/Bad");
        assertThat(tree.inspect("./OperatorX/App")).isEmpty();
        assertThat(tree.nodeCount()).isEqualTo(before);
    }

    @Test
    void tnds_with_an_unknown_format_answers_415() {
        Element doc = Element.of(
                "MgmtTree",
                Element.leaf("VerDTD", "1.2"),
                Element.of(
                        "Node",
                        Element.leaf("NodeName", "X"),
                        Element.of("RTProperties", Element.of("Format", Element.leaf("text", null))),
                        Element.leaf("Value", "v")));
        assertThat(tree.add(A, "./OperatorX", NodeContent.tnds(doc)).status()).isEqualTo(415);
        assertThat(tree.add(A, "./OperatorX", NodeContent.tnds(TreeFixtures.tnds("float-leaf.xml")))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void malformed_tnds_answers_400() {
        Element noName = Element.of("MgmtTree", Element.of("Node", Element.leaf("Value", "v")));
        Element wrongRoot = Element.of("Node", Element.leaf("NodeName", "x"));
        Element both = Element.of(
                "MgmtTree",
                Element.of(
                        "Node",
                        Element.leaf("NodeName", "x"),
                        Element.of("Node", Element.leaf("NodeName", "y")),
                        Element.leaf("Value", "v")));
        Element stray = Element.of("MgmtTree", Element.leaf("Bogus", "x"));
        for (Element e : List.of(noName, wrongRoot, both, stray)) {
            assertThat(tree.add(A, "./OperatorX", NodeContent.tnds(e)).status())
                    .as(e.toString())
                    .isEqualTo(400);
        }
    }

    @Test
    void existing_interior_nodes_in_the_object_are_path_steps_but_an_object_that_adds_nothing_answers_418() {
        tree.add(A, "./OperatorX", NodeContent.tnds(TreeFixtures.tnds("email.xml")));
        assertThat(tree.add(A, "./OperatorX", NodeContent.tnds(TreeFixtures.tnds("email.xml")))
                        .status())
                .isEqualTo(418);
        Element more = Element.of(
                "MgmtTree",
                Element.of(
                        "Node",
                        Element.leaf("NodeName", "E-Mail"),
                        Element.of("Node", Element.leaf("NodeName", "IMAP"), Element.leaf("Value", "imap"))));
        assertThat(tree.add(A, "./OperatorX", NodeContent.tnds(more)).status()).isEqualTo(200);
        assertThat(tree.inspect("./OperatorX/E-Mail/IMAP").orElseThrow().valueText())
                .isEqualTo("imap");
    }

    @Test
    void acls_inside_the_object_are_applied() {
        Element doc = Element.of(
                "MgmtTree",
                Element.of(
                        "Node",
                        Element.leaf("NodeName", "Owned"),
                        Element.of("RTProperties", Element.leaf("ACL", "Get=" + AddTest.idOf(A)), formatNode())));
        assertThat(tree.add(Principal.LOCAL, "./OperatorX", NodeContent.tnds(doc))
                        .status())
                .isEqualTo(200);
        assertThat(tree.inspect("./OperatorX/Owned").orElseThrow().acl())
                .isEqualTo(Acl.parse("Get=" + AddTest.idOf(A)));
    }

    @Test
    void a_server_sets_an_acl_in_the_object_only_with_the_rights_to_replace_it() {
        tree.define("./Locked", NodeDefinition.interior(null).withAcl(Acl.parse("Add=*&Get=*")));
        Element doc = Element.of(
                "MgmtTree",
                Element.of(
                        "Node",
                        Element.leaf("NodeName", "Leaf"),
                        Element.of("RTProperties", Element.leaf("ACL", "Get=*&Replace=*")),
                        Element.leaf("Value", "v")));
        TreeResult r = tree.add(B, "./Locked", NodeContent.tnds(doc));
        assertThat(r.status()).isEqualTo(425);
        assertThat(tree.inspect("./Locked/Leaf")).isEmpty();
    }

    @Test
    void a_server_may_give_a_new_interior_node_its_acl_as_add_then_replace_would_allow() {
        tree.define("./Locked", NodeDefinition.interior(null).withAcl(Acl.parse("Add=*&Get=*")));
        String b = AddTest.idOf(B);
        Element doc = Element.of(
                "MgmtTree",
                Element.of(
                        "Node",
                        Element.leaf("NodeName", "Mine"),
                        Element.of("RTProperties", Element.leaf("ACL", "Get=" + b + "&Replace=" + b), formatNode())));
        assertThat(tree.add(B, "./Locked", NodeContent.tnds(doc)).status()).isEqualTo(200);
        assertThat(tree.inspect("./Locked/Mine").orElseThrow().acl())
                .isEqualTo(Acl.parse("Get=" + b + "&Replace=" + b));
    }

    @Test
    void an_empty_node_name_is_chosen_by_the_device() {
        Element doc =
                Element.of("MgmtTree", Element.of("Node", Element.leaf("NodeName", null), Element.leaf("Value", "v")));
        assertThat(tree.add(A, "./OperatorX", NodeContent.tnds(doc)).status()).isEqualTo(200);
        List<String> children = tree.inspect("./OperatorX").orElseThrow().children();
        assertThat(children).hasSize(1);
        assertThat(children.get(0)).isNotEmpty();
    }

    @Test
    void a_top_level_path_places_the_node_within_the_target() {
        Element doc = Element.of(
                "MgmtTree",
                Element.of(
                        "Node",
                        Element.leaf("NodeName", "Deep"),
                        Element.leaf("Path", "./OperatorX/Sub"),
                        Element.leaf("Value", "v")));
        assertThat(tree.add(A, "./OperatorX", NodeContent.tnds(doc)).status()).isEqualTo(200);
        assertThat(tree.inspect("./OperatorX/Sub/Deep").orElseThrow().valueText())
                .isEqualTo("v");
        Element outside = Element.of(
                "MgmtTree",
                Element.of(
                        "Node",
                        Element.leaf("NodeName", "Escape"),
                        Element.leaf("Path", "./Elsewhere"),
                        Element.leaf("Value", "v")));
        assertThat(tree.add(A, "./OperatorX", NodeContent.tnds(outside)).status())
                .isEqualTo(400);
    }

    @Test
    void tnds_is_read_from_xml_text_and_from_wbxml_octets() {
        Element doc = TreeFixtures.tnds("email.xml");
        byte[] xml = SyncMlXmlWriter.writeDdf(doc);
        NodeContent asText = new NodeContent(
                "xml", Tnds.MIME_XML, ItemData.text(new String(xml, java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(tree.add(A, "./OperatorX", asText).status()).isEqualTo(200);
        tree.add(Principal.LOCAL, "./Other", NodeContent.interior(null));
        byte[] wbxml = WbxmlEncoder.encodeDdf(doc, WbxmlEncoder.Options.DEFAULT);
        NodeContent asWbxml = new NodeContent("bin", Tnds.MIME_WBXML, ItemData.opaque(wbxml));
        assertThat(tree.add(A, "./Other", asWbxml).status()).isEqualTo(200);
        assertThat(tree.inspect("./Other/E-Mail/POP3/Port").orElseThrow().valueText())
                .isEqualTo("110");
    }

    @Test
    void undecodable_tnds_answers_the_decoders_status() {
        NodeContent junk = new NodeContent("xml", Tnds.MIME_XML, ItemData.text("<MgmtTree><Node>"));
        assertThat(tree.add(A, "./OperatorX", junk).status()).isEqualTo(400);
    }

    @Test
    void a_device_without_tnds_support_answers_415_to_tnds_and_406_to_list_tnds() {
        ManagementTree plain = ManagementTree.builder().tndsSupported(false).build();
        plain.add(Principal.LOCAL, "./X", NodeContent.interior(null));
        assertThat(plain.add(A, "./X", NodeContent.tnds(TreeFixtures.tnds("email.xml")))
                        .status())
                .isEqualTo(415);
        assertThat(plain.replace(A, "./X", NodeContent.tnds(TreeFixtures.tnds("email.xml")))
                        .status())
                .isEqualTo(415);
        assertThat(plain.get(A, "./X?list=TNDS").status()).isEqualTo(406);
        assertThat(plain.get(A, "./X").status()).isEqualTo(200);
    }

    @Test
    void list_tnds_exports_the_subtree_as_a_mgmt_tree() {
        tree.add(A, "./OperatorX", NodeContent.tnds(TreeFixtures.tnds("email.xml")));
        TreeResult r = tree.get(A, "./OperatorX/E-Mail?list=TNDS");
        assertThat(r.status()).isEqualTo(200);
        ResultItem item = r.item();
        assertThat(item.format()).isEqualTo("xml");
        assertThat(item.type()).isEqualTo(Tnds.MIME_XML);
        assertThat(item.sourceUri()).isEqualTo("./OperatorX/E-Mail?list=TNDS");
        Element doc = ((ItemData.Markup) item.data()).root();
        assertThat(doc.name()).isEqualTo("MgmtTree");
        assertThat(doc.child("VerDTD").text()).isEqualTo("1.2");
        Element top = doc.child("Node");
        assertThat(top.child("NodeName").text()).isEqualTo("E-Mail");
        assertThat(top.child("Path").text()).isEqualTo("./OperatorX");
        assertThat(top.child("RTProperties").child("Type").child("DDFName").text())
                .isEqualTo("com.operatorX.dm/1.0/EMail");
        assertThat(top.child("RTProperties").child("Format").child("node")).isNotNull();
        // the export is valid DDF markup for the codecs
        assertThat(SyncMlXmlWriter.writeDdf(doc)).isNotEmpty();
    }

    @Test
    void exported_tnds_imports_back_into_an_equal_subtree() {
        tree.add(A, "./OperatorX", NodeContent.tnds(TreeFixtures.tnds("email.xml")));
        Element doc = ((ItemData.Markup) tree.get(Principal.LOCAL, "./OperatorX/E-Mail?list=TNDS")
                        .item()
                        .data())
                .root();
        ManagementTree other = TreeFixtures.tree();
        other.add(Principal.LOCAL, "./OperatorX", NodeContent.interior(null));
        assertThat(other.add(Principal.LOCAL, "./OperatorX", NodeContent.tnds(doc))
                        .status())
                .isEqualTo(200);
        for (String uri : List.of(
                "./OperatorX/E-Mail",
                "./OperatorX/E-Mail/POP3",
                "./OperatorX/E-Mail/POP3/POPServer",
                "./OperatorX/E-Mail/POP3/Port",
                "./OperatorX/E-Mail/POP3/Icon")) {
            NodeSnapshot x = tree.inspect(uri).orElseThrow();
            NodeSnapshot y = other.inspect(uri).orElseThrow();
            assertThat(y.format()).as(uri).isEqualTo(x.format());
            assertThat(y.type()).as(uri).isEqualTo(x.type());
            assertThat(y.title()).as(uri).isEqualTo(x.title());
            assertThat(y.acl()).as(uri).isEqualTo(x.acl());
            assertThat(y.value()).as(uri).isEqualTo(x.value());
            assertThat(y.children()).as(uri).isEqualTo(x.children());
        }
    }

    @Test
    void list_tnds_property_selection_is_honoured() {
        tree.add(A, "./OperatorX", NodeContent.tnds(TreeFixtures.tnds("email.xml")));
        Element doc = export(A, "./OperatorX/E-Mail/POP3/Port?list=TNDS+ACL");
        Element node = doc.child("Node");
        Element rt = node.child("RTProperties");
        assertThat(rt.child("ACL")).isNotNull();
        assertThat(rt.child("Type")).isNotNull(); // encoders MUST write Type
        assertThat(rt.child("Format")).isNull();
        assertThat(rt.child("Title")).isNull();
        assertThat(node.child("Value")).isNull();

        Element minus = export(A, "./OperatorX/E-Mail/POP3/Port?list=TNDS-Title-VerNo");
        Element rt2 = minus.child("Node").child("RTProperties");
        assertThat(rt2.child("Title")).isNull();
        assertThat(rt2.child("Format")).isNotNull();
        assertThat(rt2.child("Size").text()).isEqualTo("3");
        assertThat(minus.child("Node").child("Value").text()).isEqualTo("110");
    }

    @Test
    void list_tnds_leaves_out_unreadable_nodes_and_values_without_get_access() {
        tree.add(A, "./OperatorX", NodeContent.tnds(TreeFixtures.tnds("email.xml")));
        tree.replace(
                Principal.LOCAL, "./OperatorX/E-Mail/POP3/Port?prop=ACL", NodeContent.text("Get=" + AddTest.idOf(A)));
        tree.define(
                "./OperatorX/E-Mail/POP3/Password",
                NodeDefinition.text("hunter2").withAccessTypes(AccessType.only(AccessType.REPLACE)));
        Element doc = export(B, "./OperatorX/E-Mail?list=TNDS");
        String text = doc.toString();
        assertThat(text).doesNotContain("<NodeName>Port</NodeName>").doesNotContain("hunter2");
        assertThat(text).contains("<NodeName>Password</NodeName>").contains("<NodeName>POPServer</NodeName>");
    }

    @Test
    void list_tnds_of_the_root_lists_its_children_with_path_dot() {
        Element doc = export(A, ".?list=TNDS");
        Element first = doc.child("Node");
        assertThat(first.child("Path").text()).isEqualTo(".");
        assertThat(first.child("NodeName").text()).isEqualTo("OperatorX");
    }

    @Test
    void replace_with_tnds_replaces_the_whole_subtree() {
        tree.add(A, "./OperatorX", NodeContent.tnds(TreeFixtures.tnds("email.xml")));
        tree.add(A, "./OperatorX/Stale", NodeContent.text("old"));
        Element doc = Element.of(
                "MgmtTree",
                Element.leaf("VerDTD", "1.2"),
                Element.of("Node", Element.leaf("NodeName", "Fresh"), Element.leaf("Value", "new")));
        assertThat(tree.replace(A, "./OperatorX", NodeContent.tnds(doc)).status())
                .isEqualTo(200);
        assertThat(tree.inspect("./OperatorX").orElseThrow().children()).containsExactly("Fresh");
    }

    @Test
    void replace_with_tnds_fails_whole_when_a_child_cannot_be_deleted() {
        tree.add(A, "./OperatorX/Keep", NodeContent.text("k"));
        tree.define("./OperatorX/Fixed", NodeDefinition.text("f").asPermanent());
        Element doc = Element.of(
                "MgmtTree", Element.of("Node", Element.leaf("NodeName", "Fresh"), Element.leaf("Value", "new")));
        assertThat(tree.replace(A, "./OperatorX", NodeContent.tnds(doc)).status())
                .isEqualTo(405);
        assertThat(tree.inspect("./OperatorX").orElseThrow().children()).containsExactly("Keep", "Fixed");
    }

    @Test
    void tnds_nodes_round_trip_through_write_and_read() {
        TndsNode leaf = TndsNode.leaf("L", NodeFormat.INT, "text/plain", "5").with(NodeProperty.TITLE, "five");
        TndsNode top = TndsNode.interior("I", "urn:x", List.of(leaf)).withPath("./P");
        List<TndsNode> back = Tnds.read(Tnds.write(List.of(top)));
        assertThat(back).hasSize(1);
        TndsNode i = back.get(0);
        assertThat(i.path()).isEqualTo("./P");
        assertThat(i.property(NodeProperty.TYPE)).isEqualTo("urn:x");
        assertThat(i.isInterior()).isTrue();
        TndsNode l = i.children().get(0);
        assertThat(l.value()).isEqualTo("5");
        assertThat(l.property(NodeProperty.FORMAT)).isEqualTo("int");
        assertThat(l.property(NodeProperty.TITLE)).isEqualTo("five");
    }

    private Element export(Principal who, String uri) {
        TreeResult r = tree.get(who, uri);
        assertThat(r.status()).as(uri).isEqualTo(200);
        return ((ItemData.Markup) r.item().data()).root();
    }

    private static Element formatNode() {
        return Element.of("Format", Element.leaf("node", null));
    }
}
