package io.trustdm.protocol.message;

import java.util.List;
import java.util.Objects;

/** Replace: overwrites the value (or, with {@code ?prop=}, a property) of existing nodes; never creates one. */
public record Replace(String cmdId, boolean noResp, Cred cred, Meta meta, List<Item> items) implements ItemCommand {
    public Replace {
        Objects.requireNonNull(cmdId, "cmdId");
        items = List.copyOf(items);
    }

    public static Replace of(String cmdId, Item... items) {
        return new Replace(cmdId, false, null, null, List.of(items));
    }

    @Override
    public String name() {
        return "Replace";
    }
}
