package io.trustdm.server.api;

import java.util.List;

/**
 * What the Device answered to one top-level command of a job: its SyncML status (-1 when it never answered) and the
 * values of its Results.
 */
public record CommandOutcome(int index, String command, int status, List<ResultValue> results) {
    public CommandOutcome {
        results = List.copyOf(results);
    }

    /** 2xx: the Device executed the command. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
