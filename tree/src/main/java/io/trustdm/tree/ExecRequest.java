package io.trustdm.tree;

import io.trustdm.protocol.message.ItemData;
import java.util.Objects;

/**
 * An Exec that passed the tree's checks and is handed to the plug-in owning the node: the node, who asked, the
 * optional argument (Item Data with its Meta Format and Type) and the optional Correlator, which an asynchronous
 * result must echo in its Generic Alert.
 */
public record ExecRequest(
        DmUri target, Principal principal, String format, String type, ItemData data, String correlator) {
    public ExecRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(principal, "principal");
    }

    @Override
    public String toString() {
        return "ExecRequest[" + target + " by " + principal + ", correlator=" + correlator + "]";
    }
}
