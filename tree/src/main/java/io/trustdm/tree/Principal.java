package io.trustdm.tree;

import io.trustdm.tree.acl.Acl;
import java.util.Objects;
import java.util.Optional;

/**
 * Who performs a tree operation. A DM session acts as the ServerID it authenticated as, and the ACLs decide what it
 * may do; the device itself (its own code, a user action, a bootstrap the device has already accepted) acts as
 * {@link #LOCAL}, which ACLs and DDF access types do not restrict. Structural rules (existence, formats, limits) apply
 * to everyone.
 */
public final class Principal {
    /** The device itself, including a bootstrap it has accepted. */
    public static final Principal LOCAL = new Principal(null);

    private final String serverId;

    private Principal(String serverId) {
        this.serverId = serverId;
    }

    /**
     * A DM server, named by the ServerID its session was authenticated as.
     *
     * @throws IllegalArgumentException when the id could not appear in an ACL
     */
    public static Principal server(String serverId) {
        Objects.requireNonNull(serverId, "serverId");
        if (!Acl.isValidServerId(serverId)) {
            throw new IllegalArgumentException("not a valid ServerID: '" + serverId + "'");
        }
        return new Principal(serverId);
    }

    public boolean isLocal() {
        return serverId == null;
    }

    /** The ServerID, empty for {@link #LOCAL}. */
    public Optional<String> serverId() {
        return Optional.ofNullable(serverId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Principal p && Objects.equals(serverId, p.serverId);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(serverId);
    }

    @Override
    public String toString() {
        return serverId == null ? "Principal[local]" : "Principal[server " + serverId + "]";
    }
}
