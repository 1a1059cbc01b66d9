package io.switchboard.element.rule;

import static io.switchboard.event.Fixtures.element;
import static io.switchboard.event.Fixtures.normalize;
import static io.switchboard.event.Fixtures.postJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.switchboard.element.ElementDescriptor;
import io.switchboard.event.Event;
import io.switchboard.event.EventType;
import io.switchboard.event.Fixtures;
import io.switchboard.event.Normalized;

/** The descriptor rule vocabulary of {@code elements/README.md}, one behaviour at a time. */
class RuleVocabularyTest {

    private static Event one(String webhookSection, String body, String... headers) {
        Normalized normalized = normalize(element(webhookSection), Map.of(), postJson(body, headers));
        assertEquals(1, normalized.events().size());
        return normalized.events().get(0);
    }

    @Test
    void pathsWalkObjectsAndArrayIndexes() {
        Event event = one("{\"event\": {\"objectId\": {\"path\": \"items.1.id\"}}}",
                "{\"items\": [{\"id\": \"a\"}, {\"id\": \"b\"}]}");

        assertEquals("b", event.objectId());
    }

    @Test
    void aMissingPathOrJsonNullYieldsNothing() {
        assertNull(one("{\"event\": {\"objectId\": {\"path\": \"a.b.c\"}}}", "{\"a\": {\"b\": 1}}").objectId());
        assertNull(one("{\"event\": {\"objectId\": {\"path\": \"id\"}}}", "{\"id\": null}").objectId());
    }

    @Test
    void headersAreReadInAnyCase() {
        Event event = one("{\"event\": {\"objectType\": {\"header\": \"X-Resource\"}}}", "{}", "x-resource", "carts");

        assertEquals("carts", event.objectType());
    }

    @Test
    void regexTakesCaptureGroupOneAndNoMatchYieldsNothing() {
        String section = "{\"event\": {\"objectType\": {\"path\": \"t\", \"regex\": \"^([a-z]+)\\\\.\"}}}";

        assertEquals("order", one(section, "{\"t\": \"order.paid\"}").objectType());
        assertEquals("objects", one(section, "{\"t\": \"ORDER\"}").objectType(), "no match: the default type");
    }

    @Test
    void mapTurnsVendorNamesIntoEventTypesAndUnmappedNamesAreUnknown() {
        String section = "{\"event\": {\"eventType\": {\"path\": \"op\", \"map\": {\"add\": \"CREATED\"}}}}";

        assertEquals(EventType.CREATED, one(section, "{\"op\": \"add\"}").eventType());
        assertEquals(EventType.UNKNOWN, one(section, "{\"op\": \"CREATED\"}").eventType(),
                "with a map, even an EventType name must be mapped");
        assertEquals(EventType.UNKNOWN, one(section, "{}").eventType());
    }

    @Test
    void mapConfigReadsPairsFromTheInstanceAndExtendsTheMap() {
        ElementDescriptor acme = element("{\"event\": {\"eventType\": {\"path\": \"op\", \"map\": {\"add\": "
                + "\"CREATED\"}, \"mapConfig\": \"acme.map\"}}}");
        Map<String, String> config = Map.of("acme.map", "rm:DELETED, chg : UPDATED");

        List<EventType> types = normalize(acme, config, postJson("[{\"op\": \"add\"}, {\"op\": \"rm\"}, "
                + "{\"op\": \"chg\"}, {\"op\": \"zap\"}]")).events().stream().map(Event::eventType).toList();

        assertEquals(List.of(EventType.CREATED, EventType.DELETED, EventType.UPDATED, EventType.UNKNOWN), types);
    }

    @Test
    void configRulesUseTheInstanceValueThenTheElementDefaultThenTheRuleDefault() {
        String section = "{\"event\": {\"objectType\": {\"config\": \"acme.type\", \"default\": \"things\"}}}";
        ElementDescriptor withDefault = element(section,
                new ElementDescriptor.ConfigKey("acme.type", "Type", false, false, "widgets", null));

        assertEquals("parts", normalize(withDefault, Map.of("acme.type", "parts"), postJson("{}"))
                .events().get(0).objectType());
        assertEquals("widgets", normalize(withDefault, Map.of("acme.type", " "), postJson("{}"))
                .events().get(0).objectType());
        assertEquals("things", one(section, "{}").objectType());
    }

    @Test
    void aPathCanComeFromConfiguration() {
        ElementDescriptor acme = element("{\"event\": {\"objectId\": {\"path\": {\"config\": \"acme.id.path\"}}}}");

        assertEquals("7", normalize(acme, Map.of("acme.id.path", "ref.no"), postJson("{\"ref\": {\"no\": 7}}"))
                .events().get(0).objectId());
        assertNull(normalize(acme, Map.of(), postJson("{\"ref\": {\"no\": 7}}")).events().get(0).objectId(),
                "an unset path yields nothing rather than the whole object");
    }

    @Test
    void firstTakesTheFirstRuleThatYieldsAValue() {
        String section = "{\"event\": {\"objectId\": {\"first\": [{\"path\": \"a\"}, {\"path\": \"b\"}, "
                + "{\"value\": \"none\"}]}}}";

        assertEquals("2", one(section, "{\"a\": null, \"b\": 2}").objectId());
        assertEquals("none", one(section, "{}").objectId());
    }

    @Test
    void whenMakesARuleConditional() {
        String section = "{\"event\": {\"eventType\": {\"first\": [{\"value\": \"DELETED\", \"when\": "
                + "{\"path\": \"deleted_at\"}}, {\"value\": \"UPDATED\"}]}}}";

        assertEquals(EventType.DELETED, one(section, "{\"deleted_at\": \"2026-01-01\"}").eventType());
        assertEquals(EventType.UPDATED, one(section, "{\"deleted_at\": null}").eventType());
    }

    @Test
    void concatNeedsEveryPart() {
        String section = "{\"deliveryId\": {\"concat\": [{\"path\": \"sid\"}, {\"path\": \"status\"}], "
                + "\"separator\": \"/\"}}";

        assertEquals(Optional.of("S1/sent"), normalize(element(section), Map.of(),
                postJson("{\"sid\": \"S1\", \"status\": \"sent\"}")).vendorDeliveryId());
        assertEquals(Optional.empty(), normalize(element(section), Map.of(),
                postJson("{\"sid\": \"S1\"}")).vendorDeliveryId());
    }

    @Test
    void eachJoinsAValueOfEveryObjectAndLongIdsAreHashed() {
        String section = "{\"deliveryId\": {\"each\": {\"path\": \"eventId\"}}}";
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            many.append(i == 0 ? "" : ",").append("{\"eventId\": ").append(1_000_000 + i).append('}');
        }

        assertEquals(Optional.of("1,2"), normalize(element(section), Map.of(),
                postJson("[{\"eventId\": 1}, {}, {\"eventId\": 2}]")).vendorDeliveryId());
        String hashed = normalize(element(section), Map.of(), postJson(many + "]")).vendorDeliveryId().orElseThrow();
        assertTrue(hashed.matches("sha256:[0-9a-f]{64}"), hashed);
    }

    @Test
    void fromBodyAndFromObjectChangeWherePathsStart() {
        String section = "{\"objects\": {\"path\": \"rows\"}, \"event\": {"
                + "\"object\": {\"path\": \"record\"},"
                + "\"objectId\": {\"path\": \"id\", \"from\": \"object\"},"
                + "\"objectType\": {\"path\": \"table\", \"from\": \"body\"}}}";

        Event event = one(section, "{\"table\": \"users\", \"rows\": [{\"record\": {\"id\": \"u1\"}}]}");

        assertEquals("u1", event.objectId());
        assertEquals("users", event.objectType());
        assertEquals("{\"id\":\"u1\"}", event.object().toString());
    }

    @Test
    void datesInEachFormat() {
        String auto = "{\"event\": {\"date\": {\"path\": \"d\"}}}";
        String millis = "{\"event\": {\"date\": {\"path\": \"d\", \"format\": \"epochMillis\"}}}";
        String pattern = "{\"event\": {\"date\": {\"path\": \"d\", \"format\": \"dd/MM/yyyy HH:mm\"}}}";

        assertEquals(Instant.parse("2026-11-22T10:15:30Z"), one(auto, "{\"d\": 1795342530}").date());
        assertEquals(Instant.parse("2026-11-22T10:15:30.123Z"), one(auto, "{\"d\": 1795342530123}").date());
        assertEquals(Instant.parse("2026-11-22T09:15:30Z"), one(auto, "{\"d\": \"2026-11-22T10:15:30+01:00\"}").date());
        assertEquals(Instant.parse("2026-11-22T10:15:30Z"), one(auto, "{\"d\": \"1795342530\"}").date());
        assertEquals(Instant.parse("1970-01-01T00:00:01Z"), one(millis, "{\"d\": 1000}").date());
        assertEquals(Instant.parse("2026-11-22T10:15:00Z"), one(pattern, "{\"d\": \"22/11/2026 10:15\"}").date());
        assertEquals(Fixtures.RECEIVED, one(auto, "{\"d\": \"next tuesday\"}").date(), "not a date: time received");
    }
}
