package io.trustdm.tree.mo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.message.ItemData;
import io.trustdm.tree.AccessType;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.MoIdentifiers;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.NodeFormat;
import io.trustdm.tree.NodeSnapshot;
import io.trustdm.tree.Principal;
import io.trustdm.tree.ResultItem;
import io.trustdm.tree.TreeFixtures;
import io.trustdm.tree.UriLimits;
import io.trustdm.tree.acl.Acl;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardObjectsTest {
    private static final String SID = "dm.operator.example";
    private final ManagementTree tree = TreeFixtures.tree();
    private final Principal owner = Principal.server(SID);
    private final Principal stranger = TreeFixtures.B;

    static DmAccount account(String name, String serverId) {
        return new DmAccount(
                name,
                serverId,
                "Operator DM",
                null,
                List.of(new DmAccount.AppAddr(
                        "primary", "https://dm.operator.example/dm", "URI", List.of(new DmAccount.Port("p", 443)))),
                AuthType.DIGEST,
                List.of(
                        new DmAccount.AppAuth(
                                "client", AuthLevel.CLCRED, AuthType.DIGEST, "IMEI:1", "client-secret", new byte[] {1, 2
                                }),
                        new DmAccount.AppAuth(
                                "server", AuthLevel.SRVCRED, AuthType.DIGEST, "srv", "server-secret", new byte[] {3})),
                false);
    }

    @Test
    void devinfo_is_installed_read_only_and_readable_by_every_server() {
        new DevInfoObject("IMEI:490154203237518", "ExampleCorp", "EX-100", "1.2", "en-US", false).install(tree);
        NodeSnapshot root = tree.inspect("./DevInfo").orElseThrow();
        assertThat(root.type()).isEqualTo(MoIdentifiers.DEVINFO);
        assertThat(root.acl()).isEqualTo(Acl.parse("Get=*"));
        assertThat(root.permanent()).isTrue();
        assertThat(root.children()).containsExactly("DevId", "Man", "Mod", "DmV", "Lang");
        assertThat(tree.get(stranger, "./DevInfo/Mod").item().text()).isEqualTo("EX-100");
        assertThat(tree.replace(stranger, "./DevInfo/Lang", NodeContent.text("fr"))
                        .status())
                .isEqualTo(425);
        assertThat(tree.delete(stranger, "./DevInfo").status()).isEqualTo(425);
        assertThat(tree.add(stranger, "./DevInfo/Extra", NodeContent.text("x")).status())
                .isEqualTo(425);
        assertThat(tree.replace(Principal.LOCAL, "./DevInfo/Lang", NodeContent.text("fr-FR"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void devinfo_dev_id_must_be_a_urn_and_lang_a_language_tag() {
        assertThatThrownBy(() -> new DevInfoObject("490154203237518", "M", "X", "1", "en", false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DevInfoObject("IMEI:1", "M", "X", "1", "en US", false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void devinfo_ext_is_created_on_request() {
        new DevInfoObject("IMEI:1", "M", "X", "1", "en", true).install(tree);
        assertThat(tree.inspect("./DevInfo/Ext").orElseThrow().isInterior()).isTrue();
    }

    @Test
    void devdetail_publishes_the_uri_limits_the_tree_enforces() {
        ManagementTree t =
                ManagementTree.builder().uriLimits(new UriLimits(9, 300, 40)).build();
        new DevDetailObject("phone", "OEM", "fw1", "sw1", "hw1", true).install(t);
        assertThat(t.valueText("./DevDetail/URI/MaxDepth")).contains("9");
        assertThat(t.valueText("./DevDetail/URI/MaxTotLen")).contains("300");
        assertThat(t.valueText("./DevDetail/URI/MaxSegLen")).contains("40");
        assertThat(t.inspect("./DevDetail").orElseThrow().type()).isEqualTo(MoIdentifiers.DEVDETAIL);
        NodeSnapshot lrg = t.inspect("./DevDetail/LrgObj").orElseThrow();
        assertThat(lrg.format()).isEqualTo(NodeFormat.BOOL);
        assertThat(lrg.valueText()).isEqualTo("true");
        assertThat(t.get(TreeFixtures.A, "./DevDetail/FwV").item().text()).isEqualTo("fw1");
        assertThat(t.replace(TreeFixtures.A, "./DevDetail/FwV", NodeContent.text("x"))
                        .status())
                .isEqualTo(425);
    }

    @Test
    void devdetail_publishes_the_safety_ceilings_when_no_limit_is_configured() {
        ManagementTree t =
                ManagementTree.builder().uriLimits(UriLimits.UNLIMITED).build();
        new DevDetailObject("phone", null, null, null, null, false).install(t);
        assertThat(t.valueText("./DevDetail/URI/MaxDepth")).contains(Integer.toString(UriLimits.CEILING_DEPTH));
        assertThat(t.valueText("./DevDetail/URI/MaxTotLen")).contains(Integer.toString(UriLimits.CEILING_TOTAL_LENGTH));
        assertThat(t.valueText("./DevDetail/URI/MaxSegLen")).contains("0");
    }

    @Test
    void dmacc_account_has_the_dm_1_2_layout() {
        account("operator", SID).install(tree);
        String x = "./DMAcc/operator";
        assertThat(tree.inspect(x).orElseThrow().type()).isEqualTo(MoIdentifiers.DMACC);
        assertThat(tree.inspect(x).orElseThrow().children())
                .containsExactly("AppID", "ServerID", "Name", "AppAddr", "AAuthPref", "AppAuth");
        assertThat(tree.valueText(x + "/AppID")).contains("w7");
        assertThat(tree.valueText(x + "/ServerID")).contains(SID);
        assertThat(tree.valueText(x + "/AppAddr/primary/Addr")).contains("https://dm.operator.example/dm");
        assertThat(tree.valueText(x + "/AppAddr/primary/AddrType")).contains("URI");
        assertThat(tree.valueText(x + "/AppAddr/primary/Port/p/PortNbr")).contains("443");
        assertThat(tree.valueText(x + "/AAuthPref")).contains("DIGEST");
        assertThat(tree.valueText(x + "/AppAuth/client/AAuthLevel")).contains("CLCRED");
        assertThat(tree.valueText(x + "/AppAuth/client/AAuthType")).contains("DIGEST");
        assertThat(tree.valueText(x + "/AppAuth/client/AAuthName")).contains("IMEI:1");
        assertThat(tree.inspect(x + "/AppAuth/client/AAuthData").orElseThrow().format())
                .isEqualTo(NodeFormat.BIN);
    }

    @Test
    void dmacc_account_gives_its_server_get_replace_and_delete_and_no_one_else_anything() {
        account("operator", SID).install(tree);
        assertThat(tree.inspect("./DMAcc/operator").orElseThrow().acl())
                .isEqualTo(Acl.parse("Get=" + SID + "&Replace=" + SID + "&Delete=" + SID));
        assertThat(tree.get(owner, "./DMAcc/operator/AppAddr/primary/Addr").status())
                .isEqualTo(200);
        assertThat(tree.replace(owner, "./DMAcc/operator/Name", NodeContent.text("Renamed"))
                        .status())
                .isEqualTo(200);
        assertThat(tree.get(stranger, "./DMAcc/operator/ServerID").status()).isEqualTo(425);
        assertThat(tree.replace(stranger, "./DMAcc/operator/AppAuth/client/AAuthSecret", NodeContent.text("x"))
                        .status())
                .isEqualTo(425);
        assertThat(tree.get(stranger, "./DMAcc?list=Struct").items())
                .extracting(ResultItem::sourceUri)
                .containsExactly("./DMAcc");
    }

    @Test
    void no_server_may_create_accounts_unless_the_device_allows_it() {
        account("operator", SID).install(tree);
        assertThat(tree.add(owner, "./DMAcc/another", NodeContent.interior(MoIdentifiers.DMACC))
                        .status())
                .isEqualTo(425);
    }

    @Test
    void aauth_secret_and_data_are_never_readable_by_any_server() {
        account("operator", SID).install(tree);
        String auth = "./DMAcc/operator/AppAuth/client";
        assertThat(tree.get(owner, auth + "/AAuthSecret").status()).isEqualTo(405);
        assertThat(tree.get(owner, auth + "/AAuthData").status()).isEqualTo(405);
        assertThat(tree.get(owner, auth + "/AAuthSecret?prop=Size").status()).isEqualTo(405);
        assertThat(tree.copy(owner, auth + "/AAuthSecret", "./DMAcc/operator/Name")
                        .status())
                .isEqualTo(405);
        List<ResultItem> listing =
                tree.get(owner, "./DMAcc/operator?list=StructData").items();
        assertThat(listing)
                .filteredOn(i ->
                        i.sourceUri().endsWith("AAuthSecret") || i.sourceUri().endsWith("AAuthData"))
                .hasSize(4)
                .allMatch(i -> i.data() == null);
        ItemData tnds = tree.get(owner, "./DMAcc/operator?list=TNDS").item().data();
        assertThat(tnds.asText()).doesNotContain("client-secret").doesNotContain("server-secret");
        // but the server may still replace them (credential rotation)
        assertThat(tree.replace(owner, auth + "/AAuthSecret", NodeContent.text("rotated"))
                        .status())
                .isEqualTo(200);
        // and the device itself reads them
        assertThat(tree.valueText(auth + "/AAuthSecret")).contains("rotated");
    }

    @Test
    void secrets_a_server_adds_to_its_account_cannot_be_read_back() {
        account("operator", SID).install(tree);
        tree.replace(
                Principal.LOCAL,
                "./DMAcc/operator?prop=ACL",
                NodeContent.text("Add=" + SID + "&Get=" + SID + "&Replace=" + SID + "&Delete=" + SID));
        String auth = "./DMAcc/operator/AppAuth/extra";
        assertThat(tree.add(owner, auth + "/AAuthSecret", NodeContent.text("mine"))
                        .status())
                .isEqualTo(200);
        assertThat(tree.get(owner, auth + "/AAuthSecret").status()).isEqualTo(405);
        assertThat(tree.add(owner, auth + "/Plain", NodeContent.text("x")).status())
                .isEqualTo(200);
        assertThat(tree.replace(owner, auth + "/Plain?prop=Name", NodeContent.text("AAuthData"))
                        .status())
                .isEqualTo(405);
    }

    @Test
    void dmacc_reads_back_from_the_tree() {
        DmAccount acc = account("operator", SID);
        acc.install(tree);
        DmAccount back = DmAccount.read(tree, "operator").orElseThrow();
        assertThat(back).isEqualTo(acc);
        assertThat(back.credentials(AuthLevel.SRVCRED).orElseThrow().secret()).isEqualTo("server-secret");
        assertThat(DmAccount.findByServerId(tree, SID)).contains(acc);
        assertThat(DmAccount.findByServerId(tree, "nobody")).isEmpty();
        assertThat(DmAccount.read(tree, "missing")).isEmpty();
    }

    @Test
    void tree_views_never_print_secret_values() {
        account("operator", SID).install(tree);
        String secret = "./DMAcc/operator/AppAuth/client/AAuthSecret";
        assertThat(tree.inspect(secret).orElseThrow().toString()).doesNotContain("client-secret");
        io.trustdm.tree.TreeResult local = tree.get(Principal.LOCAL, secret);
        assertThat(local.item().text()).isEqualTo("client-secret");
        assertThat(local.toString()).doesNotContain("client-secret");
        assertThat(NodeContent.text("client-secret").toString()).doesNotContain("client-secret");
    }

    @Test
    void dmacc_never_shows_secrets_in_to_string() {
        String s = account("operator", SID).toString();
        assertThat(s)
                .doesNotContain("client-secret")
                .doesNotContain("server-secret")
                .contains(SID);
    }

    @Test
    void obex_and_http_credentials_allow_only_http_level_types() {
        assertThatThrownBy(() -> new DmAccount.AppAuth("h", AuthLevel.HTTP, AuthType.DIGEST, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new DmAccount.AppAuth("h", AuthLevel.HTTP, AuthType.HTTP_DIGEST, null, null, null).type())
                .isEqualTo(AuthType.HTTP_DIGEST);
        assertThat(AuthLevel.OBEX.allows(AuthType.TRANSPORT)).isTrue();
        assertThat(AuthLevel.OBEX.allows(AuthType.HMAC)).isFalse();
    }

    @Test
    void account_fields_are_validated() {
        assertThatThrownBy(() -> account("operator", "bad id")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DmAccount.Port("p", 70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DmAccount.AppAddr("a", "x", "DNS", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleting_an_account_removes_its_server_id_from_every_acl() {
        account("operator", SID).install(tree);
        tree.define(
                "./Vendor",
                io.trustdm.tree.NodeDefinition.interior(null)
                        .withAcl(Acl.parse("Get=" + SID + "+other.example&Replace=" + SID)));
        assertThat(tree.delete(owner, "./DMAcc/operator").status()).isEqualTo(200);
        assertThat(tree.inspect("./Vendor").orElseThrow().acl()).isEqualTo(Acl.parse("Get=other.example"));
    }

    @Test
    void a_server_id_still_used_by_another_account_stays_in_acls() {
        account("operator", SID).install(tree);
        account("backup", SID).install(tree);
        tree.define("./Vendor", io.trustdm.tree.NodeDefinition.interior(null).withAcl(Acl.parse("Get=" + SID)));
        tree.delete(owner, "./DMAcc/operator");
        assertThat(tree.inspect("./Vendor").orElseThrow().acl()).isEqualTo(Acl.parse("Get=" + SID));
    }

    @Test
    void the_dmacc_container_is_permanent_and_lists_for_everyone() {
        DmAccount.installContainer(tree);
        NodeSnapshot c = tree.inspect("./DMAcc").orElseThrow();
        assertThat(c.permanent()).isTrue();
        assertThat(c.acl()).isEqualTo(Acl.parse("Get=*"));
        assertThat(c.accessTypes()).contains(AccessType.ADD);
        DmAccount.installContainer(tree); // idempotent
    }
}
