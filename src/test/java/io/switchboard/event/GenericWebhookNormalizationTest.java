package io.switchboard.event;

import static io.switchboard.event.Fixtures.RECEIVED;
import static io.switchboard.event.Fixtures.fixture;
import static io.switchboard.event.Fixtures.normalize;
import static io.switchboard.event.Fixtures.post;
import static io.switchboard.event.Fixtures.postJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.switchboard.element.ElementDescriptor;

/** The generic {@code webhook} element, configured by the keys of API.md §3. */
class GenericWebhookNormalizationTest {

    private final ElementDescriptor webhook = Fixtures.builtIn("webhook");

    private Map<String, String> orderConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("webhook.objects.path", "data.items");
        config.put("webhook.object.type.path", "kind");
        config.put("webhook.object.id.path", "order.number");
        config.put("webhook.event.type.path", "change");
        config.put("webhook.event.type.map", "created:CREATED, updated:UPDATED,deleted:DELETED");
        config.put("webhook.date.path", "at");
        return config;
    }

    @Test
    void anUnconfiguredObjectBodyIsOneEventOfTypeObjects() {
        Normalized normalized = normalize(webhook, Map.of(), postJson("{\"id\": 42, \"name\": \"x\"}"));

        assertEquals(1, normalized.events().size());
        Event event = normalized.events().get(0);
        assertEquals("webhook", event.elementKey());
        assertEquals("objects", event.objectType());
        assertEquals("42", event.objectId());
        assertEquals(EventType.UNKNOWN, event.eventType());
        assertEquals(RECEIVED, event.date());
        assertEquals("x", event.object().get("name").asText());
        assertEquals(normalized.raw(), event.object());
        assertEquals(Optional.empty(), normalized.vendorDeliveryId());
    }

    @Test
    void anUnconfiguredArrayBodyIsOneEventPerElement() {
        Normalized normalized = normalize(webhook, Map.of(), postJson("[{\"id\": \"a\"}, {\"id\": \"b\"}, {}]"));

        assertEquals(List.of("a", "b"), normalized.events().stream().limit(2).map(Event::objectId).toList());
        assertNull(normalized.events().get(2).objectId());
        assertTrue(normalized.raw().isArray());
    }

    @Test
    void configuredPathsSelectObjectsTypesIdsEventTypesAndDates() {
        Normalized normalized = normalize(webhook, orderConfig(),
                post("https://hub.example/events/webhook/7", "application/json", fixture("webhook/orders.json")));

        List<Event> events = normalized.events();
        assertEquals(3, events.size());
        assertEquals(List.of("order", "order", "refund"), events.stream().map(Event::objectType).toList());
        assertEquals(List.of("A-1", "A-2", "A-3"), events.stream().map(Event::objectId).toList());
        assertEquals(List.of(EventType.CREATED, EventType.UPDATED, EventType.UNKNOWN),
                events.stream().map(Event::eventType).toList());
        assertEquals(List.of(Instant.parse("2026-11-22T10:15:30.123Z"), Instant.parse("2026-11-22T10:15:30Z"),
                Instant.parse("2026-11-22T10:15:30.123Z")), events.stream().map(Event::date).toList());
        assertEquals("A-2", events.get(1).object().at("/order/number").asText());
        assertTrue(normalized.raw().has("meta"), "raw is the whole body");
    }

    @Test
    void eventTypeNamesAreReadDirectlyWhenNoMapIsConfigured() {
        Map<String, String> config = Map.of("webhook.event.type.path", "op");

        Normalized normalized = normalize(webhook, config,
                postJson("[{\"id\": 1, \"op\": \"deleted\"}, {\"id\": 2, \"op\": \"Created\"}, {\"id\": 3, \"op\": \"x\"}]"));

        assertEquals(List.of(EventType.DELETED, EventType.CREATED, EventType.UNKNOWN),
                normalized.events().stream().map(Event::eventType).toList());
    }

    @Test
    void aConfiguredObjectsPathMissingFromTheBodyMakesNoEvents() {
        Normalized normalized = normalize(webhook, Map.of("webhook.objects.path", "data.items"),
                postJson("{\"ping\": true}"));

        assertTrue(normalized.events().isEmpty());
    }

    @Test
    void aFixedObjectTypeAppliesWhenNoTypePathIsSetOrTheObjectLacksIt() {
        Map<String, String> config = Map.of("webhook.object.type", "orders", "webhook.object.type.path", "kind");

        Normalized normalized = normalize(webhook, config, postJson("[{\"kind\": \"refund\"}, {\"id\": 1}]"));

        assertEquals(List.of("refund", "orders"), normalized.events().stream().map(Event::objectType).toList());
        assertEquals("orders", normalize(webhook, Map.of("webhook.object.type", "orders"),
                postJson("{\"kind\": \"refund\"}")).events().get(0).objectType());
    }

    @Test
    void eventObjectsKeepsOnlyTheListedObjectTypes() {
        Map<String, String> config = orderConfig();
        config.put("event.objects", " Order , invoice");

        Normalized normalized = normalize(webhook, config,
                post("https://hub.example/events/webhook/7", "application/json", fixture("webhook/orders.json")));

        assertEquals(List.of("A-1", "A-2"), normalized.events().stream().map(Event::objectId).toList());
    }

    @Test
    void theDeliveryIdIsTheWebhookIdOrIdempotencyKeyHeader() {
        assertEquals(Optional.of("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"), normalize(webhook, Map.of(),
                postJson("{}", "webhook-id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W")).vendorDeliveryId());
        assertEquals(Optional.of("k-1"), normalize(webhook, Map.of(),
                postJson("{}", "idempotency-key", "k-1")).vendorDeliveryId());
    }

    @Test
    void anXmlBodyIsOneUnknownEventWithoutId() {
        byte[] xml = fixture("webhook/notification.xml");

        Normalized normalized = normalize(webhook, Map.of("webhook.object.type", "notifications",
                "webhook.object.id.path", "id"), post("https://hub.example/events/webhook/7", "text/xml", xml));

        assertEquals(1, normalized.events().size());
        Event event = normalized.events().get(0);
        assertEquals("notifications", event.objectType());
        assertEquals(EventType.UNKNOWN, event.eventType());
        assertNull(event.objectId());
        assertEquals(RECEIVED, event.date());
        assertTrue(normalized.raw().isTextual());
        assertEquals(new String(xml, StandardCharsets.UTF_8), normalized.raw().asText());
    }

    @Test
    void aFormBodyIsNormalizedLikeAnObject() {
        Normalized normalized = normalize(webhook, Map.of("webhook.object.id.path", "ref"),
                post("https://hub.example/events/webhook/7", "application/x-www-form-urlencoded",
                        "ref=r-9&state=open".getBytes(StandardCharsets.UTF_8)));

        assertEquals("r-9", normalized.events().get(0).objectId());
        assertEquals("open", normalized.raw().get("state").asText());
    }

    @Test
    void aGetWithAChallengeIsEchoedAsPlainText() {
        assertEquals(Optional.of(new Handshake(200, "text/plain", "abc 123")), Normalizer.handshake(webhook,
                Map.of(), Fixtures.get("https://hub.example/events/webhook/7?challenge=abc%20123")));
        assertEquals(Optional.of(Handshake.echo("1158201444")), Normalizer.handshake(webhook, Map.of(),
                Fixtures.get("https://hub.example/events/webhook/7?hub.mode=subscribe&hub.challenge=1158201444")));
    }

    @Test
    void aGetWithoutChallengeOrOnAnElementWithoutHandshakeHasNoAnswer() {
        assertEquals(Optional.empty(), Normalizer.handshake(webhook, Map.of(),
                Fixtures.get("https://hub.example/events/webhook/7?other=1")));
        assertEquals(Optional.empty(), Normalizer.handshake(Fixtures.builtIn("stripe"), Map.of(),
                Fixtures.get("https://hub.example/events/stripe/7?challenge=abc")));
    }
}
