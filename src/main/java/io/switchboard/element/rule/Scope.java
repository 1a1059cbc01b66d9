package io.switchboard.element.rule;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.element.InboundWebhook;

/**
 * What a {@link ValueRule} reads from.
 *
 * @param item    the node that plain {@code path} rules start from: the body for webhook-wide rules, one object of
 *                the objects array for event rules
 * @param body    the whole parsed body ({@code "from": "body"})
 * @param object  the changed object once selected ({@code "from": "object"}), else {@code null}
 * @param objects every object of the body, for {@code each}
 * @param request the vendor's request, for {@code header} and {@code query}
 * @param config  the instance configuration, with the element's defaults for unset keys
 */
public record Scope(JsonNode item, JsonNode body, JsonNode object, List<JsonNode> objects, InboundWebhook request,
        Map<String, String> config) {

    public Scope {
        objects = objects == null ? List.of() : objects;
        config = config == null ? Map.of() : config;
    }

    public Scope withItem(JsonNode newItem) {
        return new Scope(newItem, body, null, objects, request, config);
    }

    public Scope withObject(JsonNode newObject) {
        return new Scope(item, body, newObject, objects, request, config);
    }

    /** A configuration value, {@code null} when unset or blank. */
    public String config(String key) {
        String value = config.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
