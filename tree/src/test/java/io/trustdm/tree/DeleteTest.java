package io.trustdm.tree;

import static io.trustdm.tree.TreeFixtures.A;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.tree.acl.Acl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeleteTest {
    private final ManagementTree tree = TreeFixtures.tree();

    @BeforeEach
    void setUp() {
        tree.replace(Principal.LOCAL, ".?prop=ACL", NodeContent.text("Add=*&Get=*&Delete=*&Replace=*"));
        tree.add(A, "./Vendor/Apps/Mail/Server", NodeContent.text("mail.example.com"));
        tree.add(A, "./Vendor/Apps/Web", NodeContent.text("www"));
    }

    @Test
    void delete_removes_the_node_and_its_whole_subtree() {
        int before = tree.nodeCount();
        assertThat(tree.delete(A, "./Vendor/Apps").status()).isEqualTo(200);
        assertThat(tree.inspect("./Vendor/Apps")).isEmpty();
        assertThat(tree.inspect("./Vendor/Apps/Mail/Server")).isEmpty();
        assertThat(tree.inspect("./Vendor").orElseThrow().children()).isEmpty();
        assertThat(tree.nodeCount()).isEqualTo(before - 4);
    }

    @Test
    void delete_of_the_root_answers_405() {
        assertThat(tree.delete(A, ".").status()).isEqualTo(405);
        assertThat(tree.delete(Principal.LOCAL, ".").status()).isEqualTo(405);
    }

    @Test
    void delete_of_a_missing_node_answers_404() {
        assertThat(tree.delete(A, "./Vendor/Nothing").status()).isEqualTo(404);
    }

    @Test
    void delete_of_a_permanent_node_answers_405() {
        tree.define("./Fixed", NodeDefinition.interior(null).asPermanent());
        assertThat(tree.delete(A, "./Fixed").status()).isEqualTo(405);
        assertThat(tree.inspect("./Fixed")).isPresent();
    }

    @Test
    void delete_of_a_subtree_holding_a_permanent_node_answers_405_and_deletes_nothing() {
        tree.define("./Vendor/Apps/Fixed", NodeDefinition.text("keep").asPermanent());
        TreeResult r = tree.delete(A, "./Vendor");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.failedUri()).isEqualTo("./Vendor");
        assertThat(tree.inspect("./Vendor/Apps/Web")).isPresent();
    }

    @Test
    void the_device_may_delete_permanent_nodes() {
        tree.define("./Accessory", NodeDefinition.interior(null).asPermanent());
        assertThat(tree.delete(Principal.LOCAL, "./Accessory").status()).isEqualTo(200);
    }

    @Test
    void node_whose_access_type_excludes_delete_answers_405_but_goes_with_its_ancestor() {
        tree.define("./Vendor/Apps/Sticky", NodeDefinition.text("s").withAccessTypes(AccessType.only(AccessType.GET)));
        assertThat(tree.delete(A, "./Vendor/Apps/Sticky").status()).isEqualTo(405);
        assertThat(tree.delete(A, "./Vendor/Apps").status()).isEqualTo(200);
        assertThat(tree.inspect("./Vendor/Apps/Sticky")).isEmpty();
    }

    @Test
    void properties_cannot_be_deleted() {
        assertThat(tree.delete(A, "./Vendor?prop=ACL").status()).isEqualTo(405);
    }

    @Test
    void delete_needs_the_delete_right_on_the_node_itself() {
        tree.replace(Principal.LOCAL, "./Vendor/Apps?prop=ACL", NodeContent.text("Get=*"));
        assertThat(tree.delete(A, "./Vendor/Apps").status()).isEqualTo(425);
        assertThat(tree.delete(A, "./Vendor/Apps/Web").status()).isEqualTo(425);
        tree.replace(Principal.LOCAL, "./Vendor/Apps/Web?prop=ACL", NodeContent.text("Delete=" + AddTest.idOf(A)));
        assertThat(tree.delete(A, "./Vendor/Apps/Web").status()).isEqualTo(200);
    }

    @Test
    void root_acl_default_gives_servers_no_delete() {
        ManagementTree fresh = TreeFixtures.tree();
        fresh.add(A, "./Leaf", NodeContent.text("x"));
        assertThat(fresh.effectiveAcl(".").orElseThrow()).isEqualTo(Acl.parse("Add=*&Get=*"));
        assertThat(fresh.delete(A, "./Leaf").status()).isEqualTo(425);
    }
}
