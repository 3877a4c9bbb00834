package io.trustdm.tree;

import static io.trustdm.tree.TreeFixtures.A;
import static io.trustdm.tree.TreeFixtures.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Management Trust: every command checks the ACL right the spec names on the node it names (TND §8.3.7.1). */
class ManagementTrustTest {
    private final ManagementTree tree = TreeFixtures.tree();
    private final String a = AddTest.idOf(A);
    private final String b = AddTest.idOf(B);

    @BeforeEach
    void setUp() {
        tree.define("./Org", NodeDefinition.interior(null).withAcl(Acl.parse("Get=" + a + "&Replace=" + a)));
        tree.define("./Org/Unit", NodeDefinition.interior(null));
        tree.define("./Org/Unit/Leaf", NodeDefinition.text("v"));
    }

    @Test
    void root_acl_defaults_to_add_and_get_for_every_server() {
        assertThat(tree.inspect(".").orElseThrow().acl()).isEqualTo(Acl.parse("Add=*&Get=*"));
    }

    @Test
    void acl_is_inherited_from_nearest_ancestor_with_an_acl() {
        assertThat(tree.effectiveAcl("./Org/Unit/Leaf").orElseThrow())
                .isEqualTo(Acl.parse("Get=" + a + "&Replace=" + a));
        assertThat(tree.get(A, "./Org/Unit/Leaf").status()).isEqualTo(200);
        assertThat(tree.get(B, "./Org/Unit/Leaf").status()).isEqualTo(425);
        tree.replace(Principal.LOCAL, "./Org/Unit?prop=ACL", NodeContent.text("Get=" + b));
        assertThat(tree.get(B, "./Org/Unit/Leaf").status()).isEqualTo(200);
        assertThat(tree.get(A, "./Org/Unit/Leaf").status()).isEqualTo(425);
    }

    @Test
    void inheritance_is_all_or_nothing_never_per_command() {
        // Unit's own ACL only mentions Get; Replace is NOT taken from Org.
        tree.replace(Principal.LOCAL, "./Org/Unit?prop=ACL", NodeContent.text("Get=" + a));
        assertThat(tree.get(A, "./Org/Unit/Leaf").status()).isEqualTo(200);
        assertThat(tree.replace(A, "./Org/Unit/Leaf", NodeContent.text("w")).status())
                .isEqualTo(425);
    }

    @Test
    void replace_needs_the_replace_right_on_the_node() {
        assertThat(tree.replace(B, "./Org/Unit/Leaf", NodeContent.text("w")).status())
                .isEqualTo(425);
        assertThat(tree.replace(A, "./Org/Unit/Leaf", NodeContent.text("w")).status())
                .isEqualTo(200);
        assertThat(tree.inspect("./Org/Unit/Leaf").orElseThrow().valueText()).isEqualTo("w");
    }

    @Test
    void replace_of_title_and_name_need_replace_on_the_node() {
        assertThat(tree.replace(B, "./Org/Unit?prop=Title", NodeContent.text("t"))
                        .status())
                .isEqualTo(425);
        assertThat(tree.replace(B, "./Org/Unit?prop=Name", NodeContent.text("U2"))
                        .status())
                .isEqualTo(425);
        assertThat(tree.replace(A, "./Org/Unit?prop=Name", NodeContent.text("U2"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void interior_acl_may_be_changed_with_replace_on_the_node() {
        tree.replace(Principal.LOCAL, "./Org/Unit?prop=ACL", NodeContent.text("Get=*&Replace=" + b));
        assertThat(tree.replace(B, "./Org/Unit?prop=ACL", NodeContent.text("Get=" + b + "&Replace=" + b))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void interior_acl_may_be_changed_with_replace_on_the_parent() {
        tree.replace(Principal.LOCAL, "./Org/Unit?prop=ACL", NodeContent.text("Get=" + b));
        // A has Replace on Org (the parent) but no right on Unit itself.
        assertThat(tree.replace(A, "./Org/Unit?prop=ACL", NodeContent.text("Get=" + a))
                        .status())
                .isEqualTo(200);
        assertThat(tree.inspect("./Org/Unit").orElseThrow().acl()).isEqualTo(Acl.parse("Get=" + a));
    }

    @Test
    void leaf_acl_needs_replace_on_the_parent_not_on_the_leaf() {
        tree.replace(Principal.LOCAL, "./Org/Unit/Leaf?prop=ACL", NodeContent.text("Get=*&Replace=" + b));
        tree.replace(Principal.LOCAL, "./Org/Unit?prop=ACL", NodeContent.text("Get=*&Replace=" + a));
        // B has Replace on the leaf: changes its value, but not its ACL.
        assertThat(tree.replace(B, "./Org/Unit/Leaf", NodeContent.text("w")).status())
                .isEqualTo(200);
        assertThat(tree.replace(B, "./Org/Unit/Leaf?prop=ACL", NodeContent.text("Get=*"))
                        .status())
                .isEqualTo(425);
        // A has Replace on the parent: may change the leaf's ACL.
        assertThat(tree.replace(A, "./Org/Unit/Leaf?prop=ACL", NodeContent.text("Get=*&Replace=" + a))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void parent_rights_never_give_direct_access_to_the_childs_value() {
        tree.replace(Principal.LOCAL, "./Org/Unit?prop=ACL", NodeContent.text("Get=" + b + "&Replace=" + b));
        // A owns the parent: it cannot read the child directly...
        assertThat(tree.get(A, "./Org/Unit/Leaf").status()).isEqualTo(425);
        // ...but may take it over in two steps: change the ACL, then access.
        assertThat(tree.replace(A, "./Org/Unit?prop=ACL", NodeContent.text("Get=" + a))
                        .status())
                .isEqualTo(200);
        assertThat(tree.get(A, "./Org/Unit/Leaf").status()).isEqualTo(200);
    }

    @Test
    void replacing_an_acl_overwrites_the_whole_acl() {
        tree.replace(A, "./Org/Unit?prop=ACL", NodeContent.text("Exec=" + b));
        Acl acl = tree.inspect("./Org/Unit").orElseThrow().acl();
        assertThat(acl.commands()).containsExactly(AclCommand.EXEC);
    }

    @Test
    void a_malformed_acl_answers_400_and_changes_nothing() {
        assertThat(tree.replace(A, "./Org/Unit?prop=ACL", NodeContent.text("Get="))
                        .status())
                .isEqualTo(400);
        assertThat(tree.replace(A, "./Org/Unit?prop=ACL", NodeContent.text("Copy=*"))
                        .status())
                .isEqualTo(400);
        assertThat(tree.inspect("./Org/Unit").orElseThrow().acl().isEmpty()).isTrue();
    }

    @Test
    void an_acl_longer_than_the_limit_answers_413() {
        String huge = "Get=" + "x".repeat(TreeLimits.DEFAULT.maxAclLength());
        assertThat(tree.replace(A, "./Org/Unit?prop=ACL", NodeContent.text(huge))
                        .status())
                .isEqualTo(413);
    }

    @Test
    void root_acl_must_keep_a_value() {
        assertThat(tree.replace(Principal.LOCAL, ".?prop=ACL", NodeContent.text(""))
                        .status())
                .isEqualTo(405);
        assertThat(tree.inspect(".").orElseThrow().acl().isEmpty()).isFalse();
    }

    @Test
    void servers_may_not_take_the_root_add_entry_away_from_any_server() {
        tree.replace(Principal.LOCAL, ".?prop=ACL", NodeContent.text("Add=*&Get=*&Replace=" + a));
        assertThat(tree.replace(A, ".?prop=ACL", NodeContent.text("Add=" + a + "&Get=*&Replace=" + a))
                        .status())
                .isEqualTo(405);
        assertThat(tree.replace(A, ".?prop=ACL", NodeContent.text("Add=*&Get=" + a + "&Replace=" + a))
                        .status())
                .isEqualTo(200);
        assertThat(tree.replace(Principal.LOCAL, ".?prop=ACL", NodeContent.text("Add=" + a + "&Get=*"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void root_acl_change_needs_replace_on_the_root() {
        assertThat(tree.replace(A, ".?prop=ACL", NodeContent.text("Add=*&Get=*&Replace=*"))
                        .status())
                .isEqualTo(425);
    }

    @Test
    void exec_needs_the_exec_right() {
        tree.registerPlugin(new ManagementObjectPlugin() {
            @Override
            public DmUri root() {
                return DmUri.parse("./Org");
            }

            @Override
            public int exec(ExecRequest request) {
                return 200;
            }
        });
        assertThat(tree.exec(A, "./Org/Unit", null, null).status()).isEqualTo(425);
        tree.replace(Principal.LOCAL, "./Org/Unit?prop=ACL", NodeContent.text("Exec=" + a));
        assertThat(tree.exec(A, "./Org/Unit", null, null).status()).isEqualTo(200);
    }

    @Test
    void wildcard_grants_a_command_to_any_server() {
        tree.replace(Principal.LOCAL, "./Org/Unit?prop=ACL", NodeContent.text("Get=*"));
        assertThat(tree.get(Principal.server("someone.else"), "./Org/Unit/Leaf").status())
                .isEqualTo(200);
    }

    @Test
    void the_device_itself_is_not_bound_by_acls() {
        tree.replace(Principal.LOCAL, "./Org/Unit?prop=ACL", NodeContent.text("Get=" + b));
        assertThat(tree.get(Principal.LOCAL, "./Org/Unit/Leaf").status()).isEqualTo(200);
        assertThat(tree.replace(Principal.LOCAL, "./Org/Unit/Leaf", NodeContent.text("z"))
                        .status())
                .isEqualTo(200);
        assertThat(tree.delete(Principal.LOCAL, "./Org/Unit/Leaf").status()).isEqualTo(200);
    }

    @Test
    void removing_a_server_id_scrubs_every_acl_and_empty_root_commands_become_any() {
        tree.replace(Principal.LOCAL, ".?prop=ACL", NodeContent.text("Add=*&Get=*&Replace=" + a));
        tree.replace(Principal.LOCAL, "./Org/Unit?prop=ACL", NodeContent.text("Get=" + a));
        tree.removeServerId(a);
        assertThat(tree.inspect(".").orElseThrow().acl()).isEqualTo(Acl.parse("Add=*&Get=*&Replace=*"));
        assertThat(tree.inspect("./Org").orElseThrow().acl()).isEqualTo(Acl.EMPTY);
        assertThat(tree.inspect("./Org/Unit").orElseThrow().acl()).isEqualTo(Acl.EMPTY);
    }

    @Test
    void principals_must_be_valid_server_ids() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Principal.server("a b"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Principal.server("*"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Principal.LOCAL.isLocal()).isTrue();
        assertThat(A.serverId()).contains("srv-a.example.com");
    }
}
