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

    /** The same request for the element the path names ({@code POST /elements/{keyOrId}/instances}). */
    InstanceRequest forElement(String keyOrId) {
        return new InstanceRequest(keyOrId, name, tags, configuration, hasConfiguration);
    }

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
            name = Markup.strip(nameNode.textValue());
            if (name.isEmpty()) {
                throw Problem.invalidField("name", "has nothing left once its HTML markup is removed");
            }
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
                String text = Markup.strip(tag.textValue());
                if (text.isEmpty()) {
                    throw Problem.invalidField("tags", "has a tag with nothing left once its HTML markup is removed");
                }
                if (!tags.contains(text)) {
                    tags.add(text);
                }
            }
        }
        JsonNode configuration = body.get("configuration");
        return new InstanceRequest(elementKey, name, tags, ConfigurationValues.read(configuration),
                configuration != null && !configuration.isNull());
    }
}
