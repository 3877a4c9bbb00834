package io.trustdm.tree;

import static io.trustdm.tree.TreeFixtures.A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.tree.acl.Acl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TreeTransactionTest {
    private final TreeFixtures.StepClock clock = new TreeFixtures.StepClock();
    private final ManagementTree tree = TreeFixtures.tree(clock);

    @BeforeEach
    void setUp() {
        tree.replace(Principal.LOCAL, ".?prop=ACL", NodeContent.text("Add=*&Get=*&Replace=*&Delete=*"));
        tree.add(A, "./Vendor/Name", NodeContent.text("before"));
        tree.add(A, "./Vendor/Apps/Mail/Server", NodeContent.text("mail"));
        tree.add(A, "./Vendor/Apps/Web", NodeContent.text("web"));
        tree.add(A, "./Vendor/Last", NodeContent.text("last"));
        clock.advance(Duration.ofMinutes(5));
    }

    /** Every node of the tree, as the device sees it. */
    private List<NodeSnapshot> everything() {
        List<NodeSnapshot> out = new ArrayList<>();
        List<String> stack = new ArrayList<>(List.of("."));
        while (!stack.isEmpty()) {
            String uri = stack.remove(stack.size() - 1);
            NodeSnapshot s = tree.inspect(uri).orElseThrow();
            out.add(s);
            for (String c : s.children()) {
                stack.add(s.uri().child(c).toString());
            }
        }
        return out;
    }

    @Test
    void atomic_rollback_restores_values_properties_and_deleted_subtrees() {
        List<NodeSnapshot> before = everything();
        int count = tree.nodeCount();

        TreeTransaction tx = tree.beginTransaction();
        assertThat(tree.replace(A, "./Vendor/Name", NodeContent.text("after")).status())
                .isEqualTo(200);
        assertThat(tree.replace(A, "./Vendor/Name?prop=Title", NodeContent.text("t"))
                        .status())
                .isEqualTo(200);
        assertThat(tree.replace(A, "./Vendor?prop=ACL", NodeContent.text("Add=*&Get=*&Replace=*&Delete=*&Exec=*"))
                        .status())
                .isEqualTo(200);
        assertThat(tree.delete(A, "./Vendor/Apps").status()).isEqualTo(200);
        assertThat(tree.add(A, "./Vendor/New/Deep", NodeContent.text("n")).status())
                .isEqualTo(200);
        assertThat(tree.replace(Principal.LOCAL, "./Vendor/Last?prop=Name", NodeContent.text("Renamed"))
                        .status())
                .isEqualTo(200);
        assertThat(everything()).isNotEqualTo(before);
        tx.rollback();

        assertThat(everything()).isEqualTo(before);
        assertThat(tree.nodeCount()).isEqualTo(count);
        assertThat(tree.inspect("./Vendor").orElseThrow().children()).containsExactly("Name", "Apps", "Last");
        assertThat(tree.inTransaction()).isFalse();
    }

    @Test
    void rollback_restores_a_deleted_subtree_at_its_place_among_siblings() {
        try (TreeTransaction tx = tree.beginTransaction()) {
            tree.delete(A, "./Vendor/Apps");
            tree.add(A, "./Vendor/Apps", NodeContent.text("now a leaf"));
            tx.rollback();
        }
        assertThat(tree.inspect("./Vendor").orElseThrow().children()).containsExactly("Name", "Apps", "Last");
        assertThat(tree.inspect("./Vendor/Apps/Mail/Server").orElseThrow().valueText())
                .isEqualTo("mail");
    }

    @Test
    void commit_keeps_every_change() {
        TreeTransaction tx = tree.beginTransaction();
        tree.replace(A, "./Vendor/Name", NodeContent.text("after"));
        tree.delete(A, "./Vendor/Apps");
        tx.commit();
        assertThat(tree.inspect("./Vendor/Name").orElseThrow().valueText()).isEqualTo("after");
        assertThat(tree.inspect("./Vendor/Apps")).isEmpty();
        assertThat(tx.isOpen()).isFalse();
    }

    @Test
    void a_failed_command_inside_a_transaction_undoes_only_itself() {
        TreeTransaction tx = tree.beginTransaction();
        assertThat(tree.replace(A, "./Vendor/Name", NodeContent.text("after")).status())
                .isEqualTo(200);
        assertThat(tree.add(A, "./Vendor/X/Y", NodeContent.leaf(NodeFormat.INT, null, "nan"))
                        .status())
                .isEqualTo(400);
        assertThat(tree.inspect("./Vendor/X")).isEmpty();
        assertThat(tree.inspect("./Vendor/Name").orElseThrow().valueText()).isEqualTo("after");
        tx.rollback();
        assertThat(tree.inspect("./Vendor/Name").orElseThrow().valueText()).isEqualTo("before");
    }

    @Test
    void closing_an_open_transaction_rolls_it_back() {
        try (TreeTransaction tx = tree.beginTransaction()) {
            tree.replace(A, "./Vendor/Name", NodeContent.text("after"));
            assertThat(tx.isOpen()).isTrue();
        }
        assertThat(tree.inspect("./Vendor/Name").orElseThrow().valueText()).isEqualTo("before");
    }

    @Test
    void only_one_transaction_is_open_at_a_time() {
        TreeTransaction tx = tree.beginTransaction();
        assertThatThrownBy(tree::beginTransaction).isInstanceOf(IllegalStateException.class);
        tx.commit();
        assertThatThrownBy(tx::rollback).isInstanceOf(IllegalStateException.class);
        tree.beginTransaction().commit();
    }

    @Test
    void rollback_undoes_server_id_scrubbing_and_device_definitions() {
        tree.replace(Principal.LOCAL, "./Vendor?prop=ACL", NodeContent.text("Get=" + AddTest.idOf(A)));
        TreeTransaction tx = tree.beginTransaction();
        tree.removeServerId(AddTest.idOf(A));
        tree.define("./Device", NodeDefinition.interior(null).withAcl(Acl.parse("Get=*")));
        tx.rollback();
        assertThat(tree.inspect("./Vendor").orElseThrow().acl()).isEqualTo(Acl.parse("Get=" + AddTest.idOf(A)));
        assertThat(tree.inspect("./Device")).isEmpty();
    }

    @Test
    void changes_outside_a_transaction_are_final() {
        tree.replace(A, "./Vendor/Name", NodeContent.text("after"));
        TreeTransaction tx = tree.beginTransaction();
        tx.rollback();
        assertThat(tree.inspect("./Vendor/Name").orElseThrow().valueText()).isEqualTo("after");
    }
}
