package io.trustdm.protocol.message;

import java.util.List;
import java.util.Objects;

/** Results: the values read by a Get; follows the Status of that Get. Items name what was read in their Source. */
public record Results(
        String cmdId, String msgRef, String cmdRef, Meta meta, String targetRef, String sourceRef, List<Item> items)
        implements Command {
    public Results {
        Objects.requireNonNull(cmdId, "cmdId");
        Objects.requireNonNull(cmdRef, "cmdRef");
        items = List.copyOf(items);
    }

    @Override
    public String name() {
        return "Results";
    }
}
