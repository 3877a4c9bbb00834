package io.trustdm.it.interop;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * What an XML document says, as the list of its elements in document order, each with its depth, namespace, local
 * name and own text. It is deliberately independent of TrustDM's reader: it uses the JDK's built-in StAX parser
 * (DTD support and external entities off, so a DOCTYPE is never fetched).
 *
 * <p>Spelling that does not count is gone from the list: quotes, namespace prefixes and the case of namespace names,
 * CDATA versus escaped text, the XML declaration and DOCTYPE, comments, empty-element versus start/end tags, and
 * whitespace-only text next to child elements. Text of leaf elements is kept exactly, whitespace included.
 */
final class XmlMeaning {

    /** One element: how deep it is (root = 0), its namespace (lower case), local name and own text. */
    record Node(int depth, String namespace, String name, String text) {
        Node {
            Objects.requireNonNull(namespace);
            Objects.requireNonNull(name);
            Objects.requireNonNull(text);
        }

        Node withText(String t) {
            return new Node(depth, namespace, name, t);
        }

        @Override
        public String toString() {
            return "{" + namespace + "}" + name + (text.isEmpty() ? "" : " = " + quote(text));
        }
    }

    private XmlMeaning() {}

    static XMLInputFactory factory() {
        // newDefaultFactory: the JDK's own parser, not whatever StAX implementation is on the classpath.
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    /** The element list of an XML document. */
    static List<Node> of(byte[] xml) {
        List<Node> nodes = new ArrayList<>();
        Deque<Open> open = new ArrayDeque<>();
        try {
            XMLStreamReader r = factory().createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                while (r.hasNext()) {
                    switch (r.next()) {
                        case XMLStreamConstants.START_ELEMENT -> {
                            if (!open.isEmpty()) {
                                open.peek().hasChildren = true;
                            }
                            String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
                            nodes.add(null); // filled in at the end tag, once the text is known
                            open.push(new Open(
                                    nodes.size() - 1, open.size(), ns.toLowerCase(Locale.ROOT), r.getLocalName()));
                        }
                        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                            if (!open.isEmpty()) {
                                open.peek().text.append(r.getText());
                            }
                        }
                        case XMLStreamConstants.END_ELEMENT -> {
                            Open o = open.pop();
                            String text = o.text.toString();
                            if (o.hasChildren && text.isBlank()) {
                                text = "";
                            }
                            nodes.set(o.index, new Node(o.depth, o.namespace, o.name, text));
                        }
                        default -> {
                            // declaration, DOCTYPE, comments, processing instructions: no meaning here
                        }
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage() + "\n" + preview(xml), e);
        }
        return List.copyOf(nodes);
    }

    private static final class Open {
        final int index;
        final int depth;
        final String namespace;
        final String name;
        final StringBuilder text = new StringBuilder();
        boolean hasChildren;

        Open(int index, int depth, String namespace, String name) {
            this.index = index;
            this.depth = depth;
            this.namespace = namespace;
            this.name = name;
        }
    }

    /** The element path of every node ({@code /SyncML/SyncBody/Add/Item/Data}), for messages and quirk rules. */
    static List<String> paths(List<Node> nodes) {
        List<String> paths = new ArrayList<>(nodes.size());
        List<String> stack = new ArrayList<>();
        for (Node n : nodes) {
            while (stack.size() > n.depth()) {
                stack.remove(stack.size() - 1);
            }
            stack.add(n.name());
            paths.add("/" + String.join("/", stack));
        }
        return paths;
    }

    /**
     * Null when both lists are equal, otherwise a description of the first difference with some context, for an
     * assertion message.
     */
    static String difference(List<Node> expected, List<Node> actual) {
        int n = Math.min(expected.size(), actual.size());
        int at = -1;
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            if (expected.size() == actual.size()) {
                return null;
            }
            at = n;
        }
        List<String> ep = paths(expected);
        List<String> ap = paths(actual);
        StringBuilder sb = new StringBuilder();
        sb.append("documents differ at element #")
                .append(at)
                .append(" (expected ")
                .append(expected.size())
                .append(" elements, got ")
                .append(actual.size())
                .append(")\n");
        int last = Math.min(at + 3, Math.max(expected.size(), actual.size()) - 1);
        for (int i = Math.max(0, at - 3); i <= last; i++) {
            String e = i < expected.size() ? ep.get(i) + " " + expected.get(i) : "(none)";
            String a = i < actual.size() ? ap.get(i) + " " + actual.get(i) : "(none)";
            sb.append(i == at ? ">> " : "   ").append('#').append(i).append('\n');
            sb.append("     expected ").append(e).append('\n');
            sb.append("     actual   ").append(a).append('\n');
        }
        return sb.toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", c));
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }

    static String preview(byte[] xml) {
        String s = new String(xml, java.nio.charset.StandardCharsets.UTF_8);
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
