package io.trustdm.cli.admin;

import tools.jackson.databind.JsonNode;

/**
 * Lenient reading of the API's answers: absent and null fields read as {@code null}, never as an exception. Text is
 * made safe to print: values come from devices, and a control character (ESC, CSI, a newline) could otherwise rewrite
 * the operator's terminal or forge an output line.
 */
final class Json {
    private Json() {}

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : printable(v.asString());
    }

    /** Every control character (C0, DEL, C1) shown as U+FFFD. */
    static String printable(String s) {
        return s == null ? null : CONTROL.matcher(s).replaceAll("\uFFFD");
    }

    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("\\p{Cc}");

    static String text(JsonNode node, String field, String absent) {
        String t = text(node, field);
        return t == null ? absent : t;
    }

    static int integer(JsonNode node, String field, int absent) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isNumber() ? absent : v.asInt();
    }

    static Boolean bool(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isBoolean() ? null : v.asBoolean();
    }

    static Iterable<JsonNode> items(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isArray() ? java.util.List.of() : v.values();
    }

    static Iterable<JsonNode> items(JsonNode array) {
        return array == null || !array.isArray() ? java.util.List.of() : array.values();
    }
}
