package io.trustdm.protocol.message;

import java.util.ArrayList;
import java.util.List;

/**
 * Assigns CmdIDs when a message is assembled. CmdIDs are unique within one message (OMA-TS-DM_RepPro §4.1.1.4);
 * senders number 1, 2, 3 ... in document order, children of Atomic and Sequence included, and restart in every
 * message. NoResp and command-level Cred are dropped: DM uses neither.
 */
public final class CmdIds {
    private CmdIds() {}

    /** The commands with CmdIDs 1, 2, 3 ... in message order. */
    public static List<Command> renumber(List<Command> commands) {
        int[] next = {1};
        List<Command> out = new ArrayList<>(commands.size());
        for (Command c : commands) {
            out.add(renumber(c, next));
        }
        return out;
    }

    private static Command renumber(Command c, int[] next) {
        String id = Integer.toString(next[0]++);
        if (c instanceof Status s) {
            return s.withCmdId(id);
        } else if (c instanceof Results r) {
            return new Results(id, r.msgRef(), r.cmdRef(), r.meta(), r.targetRef(), r.sourceRef(), r.items());
        } else if (c instanceof Alert a) {
            return new Alert(id, false, null, a.data(), a.correlator(), a.items());
        } else if (c instanceof Add a) {
            return new Add(id, false, null, a.meta(), a.items());
        } else if (c instanceof Replace r) {
            return new Replace(id, false, null, r.meta(), r.items());
        } else if (c instanceof Delete d) {
            return new Delete(id, false, null, d.meta(), d.items());
        } else if (c instanceof Get g) {
            return new Get(id, false, null, g.meta(), g.items());
        } else if (c instanceof Copy cp) {
            return new Copy(id, false, null, cp.meta(), cp.items());
        } else if (c instanceof Exec e) {
            return new Exec(id, false, null, e.meta(), e.correlator(), e.items());
        } else if (c instanceof Atomic a) {
            List<Command> kids = new ArrayList<>();
            for (Command k : a.commands()) {
                kids.add(renumber(k, next));
            }
            return new Atomic(id, false, a.meta(), kids);
        } else if (c instanceof Sequence s) {
            List<Command> kids = new ArrayList<>();
            for (Command k : s.commands()) {
                kids.add(renumber(k, next));
            }
            return new Sequence(id, false, s.meta(), kids);
        } else if (c instanceof UnsupportedCommand u) {
            return new UnsupportedCommand(u.name(), id);
        }
        throw new IllegalStateException("unknown command " + c.getClass());
    }
}
