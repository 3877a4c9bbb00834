package io.trustdm.tree;

import io.trustdm.protocol.message.Element;
import io.trustdm.protocol.message.StatusCode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing TNDS objects (OMA DM TNDS 1.2): a {@code MgmtTree} element tree, as the codecs deliver it in
 * Item Data, to and from {@link TndsNode}s. Reading is strict: an element the TNDS grammar does not allow at its
 * place is a malformed object (400), an unknown Format is 415, nesting deeper than the URI ceiling is 414.
 */
public final class Tnds {
    /** MIME type of an XML TNDS object. */
    public static final String MIME_XML = "application/vnd.syncml.dmtnds+xml";

    /** MIME type of a WBXML TNDS object. */
    public static final String MIME_WBXML = "application/vnd.syncml.dmtnds+wbxml";

    /** The only DTD version this implementation reads and writes. */
    public static final String VER_DTD = "1.2";

    private Tnds() {}

    /**
     * The top-level nodes of a TNDS object.
     *
     * @throws TreeException with 400, 414 or 415
     */
    public static List<TndsNode> read(Element mgmtTree) {
        if (!mgmtTree.name().equals("MgmtTree")) {
            throw bad("TNDS root is " + mgmtTree.name() + ", not MgmtTree");
        }
        List<TndsNode> nodes = new ArrayList<>();
        for (Element e : mgmtTree.children()) {
            switch (e.name()) {
                case "VerDTD" -> {
                    String v = trimmed(e);
                    if (v == null || !v.startsWith("1.")) {
                        throw bad("unsupported TNDS VerDTD " + v);
                    }
                }
                case "Man", "Mod" -> {
                    // informative
                }
                case "Node" -> nodes.add(readNode(e, 1));
                default -> throw bad("unexpected element " + e.name() + " in MgmtTree");
            }
        }
        return nodes;
    }

    private static TndsNode readNode(Element node, int depth) {
        if (depth > UriLimits.CEILING_DEPTH) {
            throw new TreeException(StatusCode.URI_TOO_LONG, "TNDS nesting deeper than " + UriLimits.CEILING_DEPTH);
        }
        String name = null;
        String path = null;
        Map<NodeProperty, String> props = new EnumMap<>(NodeProperty.class);
        String value = null;
        List<TndsNode> children = new ArrayList<>();
        for (Element e : node.children()) {
            switch (e.name()) {
                case "NodeName" -> {
                    if (name != null) {
                        throw bad("Node has two NodeName elements");
                    }
                    name = trimmed(e) == null ? "" : trimmed(e);
                }
                case "Path" -> path = trimmed(e);
                case "RTProperties" -> readProperties(e, props);
                case "Value" -> {
                    if (value != null) {
                        throw bad("Node has two Value elements");
                    }
                    value = e.text() == null ? "" : e.text();
                }
                case "Node" -> children.add(readNode(e, depth + 1));
                default -> throw bad("unexpected element " + e.name() + " in Node");
            }
        }
        if (name == null) {
            throw bad("Node without NodeName");
        }
        if (value != null && !children.isEmpty()) {
            throw bad("Node " + name + " has both a Value and child Nodes");
        }
        TndsNode n = new TndsNode(name, path, props, value, children);
        String format = props.get(NodeProperty.FORMAT);
        if (format != null && format.equals(NodeFormat.NODE.wireName()) && value != null) {
            throw bad("interior Node " + name + " has a Value");
        }
        if (!n.isInterior() && !children.isEmpty()) {
            throw bad("leaf Node " + name + " has child Nodes");
        }
        return n;
    }

    private static void readProperties(Element rt, Map<NodeProperty, String> props) {
        for (Element e : rt.children()) {
            NodeProperty p = NodeProperty.byWireName(e.name())
                    .orElseThrow(() -> bad("unexpected element " + e.name() + " in RTProperties"));
            String text;
            switch (p) {
                case FORMAT -> {
                    if (e.children().size() != 1) {
                        throw bad("Format must hold exactly one format element");
                    }
                    text = NodeFormat.fromWire(e.children().get(0).name()).wireName();
                }
                case TYPE -> {
                    if (e.children().isEmpty()) {
                        text = trimmed(e) == null ? "" : trimmed(e);
                    } else if (e.children().size() == 1
                            && (e.children().get(0).name().equals("MIME")
                                    || e.children().get(0).name().equals("DDFName"))) {
                        String t = trimmed(e.children().get(0));
                        text = t == null ? "" : t;
                    } else {
                        throw bad("Type must hold one MIME or DDFName element");
                    }
                }
                default -> {
                    if (!e.children().isEmpty()) {
                        throw bad(e.name() + " must be text");
                    }
                    text = trimmed(e) == null ? "" : trimmed(e);
                }
            }
            props.put(p, text);
        }
    }

    private static String trimmed(Element e) {
        if (!e.children().isEmpty()) {
            throw bad(e.name() + " must be text");
        }
        return e.text() == null ? null : e.text().strip();
    }

    private static TreeException bad(String message) {
        return new TreeException(StatusCode.BAD_REQUEST, message);
    }

    /** A {@code MgmtTree} holding these top-level nodes. */
    public static Element write(List<TndsNode> nodes) {
        List<Element> children = new ArrayList<>();
        children.add(Element.leaf("VerDTD", VER_DTD));
        for (TndsNode n : nodes) {
            children.add(writeNode(n));
        }
        return new Element("MgmtTree", null, children);
    }

    private static Element writeNode(TndsNode n) {
        List<Element> parts = new ArrayList<>();
        parts.add(Element.leaf("NodeName", n.name()));
        if (n.path() != null) {
            parts.add(Element.leaf("Path", n.path()));
        }
        if (!n.properties().isEmpty()) {
            List<Element> rt = new ArrayList<>();
            for (NodeProperty p : NodeProperty.values()) {
                String text = n.property(p);
                if (text == null) {
                    continue;
                }
                switch (p) {
                    case FORMAT -> rt.add(Element.of("Format", Element.leaf(text, null)));
                    case TYPE -> rt.add(Element.of("Type", Element.leaf(n.isInterior() ? "DDFName" : "MIME", text)));
                    default -> rt.add(Element.leaf(p.wireName(), text));
                }
            }
            parts.add(new Element("RTProperties", null, rt));
        }
        for (TndsNode c : n.children()) {
            parts.add(writeNode(c));
        }
        if (!n.isInterior() && n.value() != null) {
            parts.add(Element.leaf("Value", n.value()));
        }
        return new Element("Node", null, parts);
    }
}
