package io.trustdm.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CmdIdsTest {
    @Test
    void numbers_every_command_in_document_order_including_container_children() {
        List<Command> in = List.of(
                Status.of("x", "1", "0", "SyncHdr", 200),
                Atomic.of("y", Add.of("z", Item.target("./a")), Replace.of("z", Item.target("./b"))),
                Get.of("q", Item.target("./c")));
        List<Command> out = CmdIds.renumber(in);
        assertThat(out.get(0).cmdId()).isEqualTo("1");
        Atomic a = (Atomic) out.get(1);
        assertThat(a.cmdId()).isEqualTo("2");
        assertThat(a.commands()).extracting(Command::cmdId).containsExactly("3", "4");
        assertThat(out.get(2).cmdId()).isEqualTo("5");
        assertThat(((Status) out.get(0)).cmdRef()).as("references are kept").isEqualTo("0");
    }
}
