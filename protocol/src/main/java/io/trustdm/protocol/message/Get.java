package io.trustdm.protocol.message;

import java.util.List;
import java.util.Objects;

/** Get: reads values, child lists ({@code ?list=}) or properties ({@code ?prop=}); answered by Status then Results. */
public record Get(String cmdId, boolean noResp, Cred cred, Meta meta, List<Item> items) implements ItemCommand {
    public Get {
        Objects.requireNonNull(cmdId, "cmdId");
        items = List.copyOf(items);
    }

    public static Get of(String cmdId, Item... items) {
        return new Get(cmdId, false, null, null, List.of(items));
    }

    @Override
    public String name() {
        return "Get";
    }
}
