package io.trustdm.protocol.message;

import java.util.List;
import java.util.Objects;

/** Copy: copies a leaf value from each item's Source to its Target. */
public record Copy(String cmdId, boolean noResp, Cred cred, Meta meta, List<Item> items) implements ItemCommand {
    public Copy {
        Objects.requireNonNull(cmdId, "cmdId");
        items = List.copyOf(items);
    }

    public static Copy of(String cmdId, Item... items) {
        return new Copy(cmdId, false, null, null, List.of(items));
    }

    @Override
    public String name() {
        return "Copy";
    }
}
