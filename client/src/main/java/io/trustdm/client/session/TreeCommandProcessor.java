package io.trustdm.client.session;

import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.Atomic;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemCommand;
import io.trustdm.protocol.message.Results;
import io.trustdm.protocol.message.Sequence;
import io.trustdm.protocol.message.Status;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.Principal;
import io.trustdm.tree.ResultItem;
import io.trustdm.tree.TreeCommands;
import io.trustdm.tree.TreeResult;
import io.trustdm.tree.TreeTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Executes server commands on the Device's {@link ManagementTree}, as the ServerID of the session (Management Trust
 * is enforced by the tree's ACLs). Atomic runs in a tree transaction: one failing child rolls everything back
 * (the failing child keeps its error, executed children answer 216, the rest 215, the Atomic 507); Get, Exec,
 * Atomic and Sequence inside an Atomic fail it with 500 (OMA-TS-DM_RepPro §4.1.6.3). Sequence runs in order and a
 * cancelled or refused UI alert makes the rest 215.
 */
public final class TreeCommandProcessor implements CommandProcessor {
    private final ManagementTree tree;
    private final TreeCommands commands;
    private final boolean opaqueBinary;

    /**
     * @param opaqueBinary answer binary values as opaque bytes (WBXML sessions) rather than base64 text (XML)
     */
    public TreeCommandProcessor(ManagementTree tree, boolean opaqueBinary) {
        this.tree = Objects.requireNonNull(tree, "tree");
        this.commands = new TreeCommands(tree);
        this.opaqueBinary = opaqueBinary;
    }

    @Override
    public List<Command> execute(Command c, CommandContext ctx) {
        Principal who = Principal.server(ctx.serverId());
        List<Command> out = new ArrayList<>();
        if (c instanceof Atomic a) {
            atomic(a, who, ctx, out);
        } else if (c instanceof Sequence s) {
            sequence(s, who, ctx, out);
        } else {
            single(c, who, ctx, out);
        }
        return out;
    }

    /** Runs one non-container command; returns its status code (the first item's, for multi-item commands). */
    private int single(Command c, Principal who, CommandContext ctx, List<Command> out) {
        if (c instanceof ItemCommand ic) {
            return items(ic, who, ctx, out);
        }
        if (c instanceof Exec e) {
            if (e.items().isEmpty()) {
                out.add(status(ctx, c, StatusCode.INCOMPLETE_COMMAND, null));
                return StatusCode.INCOMPLETE_COMMAND;
            }
            TreeResult r = commands.exec(who, e, e.items().get(0));
            out.add(status(
                    ctx,
                    c,
                    r.status(),
                    e.items().get(0).target() == null
                            ? null
                            : e.items().get(0).target().locUri()));
            return r.status();
        }
        if (c instanceof Alert a && AlertCode.isUserInteraction(a.code())) {
            Status st = userAlert(a, ctx);
            out.add(st);
            return st.code();
        }
        out.add(status(ctx, c, StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, null));
        return StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED;
    }

    private int items(ItemCommand ic, Principal who, CommandContext ctx, List<Command> out) {
        Map<Integer, List<Item>> byCode = new LinkedHashMap<>();
        List<Item> results = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        int first = -1;
        List<Status> perItem = new ArrayList<>();
        for (Item item : ic.items()) {
            TreeResult r = commands.execute(who, ic, item);
            if (first < 0) {
                first = r.status();
            }
            byCode.computeIfAbsent(r.status(), k -> new ArrayList<>()).add(item);
            String t = item.target() == null ? null : item.target().locUri();
            targets.add(t);
            List<Item> failedAncestor = r.failedUri() == null ? List.of() : List.of(Item.data(r.failedUri()));
            perItem.add(new Status(
                    "0",
                    ctx.msgId(),
                    ic.cmdId(),
                    ic.name(),
                    t == null ? List.of() : List.of(t),
                    List.of(),
                    null,
                    null,
                    Integer.toString(r.status()),
                    failedAncestor));
            if (ic instanceof Get && r.isSuccess()) {
                for (ResultItem ri : r.items()) {
                    results.add(ri.toItem(opaqueBinary));
                }
            }
        }
        if (byCode.size() == 1 && perItem.stream().allMatch(s -> s.items().isEmpty())) {
            // S-REP: when every item got the same code one Status may cover them all
            List<String> refs = targets.stream().filter(Objects::nonNull).toList();
            out.add(new Status(
                    "0",
                    ctx.msgId(),
                    ic.cmdId(),
                    ic.name(),
                    refs,
                    List.of(),
                    null,
                    null,
                    Integer.toString(first),
                    List.of()));
        } else {
            out.addAll(perItem);
        }
        if (!results.isEmpty()) {
            out.add(new Results("0", ctx.msgId(), ic.cmdId(), null, null, null, results));
        }
        return byCode.size() == 1 ? first : firstFailure(byCode);
    }

    private static int firstFailure(Map<Integer, List<Item>> byCode) {
        for (int code : byCode.keySet()) {
            if (!StatusCode.isSuccess(code)) {
                return code;
            }
        }
        return StatusCode.OK;
    }

    private void atomic(Atomic a, Principal who, CommandContext ctx, List<Command> out) {
        for (Command k : a.commands()) {
            if (k instanceof Get || k instanceof Exec || k instanceof Atomic || k instanceof Sequence) {
                out.add(status(ctx, a, StatusCode.COMMAND_FAILED, null));
                for (Command each : a.commands()) {
                    out.add(status(ctx, each, StatusCode.NOT_EXECUTED, null));
                }
                return;
            }
        }
        int statusIndex = out.size();
        out.add(null); // the Atomic's own Status comes first, filled in below
        List<Command> children = new ArrayList<>();
        List<Integer> executedAt = new ArrayList<>();
        boolean failed = false;
        try (TreeTransaction tx = tree.beginTransaction()) {
            for (Command k : a.commands()) {
                if (failed) {
                    children.add(status(ctx, k, StatusCode.NOT_EXECUTED, null));
                    continue;
                }
                List<Command> kid = new ArrayList<>();
                int code = single(k, who, ctx, kid);
                boolean ok = StatusCode.isSuccess(code) && code != StatusCode.OPERATION_CANCELLED;
                if (!ok || (k instanceof Alert && code == StatusCode.NOT_MODIFIED)) {
                    failed = true;
                    children.addAll(kid);
                } else {
                    executedAt.add(children.size());
                    children.addAll(kid);
                }
            }
            if (failed) {
                tx.rollback();
                for (int i : executedAt) {
                    Status s = (Status) children.get(i);
                    children.set(i, s.withCode(StatusCode.ATOMIC_ROLL_BACK_OK));
                }
                out.set(statusIndex, status(ctx, a, StatusCode.ATOMIC_FAILED, null));
            } else {
                tx.commit();
                out.set(statusIndex, status(ctx, a, StatusCode.OK, null));
            }
        }
        out.addAll(children);
    }

    private void sequence(Sequence s, Principal who, CommandContext ctx, List<Command> out) {
        out.add(status(ctx, s, StatusCode.OK, null));
        boolean stopped = false;
        for (Command k : s.commands()) {
            if (stopped) {
                out.add(status(ctx, k, StatusCode.NOT_EXECUTED, null));
                continue;
            }
            int code;
            if (k instanceof Atomic a) {
                List<Command> kid = new ArrayList<>();
                atomic(a, who, ctx, kid);
                out.addAll(kid);
                code = ((Status) kid.get(0)).code();
            } else if (k instanceof Sequence inner) {
                sequence(inner, who, ctx, out);
                code = StatusCode.OK;
            } else {
                code = single(k, who, ctx, out);
            }
            if (k instanceof Alert && (code == StatusCode.OPERATION_CANCELLED || code == StatusCode.NOT_MODIFIED)) {
                stopped = true;
            }
        }
    }

    private Status userAlert(Alert a, CommandContext ctx) {
        List<Item> items = a.items();
        if (items.size() < 2) {
            return status(ctx, a, StatusCode.INCOMPLETE_COMMAND, null);
        }
        List<String> choices = new ArrayList<>();
        for (int i = 2; i < items.size(); i++) {
            choices.add(text(items.get(i)));
        }
        UserInteraction.Answer ans = ctx.userInteraction()
                .ask(new UserInteraction.Request(
                        a.code(), ManagementSession.parseOptions(text(items.get(0))), text(items.get(1)), choices));
        List<Item> out = new ArrayList<>();
        for (String s : ans.items()) {
            out.add(Item.data(s));
        }
        return new Status(
                "0",
                ctx.msgId(),
                a.cmdId(),
                "Alert",
                List.of(),
                List.of(),
                null,
                null,
                Integer.toString(ans.status()),
                out);
    }

    private static String text(Item i) {
        return i.data() == null ? "" : i.data().asText();
    }

    private static Status status(CommandContext ctx, Command c, int code, String target) {
        List<String> targets = new ArrayList<>();
        if (target != null) {
            targets.add(target);
        } else {
            List<Item> items = c instanceof ItemCommand ic ? ic.items() : c instanceof Exec e ? e.items() : List.of();
            for (Item i : items) {
                if (i.target() != null) {
                    targets.add(i.target().locUri());
                }
            }
        }
        return new Status(
                "0",
                ctx.msgId(),
                c.cmdId(),
                c.name(),
                targets,
                List.of(),
                null,
                null,
                Integer.toString(code),
                List.of());
    }
}
