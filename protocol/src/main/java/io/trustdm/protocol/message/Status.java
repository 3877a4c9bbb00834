package io.trustdm.protocol.message;

import java.util.List;
import java.util.Objects;

/**
 * Status: the outcome of one command (or of the SyncHdr, with {@code cmdRef} 0 and {@code cmd} "SyncHdr"). It may
 * carry a challenge for authentication and, in items, user answers or the URI whose implicit Add failed.
 */
public record Status(
        String cmdId,
        String msgRef,
        String cmdRef,
        String cmd,
        List<String> targetRefs,
        List<String> sourceRefs,
        Cred cred,
        Chal chal,
        String data,
        List<Item> items)
        implements Command {

    public Status {
        Objects.requireNonNull(cmdId, "cmdId");
        Objects.requireNonNull(cmdRef, "cmdRef");
        Objects.requireNonNull(cmd, "cmd");
        Objects.requireNonNull(data, "data");
        targetRefs = List.copyOf(targetRefs);
        sourceRefs = List.copyOf(sourceRefs);
        items = List.copyOf(items);
    }

    public static Status of(String cmdId, String msgRef, String cmdRef, String cmd, int code) {
        return new Status(
                cmdId, msgRef, cmdRef, cmd, List.of(), List.of(), null, null, Integer.toString(code), List.of());
    }

    /** This Status with another CmdID (messages number their commands when they are assembled). */
    public Status withCmdId(String id) {
        return new Status(id, msgRef, cmdRef, cmd, targetRefs, sourceRefs, cred, chal, data, items);
    }

    /** This Status with another code. */
    public Status withCode(int code) {
        return new Status(
                cmdId, msgRef, cmdRef, cmd, targetRefs, sourceRefs, cred, chal, Integer.toString(code), items);
    }

    /** This Status with other items. */
    public Status withItems(List<Item> newItems) {
        return new Status(cmdId, msgRef, cmdRef, cmd, targetRefs, sourceRefs, cred, chal, data, newItems);
    }

    /** The status code, or -1 when Data is not a number. */
    public int code() {
        return StatusCode.parseCode(data);
    }

    @Override
    public String name() {
        return "Status";
    }
}
