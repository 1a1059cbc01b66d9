package io.switchboard.event;

import io.switchboard.element.InboundWebhook;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.element.ElementDescriptor;
import io.switchboard.element.EventKeys;
import io.switchboard.element.rule.Dates;
import io.switchboard.element.rule.JsonPaths;
import io.switchboard.element.rule.Scope;
import io.switchboard.element.rule.ValueRule;
import io.switchboard.element.rule.WebhookSpec;

/**
 * Turns a vendor webhook into events by the rules of its element's {@code webhook} section. Pure: no I/O, no
 * clock (undated events take the request's {@code receivedAt}).
 */
public final class Normalizer {

    /** The objectType of events whose rules yield none. */
    public static final String DEFAULT_OBJECT_TYPE = "objects";

    /** Longer vendor delivery ids are stored as their SHA-256 so that they fit a unique index. */
    static final int MAX_DELIVERY_ID = 128;

    private Normalizer() {
    }

    /**
     * @param configuration the instance's configuration (unset keys fall back to the element's defaults)
     * @throws io.switchboard.element.rule.InvalidRuleException when the element's {@code webhook} section is invalid
     */
    public static Normalized normalize(ElementDescriptor element, Map<String, String> configuration,
            InboundWebhook request, ParsedBody body) {
        WebhookSpec spec = element.webhookSpec();
        Map<String, String> config = withDefaults(element, configuration);
        JsonNode raw = body.raw();
        boolean xml = body.format() == ParsedBody.Format.XML;
        List<JsonNode> objects = xml ? List.of(raw) : objects(spec, new Scope(raw, raw, null, List.of(), request,
                config));
        Scope bodyScope = new Scope(raw, raw, null, objects, request, config);

        Set<String> keep = keptObjectTypes(config.get(EventKeys.OBJECTS));
        List<Event> events = new ArrayList<>();
        for (JsonNode item : objects) {
            Event event = xml ? xmlEvent(element, spec, bodyScope, request)
                    : event(element, spec, bodyScope.withItem(item), request);
            if (keep == null || keep.contains(event.objectType().toLowerCase(Locale.ROOT))) {
                events.add(event);
            }
        }
        return new Normalized(events, raw, deliveryId(spec, bodyScope));
    }

    /** The answer to a GET on the element's webhook URL, when the element defines a handshake and it applies. */
    public static Optional<Handshake> handshake(ElementDescriptor element, Map<String, String> configuration,
            InboundWebhook request) {
        WebhookSpec spec = element.webhookSpec();
        if (spec.challenge() == null) {
            return Optional.empty();
        }
        Scope scope = new Scope(null, null, null, List.of(), request, withDefaults(element, configuration));
        return Optional.ofNullable(JsonPaths.text(spec.challenge().evaluate(scope))).map(Handshake::echo);
    }

    private static List<JsonNode> objects(WebhookSpec spec, Scope scope) {
        JsonNode found = spec.objects() == null ? scope.body() : spec.objects().evaluate(scope);
        if (JsonPaths.absent(found)) {
            return List.of();
        }
        if (found.isArray()) {
            List<JsonNode> elements = new ArrayList<>();
            found.forEach(elements::add);
            return elements;
        }
        return List.of(found);
    }

    private static Event event(ElementDescriptor element, WebhookSpec spec, Scope itemScope,
            InboundWebhook request) {
        JsonNode object = spec.object() == null ? null : evaluate(spec.object(), itemScope);
        if (object == null) {
            object = itemScope.item();
        }
        Scope scope = itemScope.withObject(object);
        String objectType = text(spec.objectType(), scope);
        return new Event(element.key(),
                EventType.parse(text(spec.eventType(), scope)),
                objectType == null ? DEFAULT_OBJECT_TYPE : objectType,
                text(spec.objectId(), scope),
                date(spec, scope, request.receivedAt()),
                object);
    }

    /** XML is kept whole: one event that names no object and no vendor event. */
    private static Event xmlEvent(ElementDescriptor element, WebhookSpec spec, Scope scope,
            InboundWebhook request) {
        String objectType = text(spec.objectType(), scope);
        return new Event(element.key(), EventType.UNKNOWN,
                objectType == null ? DEFAULT_OBJECT_TYPE : objectType, null,
                date(spec, scope, request.receivedAt()), scope.body());
    }

    private static Instant date(WebhookSpec spec, Scope scope, Instant receivedAt) {
        Instant date = spec.date() == null ? null : Dates.parse(spec.date().evaluate(scope), spec.dateFormat());
        return date == null ? receivedAt : date;
    }

    private static Optional<String> deliveryId(WebhookSpec spec, Scope scope) {
        String id = text(spec.deliveryId(), scope);
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(id.length() <= MAX_DELIVERY_ID ? id : "sha256:" + sha256(id));
    }

    private static Set<String> keptObjectTypes(String setting) {
        if (setting == null || setting.isBlank()) {
            return null;
        }
        return Arrays.stream(setting.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    private static Map<String, String> withDefaults(ElementDescriptor element, Map<String, String> configuration) {
        Map<String, String> config = new HashMap<>();
        element.configuration().stream().filter(key -> key.defaultValue() != null)
                .forEach(key -> config.put(key.key(), key.defaultValue()));
        if (configuration != null) {
            configuration.forEach((key, value) -> {
                if (value != null && !value.isBlank()) {
                    config.put(key, value);
                }
            });
        }
        return config;
    }

    private static JsonNode evaluate(ValueRule rule, Scope scope) {
        JsonNode value = rule.evaluate(scope);
        return JsonPaths.absent(value) ? null : value;
    }

    private static String text(ValueRule rule, Scope scope) {
        return rule == null ? null : JsonPaths.text(rule.evaluate(scope));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
