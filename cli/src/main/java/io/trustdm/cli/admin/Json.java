package io.trustdm.cli.admin;

import tools.jackson.databind.JsonNode;

/** Lenient reading of the API's answers: absent and null fields read as {@code null}, never as an exception. */
final class Json {
    private Json() {}

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asString();
    }

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
