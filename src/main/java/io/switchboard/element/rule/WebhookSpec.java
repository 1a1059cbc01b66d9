package io.switchboard.element.rule;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code webhook} section of an element descriptor, parsed and checked. Every rule may be {@code null}
 * (not stated); {@code elements/README.md} says what each one means and what applies when it is not stated.
 *
 * @param objects    where the objects are: an array yields one event per element, an object one event,
 *                   nothing zero events; unset: the body itself
 * @param objectType each event's objectType; yielding nothing means {@code objects}
 * @param objectId   each event's objectId; yielding nothing means {@code null}
 * @param eventType  each event's vendor event name, read as an {@code EventType} name; nothing is UNKNOWN
 * @param date       each event's date; nothing (or not a date) means the time received
 * @param dateFormat how {@code date} is written, see {@link Dates}
 * @param object     the changed object; unset: the object itself
 * @param deliveryId the vendor's id of this delivery, for spotting retries
 * @param challenge  for a GET handshake: the value to echo as {@code text/plain}
 * @param signature  how the vendor signs, {@code null} for unsigned webhooks
 */
public record WebhookSpec(ValueRule objects, ValueRule objectType, ValueRule objectId, ValueRule eventType,
        ValueRule date, String dateFormat, ValueRule object, ValueRule deliveryId, ValueRule challenge,
        Signature signature) {

    /**
     * @param scheme    the scheme's name, e.g. {@code stripe}
     * @param secretKey the configuration key holding the secret; unset secret means no check
     * @param options   the whole {@code signature} object, for scheme-specific settings
     */
    public record Signature(String scheme, String secretKey, JsonNode options) {
    }

    public static final WebhookSpec EMPTY = new WebhookSpec(null, null, null, null, null, null, null, null, null,
            null);

    private static final Set<String> SECTION = Set.of("description", "signature", "deliveryId", "handshake",
            "objects", "event");
    private static final Set<String> EVENT = Set.of("objectType", "objectId", "eventType", "date", "object");

    /**
     * Parses a section; a descriptor does this once, when it is made ({@code ElementDescriptor#webhookSpec}).
     *
     * @param section a descriptor's {@code webhook} value, may be {@code null}
     * @throws InvalidRuleException naming the field at fault
     */
    public static WebhookSpec parse(JsonNode section) {
        if (section == null || section.isNull()) {
            return EMPTY;
        }
        if (!section.isObject()) {
            throw new InvalidRuleException("webhook", "must be an object");
        }
        known(section, SECTION, "webhook");
        JsonNode event = section.path("event");
        if (!event.isMissingNode()) {
            if (!event.isObject()) {
                throw new InvalidRuleException("webhook.event", "must be an object");
            }
            known(event, EVENT, "webhook.event");
        }
        String dateFormat = null;
        JsonNode date = event.get("date");
        if (date != null && date.isObject() && date.has("format")) {
            dateFormat = date.get("format").asText();
            try {
                Dates.check(dateFormat);
            } catch (IllegalArgumentException e) {
                throw new InvalidRuleException("webhook.event.date.format", "must be auto, iso, epochSeconds, "
                        + "epochMillis or a date pattern such as yyyy-MM-dd'T'HH:mm:ssX");
            }
            date = ((ObjectNode) date).deepCopy().without("format");
        }
        JsonNode handshake = section.get("handshake");
        if (handshake != null) {
            if (!handshake.isObject()) {
                throw new InvalidRuleException("webhook.handshake", "must be an object");
            }
            known(handshake, Set.of("challenge"), "webhook.handshake");
        }
        return new WebhookSpec(
                rule(section.get("objects"), "webhook.objects"),
                rule(event.get("objectType"), "webhook.event.objectType"),
                rule(event.get("objectId"), "webhook.event.objectId"),
                rule(event.get("eventType"), "webhook.event.eventType"),
                rule(date, "webhook.event.date"),
                dateFormat,
                rule(event.get("object"), "webhook.event.object"),
                rule(section.get("deliveryId"), "webhook.deliveryId"),
                handshake == null ? null : rule(handshake.get("challenge"), "webhook.handshake.challenge"),
                signature(section.get("signature")));
    }

    private static Signature signature(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isObject() || !node.path("scheme").isTextual() || !node.path("secretKey").isTextual()) {
            throw new InvalidRuleException("webhook.signature",
                    "must be an object with string fields scheme and secretKey, e.g. "
                            + "{\"scheme\": \"stripe\", \"secretKey\": \"stripe.webhook.secret\"}");
        }
        return new Signature(node.get("scheme").asText(), node.get("secretKey").asText(), node);
    }

    private static ValueRule rule(JsonNode node, String where) {
        return node == null ? null : RuleParser.parse(node, where);
    }

    private static void known(JsonNode node, Set<String> names, String where) {
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext();) {
            String field = fields.next();
            if (!names.contains(field)) {
                throw new InvalidRuleException(where + "." + field, "is not a known field; known: "
                        + String.join(", ", names.stream().sorted().toList()));
            }
        }
    }
}
