package io.switchboard.element.rule;

import com.fasterxml.jackson.databind.JsonNode;

/** Dotted paths into JSON: {@code data.object.id}, with array indexes as segments ({@code items.0.id}). */
public final class JsonPaths {

    private JsonPaths() {
    }

    /** The node at {@code path} ({@code ""} is {@code node} itself), {@code null} when absent. */
    public static JsonNode resolve(JsonNode node, String path) {
        if (node == null || path == null) {
            return null;
        }
        JsonNode current = node;
        if (path.isEmpty()) {
            return current;
        }
        for (String segment : path.split("\\.", -1)) {
            if (current == null) {
                return null;
            }
            if (current.isObject()) {
                current = current.get(segment);
            } else if (current.isArray() && segment.matches("\\d{1,9}")) {
                current = current.get(Integer.parseInt(segment));
            } else {
                return null;
            }
        }
        return current == null || current.isMissingNode() ? null : current;
    }

    /**
     * A node as a string: text as is, numbers and booleans as written, objects and arrays as JSON; {@code null}
     * for absent and JSON {@code null}.
     */
    public static String text(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** Absent, missing or JSON {@code null}: rules treat them alike. */
    public static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }
}
