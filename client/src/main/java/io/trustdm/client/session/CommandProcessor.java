package io.trustdm.client.session;

import io.trustdm.protocol.message.Command;
import java.util.List;

/**
 * Executes the management commands a DM Server sends (Add, Replace, Delete, Get, Copy, Exec, Atomic, Sequence) on
 * the Device's management tree, enforcing Management Trust for {@code context.serverId()}.
 */
@FunctionalInterface
public interface CommandProcessor {
    /**
     * Executes one command (large objects already reassembled) and returns the responses: the command's Status
     * first, then Results for a Get; for Atomic and Sequence, the container's Status followed by those of its
     * children. CmdIDs of the returned commands are replaced by the session; MsgRef and CmdRef must be set.
     */
    List<Command> execute(Command command, CommandContext context);
}
