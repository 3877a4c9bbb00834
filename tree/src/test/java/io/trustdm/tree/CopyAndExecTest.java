package io.trustdm.tree;

import static io.trustdm.tree.TreeFixtures.A;
import static io.trustdm.tree.TreeFixtures.B;
import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.ItemData;
import io.trustdm.tree.acl.Acl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CopyAndExecTest {
    private final ManagementTree tree = TreeFixtures.tree();
    private final String a = AddTest.idOf(A);

    @BeforeEach
    void setUp() {
        tree.define("./Org", NodeDefinition.interior(null).withAcl(Acl.parse("Add=*&Get=*&Replace=*&Exec=" + a)));
        tree.define("./Org/Src", NodeDefinition.leaf(NodeFormat.INT, "text/plain", bytes("42")));
        tree.define("./Org/Dst", NodeDefinition.text("old"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void copy_overwrites_the_target_value_format_and_type() {
        assertThat(tree.copy(A, "./Org/Src", "./Org/Dst").status()).isEqualTo(200);
        NodeSnapshot dst = tree.inspect("./Org/Dst").orElseThrow();
        assertThat(dst.valueText()).isEqualTo("42");
        assertThat(dst.format()).isEqualTo(NodeFormat.INT);
        assertThat(dst.verNo()).isEqualTo(1);
    }

    @Test
    void copy_and_original_are_independent_afterwards() {
        tree.copy(A, "./Org/Src", "./Org/Dst");
        tree.replace(A, "./Org/Src", NodeContent.leaf(NodeFormat.INT, null, "7"));
        assertThat(tree.inspect("./Org/Dst").orElseThrow().valueText()).isEqualTo("42");
    }

    @Test
    void copy_with_a_missing_source_or_target_answers_404() {
        TreeResult r = tree.copy(A, "./Org/Nothing", "./Org/Dst");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.failedUri()).isEqualTo("./Org/Nothing");
        assertThat(tree.copy(A, "./Org/Src", "./Org/New").status()).isEqualTo(404);
        assertThat(tree.inspect("./Org/New")).isEmpty();
    }

    @Test
    void copy_works_from_leaf_to_leaf_only() {
        assertThat(tree.copy(A, "./Org", "./Org/Dst").status()).isEqualTo(405);
        assertThat(tree.copy(A, "./Org/Src", "./Org").status()).isEqualTo(405);
    }

    @Test
    void copy_needs_get_on_the_source_and_replace_on_the_target() {
        tree.replace(Principal.LOCAL, "./Org/Src?prop=ACL", NodeContent.text("Get=" + a));
        assertThat(tree.copy(B, "./Org/Src", "./Org/Dst").status()).isEqualTo(425);
        tree.replace(Principal.LOCAL, "./Org/Dst?prop=ACL", NodeContent.text("Get=*"));
        assertThat(tree.copy(A, "./Org/Src", "./Org/Dst").status()).isEqualTo(425);
        assertThat(tree.inspect("./Org/Dst").orElseThrow().valueText()).isEqualTo("old");
    }

    @Test
    void copy_cannot_read_a_node_without_get_access() {
        tree.define("./Org/Secret", NodeDefinition.text("s3cr3t").withAccessTypes(AccessType.only(AccessType.REPLACE)));
        assertThat(tree.copy(A, "./Org/Secret", "./Org/Dst").status()).isEqualTo(405);
        assertThat(tree.inspect("./Org/Dst").orElseThrow().valueText()).isEqualTo("old");
    }

    @Test
    void copy_onto_a_target_that_cannot_be_overwritten_answers_403() {
        tree.define("./Org/ReadOnly", NodeDefinition.text("ro").withAccessTypes(AccessType.only(AccessType.GET)));
        assertThat(tree.copy(A, "./Org/Src", "./Org/ReadOnly").status()).isEqualTo(403);
    }

    @Test
    void copy_of_properties_answers_405() {
        assertThat(tree.copy(A, "./Org/Src?prop=ACL", "./Org/Dst").status()).isEqualTo(405);
    }

    /** A plug-in recording its Exec calls and serving a live value. */
    private static final class Recorder implements ManagementObjectPlugin {
        final List<ExecRequest> calls = new ArrayList<>();
        int answer = 202;

        @Override
        public DmUri root() {
            return DmUri.parse("./Org");
        }

        @Override
        public Optional<byte[]> currentValue(DmUri leaf) {
            return leaf.name().equals("Src") ? Optional.of(bytes("99")) : Optional.empty();
        }

        @Override
        public int exec(ExecRequest request) {
            calls.add(request);
            return answer;
        }
    }

    @Test
    void exec_hands_the_request_with_data_and_correlator_to_the_owning_plugin() {
        Recorder plugin = new Recorder();
        tree.registerPlugin(plugin);
        TreeResult r = tree.exec(A, "./Org/Dst", new NodeContent("chr", "text/plain", ItemData.text("arg")), "c-1");
        assertThat(r.status()).isEqualTo(202);
        ExecRequest req = plugin.calls.get(0);
        assertThat(req.target()).isEqualTo(DmUri.parse("./Org/Dst"));
        assertThat(req.principal()).isEqualTo(A);
        assertThat(req.data().asText()).isEqualTo("arg");
        assertThat(req.correlator()).isEqualTo("c-1");
    }

    @Test
    void exec_answers_the_plugins_status() {
        Recorder plugin = new Recorder();
        plugin.answer = 200;
        tree.registerPlugin(plugin);
        assertThat(tree.exec(A, "./Org/Dst", null, null).status()).isEqualTo(200);
    }

    @Test
    void exec_of_a_node_no_plugin_owns_answers_405() {
        tree.define("./Elsewhere", NodeDefinition.text("x").withAcl(Acl.parse("Exec=*")));
        assertThat(tree.exec(A, "./Elsewhere", null, null).status()).isEqualTo(405);
    }

    @Test
    void exec_of_a_missing_node_answers_404_and_of_a_non_executable_node_405() {
        tree.registerPlugin(new Recorder());
        assertThat(tree.exec(A, "./Org/Nothing", null, null).status()).isEqualTo(404);
        tree.define("./Org/Plain", NodeDefinition.text("x").withAccessTypes(AccessType.only(AccessType.GET)));
        assertThat(tree.exec(A, "./Org/Plain", null, null).status()).isEqualTo(405);
    }

    @Test
    void a_failing_plugin_answers_500_instead_of_throwing() {
        tree.registerPlugin(new ManagementObjectPlugin() {
            @Override
            public DmUri root() {
                return DmUri.parse("./Org");
            }

            @Override
            public int exec(ExecRequest request) {
                throw new IllegalStateException("boom");
            }
        });
        assertThat(tree.exec(A, "./Org/Dst", null, null).status()).isEqualTo(500);
    }

    @Test
    void plugins_serve_dynamic_values_to_get_and_copy() {
        tree.registerPlugin(new Recorder());
        assertThat(tree.get(A, "./Org/Src").item().text()).isEqualTo("99");
        assertThat(tree.get(A, "./Org/Src?prop=Size").item().text()).isEqualTo("2");
        tree.copy(A, "./Org/Src", "./Org/Dst");
        assertThat(tree.inspect("./Org/Dst").orElseThrow().valueText()).isEqualTo("99");
    }

    @Test
    void the_longest_plugin_root_wins() {
        Recorder outer = new Recorder();
        List<ExecRequest> inner = new ArrayList<>();
        tree.registerPlugin(outer);
        tree.registerPlugin(new ManagementObjectPlugin() {
            @Override
            public DmUri root() {
                return DmUri.parse("./Org/Dst");
            }

            @Override
            public int exec(ExecRequest request) {
                inner.add(request);
                return 200;
            }
        });
        tree.exec(A, "./Org/Dst", null, null);
        assertThat(inner).hasSize(1);
        assertThat(outer.calls).isEmpty();
    }
}
