package io.trustdm.protocol.message;

import java.util.List;
import java.util.Objects;

/**
 * Alert: session start (1200/1201), user interaction (1100–1104), next message (1222), abort (1223), client event
 * (1224) or Generic Alert (1226). {@code data} is the alert code; items carry its parameters.
 */
public record Alert(String cmdId, boolean noResp, Cred cred, String data, String correlator, List<Item> items)
        implements Command {
    public Alert {
        Objects.requireNonNull(cmdId, "cmdId");
        items = List.copyOf(items);
    }

    public static Alert of(String cmdId, int code, Item... items) {
        return new Alert(cmdId, false, null, Integer.toString(code), null, List.of(items));
    }

    /** The alert code, or -1 when Data is missing or not a number. */
    public int code() {
        return StatusCode.parseCode(data);
    }

    @Override
    public String name() {
        return "Alert";
    }
}
