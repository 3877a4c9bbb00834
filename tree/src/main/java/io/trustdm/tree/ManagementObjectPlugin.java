package io.trustdm.tree;

import io.trustdm.protocol.message.StatusCode;
import java.util.Optional;

/**
 * Device code that owns a subtree of the management tree, such as a firmware-update object: it may compute leaf
 * values when they are read and it carries out Exec on its nodes. The tree still does all checking (existence, ACL,
 * access type) before calling a plug-in, so a plug-in never sees a request the caller was not entitled to make.
 *
 * <p>Calls happen while the tree is locked; a plug-in may read the tree (the lock is re-entrant) but long work belongs
 * on another thread, answered with 202 and reported later (see {@link ExecRequest#correlator()}).
 */
public interface ManagementObjectPlugin {

    /** The root of the subtree this plug-in owns; the plug-in with the longest matching root wins. */
    DmUri root();

    /**
     * The current value of a leaf in the subtree, in the leaf's Format (UTF-8 for text formats), or empty to use the
     * stored value.
     */
    default Optional<byte[]> currentValue(DmUri leaf) {
        return Optional.empty();
    }

    /**
     * Executes the node. Returns the DM status: 200 when done, 202 when accepted and reported later, or an error such
     * as 400 (bad argument), 403 (not possible now) or 405 (node not executable).
     */
    default int exec(ExecRequest request) {
        return StatusCode.COMMAND_NOT_ALLOWED;
    }
}
