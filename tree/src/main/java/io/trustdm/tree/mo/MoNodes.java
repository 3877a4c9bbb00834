package io.trustdm.tree.mo;

import io.trustdm.tree.AccessType;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.NodeDefinition;
import io.trustdm.tree.NodeFormat;
import java.nio.charset.StandardCharsets;

/** Shared helpers for building standard objects. */
final class MoNodes {
    private MoNodes() {}

    /** A permanent, read-only {@code chr} leaf. */
    static NodeDefinition readOnlyText(String value) {
        return NodeDefinition.leaf(NodeFormat.CHR, "text/plain", value.getBytes(StandardCharsets.UTF_8))
                .asPermanent()
                .withAccessTypes(AccessType.only(AccessType.GET));
    }

    /** A permanent, read-only interior node. */
    static NodeDefinition readOnlyInterior(String moIdentifier) {
        return NodeDefinition.interior(moIdentifier).asPermanent().withAccessTypes(AccessType.only(AccessType.GET));
    }

    static void defineIfAbsent(ManagementTree tree, String uri, NodeDefinition d) {
        if (tree.inspect(uri).isEmpty()) {
            tree.define(uri, d);
        }
    }

    static String require(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
