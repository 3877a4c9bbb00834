package io.trustdm.protocol.message;

import java.util.List;
import java.util.Objects;

/** Delete: removes nodes with their whole subtree. */
public record Delete(String cmdId, boolean noResp, Cred cred, Meta meta, List<Item> items) implements ItemCommand {
    public Delete {
        Objects.requireNonNull(cmdId, "cmdId");
        items = List.copyOf(items);
    }

    public static Delete of(String cmdId, Item... items) {
        return new Delete(cmdId, false, null, null, List.of(items));
    }

    @Override
    public String name() {
        return "Delete";
    }
}
