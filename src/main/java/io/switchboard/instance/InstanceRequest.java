package io.switchboard.instance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.error.HubError;

/**
 * A create, replace or patch body: {@code {"element": {"key"}, "name", "tags", "configuration"}}.
 * Absent parts are null; in {@code configuration} a null value means "remove the key".
 */
public record InstanceRequest(String elementKey, String name, List<String> tags, Map<String, String> configuration,
        boolean hasConfiguration) {

    /** The same request for the element the path names ({@code POST /elements/{keyOrId}/instances}). */
    InstanceRequest forElement(String keyOrId) {
        return new InstanceRequest(keyOrId, name, tags, configuration, hasConfiguration);
    }

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_TAGS = 50;

    static InstanceRequest read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw HubError.invalid("the body must be a JSON object, e.g. {\"element\": {\"key\": \"twilio\"}, "
                    + "\"name\": \"sms-eu\", \"configuration\": {…}}");
        }
        String elementKey = null;
        JsonNode element = body.get("element");
        if (element != null && !element.isNull()) {
            if (element.isTextual()) {
                elementKey = element.textValue();
            } else if (element.isObject() && element.path("key").isTextual()) {
                elementKey = element.path("key").textValue();
            } else {
                throw HubError.invalidField("element", "must be an object with the element key, e.g. {\"key\": \"twilio\"}");
            }
        }
        String name = null;
        JsonNode nameNode = body.get("name");
        if (nameNode != null && !nameNode.isNull()) {
            name = visibleText("name", nameNode, MAX_NAME_LENGTH);
        }
        List<String> tags = null;
        JsonNode tagsNode = body.get("tags");
        if (tagsNode != null && !tagsNode.isNull()) {
            if (!tagsNode.isArray()) {
                throw HubError.invalidField("tags", "must be an array of strings, e.g. [\"eu\", \"prod\"]");
            }
            if (tagsNode.size() > MAX_TAGS) {
                throw HubError.invalidField("tags", "has " + tagsNode.size() + " tags; at most " + MAX_TAGS
                        + " are allowed");
            }
            tags = new ArrayList<>();
            for (JsonNode tag : tagsNode) {
                String text = visibleText("tags", tag, MAX_NAME_LENGTH);
                if (!tags.contains(text)) {
                    tags.add(text);
                }
            }
        }
        JsonNode configuration = body.get("configuration");
        return new InstanceRequest(elementKey, name, tags, ConfigurationValues.read(configuration),
                configuration != null && !configuration.isNull());
    }

    /**
     * A string with at least one visible character and no control characters (a NUL, a line break), at most
     * {@code maxLength} long, without surrounding white space.
     */
    private static String visibleText(String field, JsonNode node, int maxLength) {
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw HubError.invalidField(field, "must be a non-empty string");
        }
        String text = node.textValue().strip();
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw HubError.invalidField(field, "must not contain control characters (such as NUL or a line break)");
        }
        if (text.isEmpty()) {
            throw HubError.invalidField(field, "must be a non-empty string");
        }
        if (text.length() > maxLength) {
            throw HubError.invalidField(field, "is " + text.length() + " characters long; at most " + maxLength
                    + " are allowed");
        }
        String visible = Markup.strip(text);
        if (visible.isEmpty()) {
            throw HubError.invalidField(field, "has nothing left once its HTML markup is removed");
        }
        return visible;
    }
}
