package io.trustdm.tree.fumo;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.Item;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.MoIdentifiers;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.NodeFormat;
import io.trustdm.tree.Principal;
import io.trustdm.tree.TreeFixtures;
import io.trustdm.tree.acl.Acl;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FumoPluginTest {
    private static final String SID = "dm.operator.example";
    private static final String X = "./FUMO/pkg1";
    private final Principal server = Principal.server(SID);
    private final ManagementTree tree = TreeFixtures.tree();
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private final Executor manual = pending::add;
    private final List<FumoResult> reported = new ArrayList<>();
    private final ScriptedAgent agent = new ScriptedAgent();
    private FumoPlugin fumo;

    /** A firmware agent answering scripted result codes and recording its calls. */
    static final class ScriptedAgent implements FirmwareAgent {
        int downloadResult = 200;
        int updateResult = 200;
        final List<String> calls = new ArrayList<>();
        byte[] updateData;
        RuntimeException failure;

        @Override
        public int download(String instance, String pkgUrl) {
            calls.add("download " + instance + " " + pkgUrl);
            if (failure != null) {
                throw failure;
            }
            return downloadResult;
        }

        @Override
        public int update(String instance, byte[] pkgData) {
            calls.add("update " + instance);
            updateData = pkgData;
            return updateResult;
        }
    }

    @BeforeEach
    void setUp() {
        fumo = FumoPlugin.builder(tree, "pkg1", agent, manual, reported::add)
                .acl(Acl.parse("Get=" + SID + "&Replace=" + SID + "&Exec=" + SID))
                .pkgName("ex100")
                .install();
    }

    private void runPending() {
        while (!pending.isEmpty()) {
            pending.poll().run();
        }
    }

    private String state() {
        return tree.get(server, X + "/State").item().text();
    }

    @Test
    void installs_the_fumo_layout() {
        assertThat(tree.inspect(X).orElseThrow().type()).isEqualTo(MoIdentifiers.FUMO);
        assertThat(tree.inspect(X).orElseThrow().children())
                .containsExactly("PkgName", "PkgVersion", "Download", "Update", "DownloadAndUpdate", "State", "Ext");
        assertThat(tree.inspect(X + "/State").orElseThrow().format()).isEqualTo(NodeFormat.INT);
        assertThat(tree.inspect(X + "/Update/PkgData").orElseThrow().format()).isEqualTo(NodeFormat.BIN);
        assertThat(state()).isEqualTo("10");
    }

    @Test
    void exec_on_download_and_update_answers_202_and_reports_the_result_with_the_correlator() {
        tree.replace(server, X + "/DownloadAndUpdate/PkgURL", NodeContent.text("https://fw.example.com/4.3.0.dd"));
        assertThat(tree.exec(server, X + "/DownloadAndUpdate", null, "corr-7731")
                        .status())
                .isEqualTo(202);
        assertThat(state()).isEqualTo("30");
        assertThat(reported).isEmpty();

        runPending();

        assertThat(agent.calls).containsExactly("download pkg1 https://fw.example.com/4.3.0.dd", "update pkg1");
        assertThat(state()).isEqualTo("100");
        FumoResult r = reported.get(0);
        assertThat(r.resultCode()).isEqualTo(200);
        assertThat(r.sourceUri()).isEqualTo(X);
        assertThat(r.correlator()).isEqualTo("corr-7731");
        assertThat(r.alertType()).isEqualTo("org.openmobilealliance.dm.firmwareupdate.downloadandupdate");
        assertThat(r.state()).isEqualTo(FumoState.UPDATE_SUCCESSFUL_NO_DATA);
        assertThat(r.mark()).isNull();
    }

    @Test
    void a_failed_download_ends_in_state_20_and_reports_a_critical_alert() {
        agent.downloadResult = FumoResult.DOWNLOAD_FAILED_NETWORK;
        tree.replace(server, X + "/DownloadAndUpdate/PkgURL", NodeContent.text("https://fw.example.com/x"));
        tree.exec(server, X + "/DownloadAndUpdate", null, null);
        runPending();
        assertThat(state()).isEqualTo("20");
        assertThat(agent.calls).hasSize(1);
        FumoResult r = reported.get(0);
        assertThat(r.resultCode()).isEqualTo(503);
        assertThat(r.correlator()).isNull();
        assertThat(r.mark()).isEqualTo("critical");
    }

    @Test
    void a_failed_update_ends_in_state_80() {
        agent.updateResult = FumoResult.UPDATE_FAILED;
        tree.replace(server, X + "/DownloadAndUpdate/PkgURL", NodeContent.text("https://fw.example.com/x"));
        tree.exec(server, X + "/DownloadAndUpdate", null, null);
        runPending();
        assertThat(state()).isEqualTo("80");
        assertThat(reported.get(0).resultCode()).isEqualTo(410);
    }

    @Test
    void download_then_update_reports_each_operation() {
        tree.replace(server, X + "/Download/PkgURL", NodeContent.text("https://fw.example.com/x"));
        assertThat(tree.exec(server, X + "/Download", null, "c1").status()).isEqualTo(202);
        runPending();
        assertThat(state()).isEqualTo("40");
        assertThat(reported.get(0).alertType()).endsWith(".download");
        assertThat(tree.exec(server, X + "/Update", null, "c2").status()).isEqualTo(202);
        assertThat(state()).isEqualTo("60");
        runPending();
        assertThat(state()).isEqualTo("100");
        assertThat(agent.updateData).isNull();
        assertThat(reported.get(1).alertType()).endsWith(".update");
        assertThat(reported.get(1).correlator()).isEqualTo("c2");
    }

    @Test
    void update_installs_the_package_the_server_wrote_to_pkg_data() {
        byte[] pkg = {1, 2, 3, 4};
        assertThat(tree.replace(server, X + "/Update/PkgData", NodeContent.binary("application/octet-stream", pkg))
                        .status())
                .isEqualTo(200);
        assertThat(tree.exec(server, X + "/Update", null, null).status()).isEqualTo(202);
        runPending();
        assertThat(agent.updateData).containsExactly(1, 2, 3, 4);
    }

    @Test
    void an_exec_while_another_operation_runs_answers_403() {
        tree.replace(server, X + "/DownloadAndUpdate/PkgURL", NodeContent.text("https://fw.example.com/x"));
        tree.exec(server, X + "/DownloadAndUpdate", null, null);
        assertThat(tree.exec(server, X + "/DownloadAndUpdate", null, null).status())
                .isEqualTo(403);
        runPending();
        assertThat(reported).hasSize(1);
    }

    @Test
    void exec_without_a_package_answers_403() {
        assertThat(tree.exec(server, X + "/DownloadAndUpdate", null, null).status())
                .isEqualTo(403);
        assertThat(tree.exec(server, X + "/Update", null, null).status()).isEqualTo(403);
        assertThat(pending).isEmpty();
    }

    @Test
    void a_server_without_the_exec_right_gets_425() {
        tree.replace(server, X + "/DownloadAndUpdate/PkgURL", NodeContent.text("https://fw.example.com/x"));
        assertThat(tree.exec(TreeFixtures.B, X + "/DownloadAndUpdate", null, null)
                        .status())
                .isEqualTo(425);
        assertThat(pending).isEmpty();
    }

    @Test
    void without_an_acl_no_server_may_update_firmware() {
        ManagementTree t = TreeFixtures.tree();
        FumoPlugin.builder(t, "fw", agent, manual, reported::add).install();
        t.replace(Principal.LOCAL, "./FUMO/fw/DownloadAndUpdate/PkgURL", NodeContent.text("https://x"));
        assertThat(t.exec(server, "./FUMO/fw/DownloadAndUpdate", null, null).status())
                .isEqualTo(425);
    }

    @Test
    void state_is_read_only_and_not_executable() {
        assertThat(tree.replace(server, X + "/State", NodeContent.leaf(NodeFormat.INT, null, "100"))
                        .status())
                .isEqualTo(405);
        assertThat(tree.exec(server, X + "/State", null, null).status()).isEqualTo(405);
        assertThat(tree.exec(server, X + "/PkgName", null, null).status()).isEqualTo(405);
        assertThat(tree.delete(server, X).status()).isEqualTo(425);
    }

    @Test
    void pkg_data_cannot_be_read_back() {
        assertThat(tree.get(server, X + "/Update/PkgData").status()).isEqualTo(405);
    }

    @Test
    void an_agent_that_throws_is_reported_as_undefined_error() {
        agent.failure = new IllegalStateException("disk on fire");
        tree.replace(server, X + "/Download/PkgURL", NodeContent.text("https://fw.example.com/x"));
        tree.exec(server, X + "/Download", null, null);
        runPending();
        assertThat(reported.get(0).resultCode()).isEqualTo(FumoResult.UNDEFINED_ERROR);
        assertThat(state()).isEqualTo("20");
    }

    @Test
    void a_rejected_job_answers_503_and_leaves_the_state_alone() {
        ManagementTree t = TreeFixtures.tree();
        Executor full = r -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        };
        FumoPlugin p = FumoPlugin.builder(t, "fw", agent, full, reported::add).install();
        t.replace(Principal.LOCAL, "./FUMO/fw/Download/PkgURL", NodeContent.text("https://x"));
        assertThat(t.exec(Principal.LOCAL, "./FUMO/fw/Download", null, null).status())
                .isEqualTo(503);
        assertThat(p.state()).isEqualTo(FumoState.IDLE);
    }

    @Test
    void alert_types_can_use_the_urn_spelling() {
        ManagementTree t = TreeFixtures.tree();
        FumoPlugin.builder(t, "fw", agent, Runnable::run, reported::add)
                .alertNaming(FumoAlertNaming.URN)
                .install();
        t.replace(Principal.LOCAL, "./FUMO/fw/DownloadAndUpdate/PkgURL", NodeContent.text("https://x"));
        assertThat(t.exec(Principal.LOCAL, "./FUMO/fw/DownloadAndUpdate", null, "k")
                        .status())
                .isEqualTo(202);
        assertThat(reported.get(0).alertType()).isEqualTo("urn:oma:at:fumo:1.0:downloadandupdate");
    }

    @Test
    void the_result_converts_to_a_generic_alert() {
        FumoResult r = new FumoResult(
                402,
                X,
                FumoAlertNaming.REVERSED_DOMAIN.alertType(FumoOperation.DOWNLOAD_AND_UPDATE),
                "corr-7731",
                FumoOperation.DOWNLOAD_AND_UPDATE,
                FumoState.UPDATE_FAILED_NO_DATA);
        Alert alert = r.toGenericAlert("2");
        assertThat(alert.code()).isEqualTo(AlertCode.GENERIC_ALERT);
        assertThat(alert.correlator()).isEqualTo("corr-7731");
        Item item = alert.items().get(0);
        assertThat(item.source().locUri()).isEqualTo(X);
        assertThat(item.meta().type()).isEqualTo("org.openmobilealliance.dm.firmwareupdate.downloadandupdate");
        assertThat(item.meta().format()).isEqualTo("int");
        assertThat(item.meta().mark()).isEqualTo("critical");
        assertThat(item.data().asText()).isEqualTo("402");
    }

    @Test
    void vendor_success_codes_count_as_success() {
        agent.updateResult = 260;
        tree.replace(server, X + "/DownloadAndUpdate/PkgURL", NodeContent.text("https://x"));
        tree.exec(server, X + "/DownloadAndUpdate", null, null);
        runPending();
        assertThat(reported.get(0).isSuccess()).isTrue();
        assertThat(fumo.state()).isEqualTo(FumoState.UPDATE_SUCCESSFUL_NO_DATA);
    }
}
