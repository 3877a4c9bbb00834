package io.trustdm.protocol.message;

import java.util.List;
import java.util.Objects;

/**
 * A generic element of the DM DDF / TNDS vocabulary (namespace {@code syncml:dmddf1.2}, WBXML code page 2). An
 * element has either text or children; an empty element such as {@code <chr/>} has neither.
 */
public record Element(String name, String text, List<Element> children) {
    public static final String DDF_NAMESPACE = "syncml:dmddf1.2";

    public Element {
        Objects.requireNonNull(name, "name");
        children = children == null ? List.of() : List.copyOf(children);
        if (text != null && text.isEmpty()) {
            text = null;
        }
        if (text != null && !children.isEmpty()) {
            throw new IllegalArgumentException("element " + name + " has both text and children");
        }
    }

    public static Element leaf(String name, String text) {
        return new Element(name, text, List.of());
    }

    public static Element of(String name, Element... children) {
        return new Element(name, null, List.of(children));
    }

    /** The first child with this name, or {@code null}. */
    public Element child(String childName) {
        for (Element c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        append(sb);
        return sb.toString();
    }

    private void append(StringBuilder sb) {
        sb.append('<').append(name);
        if (text == null && children.isEmpty()) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        if (text != null) {
            sb.append(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        }
        for (Element c : children) {
            c.append(sb);
        }
        sb.append("</").append(name).append('>');
    }
}
