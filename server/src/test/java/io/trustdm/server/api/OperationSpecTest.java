package io.trustdm.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.message.Atomic;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Sequence;
import io.trustdm.security.auth.AuthScheme;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationSpecTest {
    private static OperationSpec group(String op, OperationSpec... children) {
        return new OperationSpec(op, null, null, null, null, null, null, List.of(children));
    }

    @Test
    void replace_becomes_a_replace_command_with_chr_by_default_and_reads_back_the_same() {
        Command c = OperationSpec.of("Replace", "./Settings/Name", "Lab").toCommand();
        assertThat(c).isInstanceOf(Replace.class);
        Replace r = (Replace) c;
        assertThat(r.items().get(0).target().locUri()).isEqualTo("./Settings/Name");
        assertThat(r.items().get(0).meta().format()).isEqualTo("chr");
        OperationSpec back = OperationSpec.from(c);
        assertThat(back.op()).isEqualTo("Replace");
        assertThat(back.target()).isEqualTo("./Settings/Name");
        assertThat(back.data()).isEqualTo("Lab");
    }

    @Test
    void exec_keeps_its_correlator_inside_a_sequence() {
        OperationSpec exec = new OperationSpec("Exec", "./FUMO/1/Update", null, null, null, null, "c-1", null);
        Command c = group("Sequence", exec).toCommand();
        assertThat(c).isInstanceOf(Sequence.class);
        assertThat(((Exec) ((Sequence) c).commands().get(0)).correlator()).isEqualTo("c-1");
        assertThat(OperationSpec.from(c).operations().get(0).correlator()).isEqualTo("c-1");
    }

    @Test
    void atomic_may_hold_add_delete_copy_and_replace() {
        Command c = group(
                        "Atomic",
                        OperationSpec.of("Add", "./A", "1"),
                        OperationSpec.of("Delete", "./B", null),
                        new OperationSpec("Copy", "./C", "./A", null, null, null, null, null),
                        OperationSpec.of("Replace", "./D", "2"))
                .toCommand();
        assertThat(((Atomic) c).commands()).hasSize(4);
    }

    @Test
    void atomic_must_not_hold_get_exec_nested_atomic_or_sequence() {
        for (OperationSpec child : List.of(
                OperationSpec.of("Get", "./A", null),
                OperationSpec.of("Exec", "./A", null),
                group("Atomic", OperationSpec.of("Delete", "./A", null)),
                group("Sequence", OperationSpec.of("Delete", "./A", null)))) {
            assertThatThrownBy(() -> group("Atomic", child).toCommand())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("Atomic");
        }
    }

    @Test
    void sequence_must_not_hold_a_sequence() {
        assertThatThrownBy(() -> group("Sequence", group("Sequence", OperationSpec.of("Get", "./A", null)))
                        .toCommand())
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void targets_must_be_absolute_uris_and_fields_must_fit_the_op() {
        assertThatThrownBy(() -> OperationSpec.of("Get", "DevInfo/Man", null).toCommand())
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> OperationSpec.of("Get", "./A", "data").toCommand())
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> OperationSpec.of("Replace", "./A", null).toCommand())
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new OperationSpec("Copy", "./A", null, null, null, null, null, null).toCommand())
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> OperationSpec.of("Format", "./A", null).toCommand())
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new OperationSpec("Replace", "./A", null, "1", "weird", null, null, null).toCommand())
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void new_device_never_shows_its_passwords() {
        NewDevice d = new NewDevice("IMEI:1", AuthScheme.HMAC, "dev", "pw-client-123", "srv", "pw-server-456", false);
        assertThat(d.toString()).doesNotContain("pw-client-123").doesNotContain("pw-server-456");
    }
}
