package io.trustdm.tree;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code Node} of a TNDS object (OMA DM TNDS §9.2): its name (empty means "the device names it"), an optional
 * insertion {@code Path}, its run-time properties as text (Format as its wire name, e.g. {@code chr}), an optional
 * value and child nodes. A node is interior when its Format is {@code node}, or when it has no Format and no value.
 */
public record TndsNode(
        String name, String path, Map<NodeProperty, String> properties, String value, List<TndsNode> children) {

    public TndsNode {
        Objects.requireNonNull(name, "name");
        properties = properties.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(properties));
        children = List.copyOf(children);
    }

    /** An interior node with an optional MO identifier. */
    public static TndsNode interior(String name, String moIdentifier, List<TndsNode> children) {
        Map<NodeProperty, String> p = new EnumMap<>(NodeProperty.class);
        p.put(NodeProperty.FORMAT, NodeFormat.NODE.wireName());
        if (moIdentifier != null) {
            p.put(NodeProperty.TYPE, moIdentifier);
        }
        return new TndsNode(name, null, p, null, children);
    }

    /** A leaf. */
    public static TndsNode leaf(String name, NodeFormat format, String mime, String value) {
        Map<NodeProperty, String> p = new EnumMap<>(NodeProperty.class);
        p.put(NodeProperty.FORMAT, format.wireName());
        if (mime != null) {
            p.put(NodeProperty.TYPE, mime);
        }
        return new TndsNode(name, null, p, value == null ? "" : value, List.of());
    }

    /** This node with one more (or a replaced) property. */
    public TndsNode with(NodeProperty property, String text) {
        Map<NodeProperty, String> p = new EnumMap<>(NodeProperty.class);
        p.putAll(properties);
        p.put(property, text);
        return new TndsNode(name, path, p, value, children);
    }

    /** This node with an insertion path. */
    public TndsNode withPath(String insertionPath) {
        return new TndsNode(name, insertionPath, properties, value, children);
    }

    public String property(NodeProperty p) {
        return properties.get(p);
    }

    public boolean isInterior() {
        String f = properties.get(NodeProperty.FORMAT);
        if (f != null) {
            return f.equals(NodeFormat.NODE.wireName());
        }
        return value == null;
    }

    /** Never prints values: a TNDS object may carry credentials. */
    @Override
    public String toString() {
        return "TndsNode[" + name + (isInterior() ? " children=" + children.size() : " leaf") + "]";
    }
}
