package io.trustdm.protocol.message;

import java.util.List;
import java.util.Objects;

/**
 * Exec: runs an executable node. A long operation answers 202 and reports later with a Generic Alert (1226) that
 * echoes {@code correlator}.
 */
public record Exec(String cmdId, boolean noResp, Cred cred, Meta meta, String correlator, List<Item> items)
        implements Command {
    public Exec {
        Objects.requireNonNull(cmdId, "cmdId");
        items = List.copyOf(items);
    }

    public static Exec of(String cmdId, String correlator, Item item) {
        return new Exec(cmdId, false, null, null, correlator, List.of(item));
    }

    @Override
    public String name() {
        return "Exec";
    }
}
