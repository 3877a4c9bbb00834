package io.trustdm.server.api;

import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Atomic;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Copy;
import io.trustdm.protocol.message.Delete;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemCommand;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Sequence;
import io.trustdm.protocol.message.Source;
import io.trustdm.protocol.message.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One operation of a job as an operator writes it: {@code op} is Get, Replace, Add, Delete, Exec, Copy, Atomic or
 * Sequence; item operations name one {@code target} URI; Replace/Add carry {@code data} with an optional
 * {@code format} (default chr) and {@code type}; Exec may carry {@code data} and a {@code correlator} (echoed by the
 * Device's Generic Alert); Copy names its {@code source}; Atomic and Sequence hold {@code operations}.
 *
 * <p>The container rules of OMA-TS-DM_RepPro §6.6 are checked here, before anything is queued: Atomic holds only
 * Add, Delete, Copy and Replace (no Get, no Exec, no nested Atomic), Sequence holds no Sequence.
 */
public record OperationSpec(
        String op,
        String target,
        String source,
        String data,
        String format,
        String type,
        String correlator,
        List<OperationSpec> operations) {

    private static final Set<String> IN_ATOMIC = Set.of("Add", "Delete", "Copy", "Replace");
    private static final Set<String> FORMATS =
            Set.of("chr", "int", "bool", "bin", "b64", "node", "xml", "date", "time", "float", "null");

    public OperationSpec {
        operations = operations == null ? List.of() : List.copyOf(operations);
    }

    /** An item operation on one target. */
    public static OperationSpec of(String op, String target, String data) {
        return new OperationSpec(op, target, null, data, null, null, null, null);
    }

    /** The SyncML command for this operation (CmdIDs are assigned at delivery). */
    public Command toCommand() {
        return toCommand(null);
    }

    private Command toCommand(String parent) {
        if (op == null) {
            throw new InvalidInputException("every operation needs \"op\"");
        }
        switch (op) {
            case "Atomic", "Sequence" -> {
                if (operations.isEmpty()) {
                    throw new InvalidInputException(op + " needs at least one operation");
                }
                if (target != null || source != null || data != null || correlator != null) {
                    throw new InvalidInputException(op + " holds operations, not a target or data");
                }
                if (parent != null && (op.equals(parent) || "Atomic".equals(parent))) {
                    throw new InvalidInputException(op + " cannot be nested in " + parent + " (RepPro §6.6)");
                }
                List<Command> children = new ArrayList<>();
                for (OperationSpec child : operations) {
                    if ("Atomic".equals(op) && !IN_ATOMIC.contains(child.op())) {
                        throw new InvalidInputException(
                                "Atomic may hold only Add, Delete, Copy and Replace, not " + child.op());
                    }
                    children.add(child.toCommand(op));
                }
                return "Atomic".equals(op)
                        ? new Atomic("0", false, null, children)
                        : new Sequence("0", false, null, children);
            }
            default -> {
                // item operations below
            }
        }
        if (!operations.isEmpty()) {
            throw new InvalidInputException(op + " cannot hold operations");
        }
        requireUri("target", target);
        if (format != null && !FORMATS.contains(format)) {
            throw new InvalidInputException("unknown format " + format);
        }
        Meta meta = format == null && type == null ? null : Meta.ofFormatAndType(format, type);
        return switch (op) {
            case "Get" -> {
                noData();
                yield new Get("0", false, null, null, List.of(Item.target(target)));
            }
            case "Delete" -> {
                noData();
                yield new Delete("0", false, null, null, List.of(Item.target(target)));
            }
            case "Replace", "Add" -> {
                if (source != null || correlator != null) {
                    throw new InvalidInputException(op + " takes target, data, format and type");
                }
                if ("Replace".equals(op) && data == null) {
                    throw new InvalidInputException("Replace needs data");
                }
                Meta m = meta == null && data != null ? Meta.ofFormatAndType("chr", "text/plain") : meta;
                Item item = new Item(Target.of(target), null, m, data == null ? null : ItemData.text(data), false);
                yield "Replace".equals(op)
                        ? new Replace("0", false, null, null, List.of(item))
                        : new Add("0", false, null, null, List.of(item));
            }
            case "Exec" -> {
                if (source != null) {
                    throw new InvalidInputException("Exec takes target, data and correlator");
                }
                Item item = new Item(Target.of(target), null, meta, data == null ? null : ItemData.text(data), false);
                yield new Exec("0", false, null, null, correlator, List.of(item));
            }
            case "Copy" -> {
                requireUri("source", source);
                if (data != null || correlator != null) {
                    throw new InvalidInputException("Copy takes target and source");
                }
                yield new Copy(
                        "0",
                        false,
                        null,
                        null,
                        List.of(new Item(Target.of(target), Source.of(source), null, null, false)));
            }
            default ->
                throw new InvalidInputException(
                        "unknown op " + op + ": use Get, Replace, Add, Delete, Exec, Copy, Atomic or Sequence");
        };
    }

    private void noData() {
        if (data != null || source != null || correlator != null) {
            throw new InvalidInputException(op + " takes only a target");
        }
    }

    private static void requireUri(String field, String uri) {
        if (uri == null || uri.isBlank()) {
            throw new InvalidInputException("\"" + field + "\" is required");
        }
        if (!uri.startsWith("./") && !uri.equals(".")) {
            throw new InvalidInputException(field + " must be an absolute DM URI starting with ./");
        }
        if (uri.length() > 1024 || uri.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new InvalidInputException(field + " must be at most 1024 printable characters");
        }
    }

    /** The operation a queued command stands for (for jobs queued by other means than this API). */
    public static OperationSpec from(Command c) {
        if (c instanceof Atomic a) {
            return new OperationSpec("Atomic", null, null, null, null, null, null, children(a.commands()));
        }
        if (c instanceof Sequence s) {
            return new OperationSpec("Sequence", null, null, null, null, null, null, children(s.commands()));
        }
        if (c instanceof Exec e && !e.items().isEmpty()) {
            return fromItem(c, e.items().get(0), e.meta(), e.correlator());
        }
        if (c instanceof ItemCommand ic && !ic.items().isEmpty()) {
            return fromItem(c, ic.items().get(0), ic.meta(), null);
        }
        return new OperationSpec(c.name(), null, null, null, null, null, null, null);
    }

    private static OperationSpec fromItem(Command c, Item i, Meta commandMeta, String correlator) {
        {
            Meta m = i.meta() != null ? i.meta() : commandMeta;
            return new OperationSpec(
                    c.name(),
                    i.target() == null ? null : i.target().locUri(),
                    i.source() == null ? null : i.source().locUri(),
                    i.data() == null ? null : i.data().asText(),
                    m == null ? null : m.format(),
                    m == null ? null : m.type(),
                    correlator,
                    null);
        }
    }

    private static List<OperationSpec> children(List<Command> cs) {
        return cs.stream().map(OperationSpec::from).toList();
    }
}
