package io.trustdm.client.session;

import java.util.Objects;

/**
 * What a command executes on behalf of: the ServerID whose ACL rights apply, the server message it came in, and the
 * user-interaction callback for UI alerts nested in a Sequence or Atomic.
 */
public record CommandContext(String serverId, String msgId, UserInteraction userInteraction) {
    public CommandContext {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(msgId, "msgId");
        Objects.requireNonNull(userInteraction, "userInteraction");
    }
}
