package io.switchboard.instance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.Problem;

/**
 * A create, replace or patch body: {@code {"element": {"key"}, "name", "tags", "configuration"}}.
 * Absent parts are null; in {@code configuration} a null value means "remove the key".
 */
public record InstanceRequest(String elementKey, String name, List<String> tags, Map<String, String> configuration,
        boolean hasConfiguration) {

    static InstanceRequest read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw Problem.badRequest("the body must be a JSON object, e.g. {\"element\": {\"key\": \"twilio\"}, "
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
                throw Problem.invalidField("element", "must be an object with the element key, e.g. {\"key\": \"twilio\"}");
            }
        }
        String name = null;
        JsonNode nameNode = body.get("name");
        if (nameNode != null && !nameNode.isNull()) {
            if (!nameNode.isTextual() || nameNode.textValue().isBlank()) {
                throw Problem.invalidField("name", "must be a non-empty string");
            }
            name = nameNode.textValue().trim();
        }
        List<String> tags = null;
        JsonNode tagsNode = body.get("tags");
        if (tagsNode != null && !tagsNode.isNull()) {
            if (!tagsNode.isArray()) {
                throw Problem.invalidField("tags", "must be an array of strings, e.g. [\"eu\", \"prod\"]");
            }
            tags = new ArrayList<>();
            for (JsonNode tag : tagsNode) {
                if (!tag.isTextual() || tag.textValue().isBlank()) {
                    throw Problem.invalidField("tags", "must be an array of non-empty strings");
                }
                if (!tags.contains(tag.textValue())) {
                    tags.add(tag.textValue());
                }
            }
        }
        JsonNode configuration = body.get("configuration");
        return new InstanceRequest(elementKey, name, tags, ConfigurationValues.read(configuration),
                configuration != null && !configuration.isNull());
    }
}
