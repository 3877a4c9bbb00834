package io.trustdm.tree.mo;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.MoIdentifiers;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.Principal;
import io.trustdm.tree.TreeFixtures;
import io.trustdm.tree.TreeResult;
import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InboxTest {
    private final ManagementTree tree = TreeFixtures.tree();

    @BeforeEach
    void setUp() {
        InboxObject.install(tree);
        DmAccount.installContainer(tree);
    }

    @Test
    void get_on_inbox_or_below_answers_405() {
        assertThat(tree.get(TreeFixtures.A, "./Inbox").status()).isEqualTo(405);
        assertThat(tree.get(TreeFixtures.A, "./Inbox/anything").status()).isEqualTo(405);
        assertThat(tree.get(TreeFixtures.A, "./Inbox?prop=ACL").status()).isEqualTo(405);
        assertThat(tree.get(Principal.LOCAL, "./Inbox?list=TNDS").status()).isEqualTo(405);
    }

    @Test
    void listings_of_the_root_leave_the_inbox_out() {
        assertThat(tree.get(TreeFixtures.A, ".?list=Struct").items())
                .extracting(i -> i.sourceUri())
                .doesNotContain("./Inbox");
    }

    @Test
    void a_bootstrap_tnds_added_to_the_inbox_lands_at_its_mo_place_with_its_acl() {
        TreeResult r = tree.add(Principal.LOCAL, "./Inbox", NodeContent.tnds(TreeFixtures.tnds("dmacc-bootstrap.xml")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(tree.inspect("./Inbox").orElseThrow().children()).isEmpty();
        assertThat(tree.inspect("./DMAcc/operator").orElseThrow().acl())
                .isEqualTo(Acl.forServer("dm.operator.example", AclCommand.GET, AclCommand.REPLACE, AclCommand.DELETE));
        DmAccount acc = DmAccount.read(tree, "operator").orElseThrow();
        assertThat(acc.serverId()).isEqualTo("dm.operator.example");
        assertThat(acc.credentials(AuthLevel.CLCRED).orElseThrow().data()).containsExactly("nonce".getBytes());
    }

    @Test
    void credentials_delivered_by_a_bootstrap_are_as_unreadable_as_installed_ones() {
        tree.add(Principal.LOCAL, "./Inbox", NodeContent.tnds(TreeFixtures.tnds("dmacc-bootstrap.xml")));
        Principal owner = Principal.server("dm.operator.example");
        String auth = "./DMAcc/operator/AppAuth/client";
        assertThat(tree.get(owner, auth + "/AAuthName").status()).isEqualTo(200);
        assertThat(tree.get(owner, auth + "/AAuthSecret").status()).isEqualTo(405);
        assertThat(tree.get(owner, auth + "/AAuthData").status()).isEqualTo(405);
        assertThat(tree.valueText(auth + "/AAuthSecret")).contains("client-secret-0123456789abcdef");
    }

    @Test
    void an_object_named_in_the_add_target_keeps_that_name() {
        TreeResult r = tree.add(
                Principal.LOCAL, "./Inbox/operator", NodeContent.tnds(TreeFixtures.tnds("dmacc-bootstrap.xml")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(tree.inspect("./DMAcc/operator/ServerID")).isPresent();
    }

    @Test
    void a_plain_mo_root_added_to_the_inbox_is_relocated_by_its_type() {
        TreeResult r = tree.add(Principal.LOCAL, "./Inbox/acc2", NodeContent.interior(MoIdentifiers.DMACC));
        assertThat(r.status()).isEqualTo(200);
        assertThat(tree.inspect("./DMAcc/acc2").orElseThrow().type()).isEqualTo(MoIdentifiers.DMACC);
        assertThat(tree.inspect("./Inbox/acc2")).isEmpty();
    }

    @Test
    void an_object_of_unknown_type_answers_406() {
        assertThat(tree.add(Principal.LOCAL, "./Inbox/x", NodeContent.interior("urn:unknown:mo"))
                        .status())
                .isEqualTo(406);
        assertThat(tree.add(Principal.LOCAL, "./Inbox/x", NodeContent.interior(null))
                        .status())
                .isEqualTo(406);
    }

    @Test
    void leaves_and_deeper_nodes_cannot_be_added_to_the_inbox() {
        assertThat(tree.add(Principal.LOCAL, "./Inbox/leaf", NodeContent.text("x"))
                        .status())
                .isEqualTo(405);
        assertThat(tree.add(Principal.LOCAL, "./Inbox/a/b", NodeContent.interior(MoIdentifiers.DMACC))
                        .status())
                .isEqualTo(405);
        assertThat(tree.inspect("./Inbox/a")).isEmpty();
    }

    @Test
    void the_inbox_never_widens_a_servers_rights() {
        // Any server may drop into the Inbox, but the Add is checked again at ./DMAcc, where servers have no Add.
        TreeResult r = tree.add(TreeFixtures.A, "./Inbox", NodeContent.tnds(TreeFixtures.tnds("dmacc-bootstrap.xml")));
        assertThat(r.status()).isEqualTo(425);
        assertThat(tree.inspect("./DMAcc/operator")).isEmpty();
    }

    @Test
    void the_inbox_itself_cannot_be_deleted_replaced_or_renamed() {
        tree.replace(Principal.LOCAL, "./Inbox?prop=ACL", NodeContent.text("Add=*&Delete=*&Replace=*"));
        assertThat(tree.delete(TreeFixtures.A, "./Inbox").status()).isEqualTo(405);
        assertThat(tree.replace(TreeFixtures.A, "./Inbox?prop=Name", NodeContent.text("Outbox"))
                        .status())
                .isEqualTo(405);
    }
}
