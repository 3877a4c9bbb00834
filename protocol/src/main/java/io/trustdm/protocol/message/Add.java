package io.trustdm.protocol.message;

import java.util.List;
import java.util.Objects;

/** Add: creates nodes (interior when Meta Format is {@code node}, else leaves with their value). */
public record Add(String cmdId, boolean noResp, Cred cred, Meta meta, List<Item> items) implements ItemCommand {
    public Add {
        Objects.requireNonNull(cmdId, "cmdId");
        items = List.copyOf(items);
    }

    public static Add of(String cmdId, Item... items) {
        return new Add(cmdId, false, null, null, List.of(items));
    }

    @Override
    public String name() {
        return "Add";
    }
}
