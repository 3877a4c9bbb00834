package io.trustdm.tree;

import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Copy;
import io.trustdm.protocol.message.Delete;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemCommand;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs protocol commands against a {@link ManagementTree}, one item at a time: takes the Target (and for Copy the
 * Source) LocURI, merges command-level Meta with item-level Meta (the item's fields win), and passes the Data. The
 * session engine decides how the results become Status and Results; large objects must be reassembled before they
 * get here (an item still marked MoreData answers 400).
 */
public final class TreeCommands {
    private final ManagementTree tree;

    public TreeCommands(ManagementTree tree) {
        this.tree = Objects.requireNonNull(tree, "tree");
    }

    /** Executes one item of an Add, Replace, Delete, Get or Copy as {@code who}. */
    public TreeResult execute(Principal who, ItemCommand command, Item item) {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(item, "item");
        if (item.moreData()) {
            return TreeResult.of(StatusCode.BAD_REQUEST);
        }
        String target = item.target() == null ? null : item.target().locUri();
        NodeContent content = content(command.meta(), item);
        if (command instanceof Add) {
            return tree.add(who, target, content);
        }
        if (command instanceof Replace) {
            return tree.replace(who, target, content);
        }
        if (command instanceof Delete) {
            return tree.delete(who, target);
        }
        if (command instanceof Get) {
            return tree.get(who, target);
        }
        if (command instanceof Copy) {
            String source = item.source() == null ? null : item.source().locUri();
            return tree.copy(who, source, target);
        }
        return TreeResult.of(StatusCode.COMMAND_NOT_IMPLEMENTED);
    }

    /** Executes every item of the command, in order. */
    public List<TreeResult> executeAll(Principal who, ItemCommand command) {
        List<TreeResult> out = new ArrayList<>(command.items().size());
        for (Item item : command.items()) {
            out.add(execute(who, command, item));
        }
        return out;
    }

    /** Executes one item of an Exec, passing its Data and Meta as the argument and the Exec's Correlator. */
    public TreeResult exec(Principal who, Exec exec, Item item) {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(exec, "exec");
        Objects.requireNonNull(item, "item");
        if (item.moreData()) {
            return TreeResult.of(StatusCode.BAD_REQUEST);
        }
        String target = item.target() == null ? null : item.target().locUri();
        return tree.exec(who, target, content(exec.meta(), item), exec.correlator());
    }

    private static NodeContent content(Meta commandMeta, Item item) {
        Meta meta = commandMeta == null ? item.meta() : commandMeta.overriddenBy(item.meta());
        String format = meta == null ? null : meta.format();
        String type = meta == null ? null : meta.type();
        return new NodeContent(format, type, item.data());
    }
}
