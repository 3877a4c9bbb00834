package io.trustdm.tree;

import java.util.EnumSet;
import java.util.Set;

/**
 * The DDF AccessType of a node: the commands its management object allows at all, whoever asks. It is a static
 * restriction beside the ACL: a command outside it answers 405, even for a server the ACL would allow. Nodes created
 * by servers allow everything; standard objects narrow it (DevInfo leaves are Get-only, DMAcc secrets have no Get).
 * The device ({@link Principal#LOCAL}) is not bound by it.
 */
public enum AccessType {
    ADD,
    DELETE,
    EXEC,
    GET,
    REPLACE;

    /** Every access type. */
    public static Set<AccessType> all() {
        return Set.copyOf(EnumSet.allOf(AccessType.class));
    }

    /** Just these. */
    public static Set<AccessType> only(AccessType first, AccessType... rest) {
        return Set.copyOf(EnumSet.of(first, rest));
    }
}
