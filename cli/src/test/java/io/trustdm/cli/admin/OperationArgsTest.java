package io.trustdm.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.server.api.OperationSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class OperationArgsTest {

    private static AdminFailure usage(Runnable r) {
        try {
            r.run();
        } catch (AdminFailure f) {
            assertThat(f.exitCode()).isEqualTo(AdminFailure.USAGE);
            return f;
        }
        throw new AssertionError("expected a usage failure");
    }

    @Test
    void replace_value_starts_after_the_first_equals_sign() {
        OperationSpec s = OperationArgs.replace("./a=b=c");
        assertThat(s.op()).isEqualTo("Replace");
        assertThat(s.target()).isEqualTo("./a");
        assertThat(s.data()).isEqualTo("b=c");
        assertThat(OperationArgs.replace("./a=").data()).isEmpty();
    }

    @Test
    void replace_and_copy_need_an_equals_sign_add_and_exec_do_not() {
        assertThat(usage(() -> OperationArgs.replace("./a")).getMessage()).contains("--replace needs PATH=VALUE");
        assertThat(usage(() -> OperationArgs.copy("./a")).getMessage()).contains("--copy needs PATH=VALUE");
        assertThat(OperationArgs.add("./Vendor/Node").data()).isNull();
        assertThat(OperationArgs.exec("./Vendor/Reboot").data()).isNull();
        assertThat(OperationArgs.exec("./FUMO/Update=pkg=1").data()).isEqualTo("pkg=1");
    }

    @Test
    void copy_takes_target_then_source_and_validates_both() {
        OperationSpec c = OperationArgs.copy("./Vendor/B=./Vendor/A");
        assertThat(c.target()).isEqualTo("./Vendor/B");
        assertThat(c.source()).isEqualTo("./Vendor/A");
        assertThat(usage(() -> OperationArgs.copy("./Vendor/B=Vendor/A")).getMessage())
                .contains("--copy source")
                .contains("absolute");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DevInfo/Man", "./", "./a//b", "./a/", "./a/../b", "./a/./b", "./a b", "/DevInfo", ""})
    void malformed_paths_are_usage_errors(String path) {
        assertThat(usage(() -> OperationArgs.get(path)).getMessage()).startsWith("--get");
    }

    @Test
    void well_formed_paths_pass() {
        assertThat(OperationArgs.get(".").target()).isEqualTo(".");
        assertThat(OperationArgs.get("./DevInfo/Ext/a-b_c.d").target()).isEqualTo("./DevInfo/Ext/a-b_c.d");
        assertThat(usage(() -> OperationArgs.get("./" + "a".repeat(1100))).getMessage())
                .contains("1024");
    }

    @Test
    void atomic_with_a_get_is_refused_locally_with_the_servers_rule() {
        List<OperationSpec> ops = List.of(OperationArgs.get("./a"), OperationArgs.replace("./b=1"));
        assertThat(usage(() -> OperationArgs.grouped("Atomic", ops)).getMessage())
                .contains("Atomic may hold only");
        List<OperationSpec> seq = OperationArgs.grouped("Sequence", ops);
        assertThat(seq).hasSize(1);
        assertThat(seq.get(0).operations()).isEqualTo(ops);
    }

    @Test
    void job_options_keep_command_line_order_across_kinds() {
        JobsCommand.Add add = new JobsCommand.Add();
        new CommandLine(add)
                .parseArgs(
                        "--dev-id", "IMEI:1",
                        "--get", "./A",
                        "--replace", "./B=x=y",
                        "--get", "./C",
                        "--delete", "./D",
                        "--copy", "./E=./A",
                        "--exec", "./F");
        assertThat(add.operations())
                .extracting(OperationSpec::op, OperationSpec::target)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Get", "./A"),
                        org.assertj.core.groups.Tuple.tuple("Replace", "./B"),
                        org.assertj.core.groups.Tuple.tuple("Get", "./C"),
                        org.assertj.core.groups.Tuple.tuple("Delete", "./D"),
                        org.assertj.core.groups.Tuple.tuple("Copy", "./E"),
                        org.assertj.core.groups.Tuple.tuple("Exec", "./F"));
        assertThat(add.operations().get(1).data()).isEqualTo("x=y");
    }

    @Test
    void atomic_wraps_every_operation_and_atomic_with_sequence_is_a_parse_error() {
        JobsCommand.Add add = new JobsCommand.Add();
        new CommandLine(add).parseArgs("--dev-id", "IMEI:1", "--atomic", "--replace", "./B=1", "--add", "./C=2");
        List<OperationSpec> ops = add.operations();
        assertThat(ops).hasSize(1);
        assertThat(ops.get(0).op()).isEqualTo("Atomic");
        assertThat(ops.get(0).operations()).extracting(OperationSpec::op).containsExactly("Replace", "Add");

        assertThatThrownBy(() -> new CommandLine(new JobsCommand.Add())
                        .parseArgs("--dev-id", "IMEI:1", "--atomic", "--sequence", "--get", "./A"))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> new CommandLine(new JobsCommand.Add()).parseArgs("--dev-id", "IMEI:1"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }
}
