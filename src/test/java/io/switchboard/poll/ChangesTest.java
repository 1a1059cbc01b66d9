package io.switchboard.poll;

import io.switchboard.element.rule.PolledResource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.event.Event;
import io.switchboard.event.EventType;

class ChangesTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant WATERMARK = Instant.parse("2026-11-22T10:00:00.600Z");
    static final Instant POLL = Instant.parse("2026-11-22T10:05:00.300Z");

    static PolledResource resource(String extra) throws Exception {
        return PolledResource.parse("contacts", MAPPER.readTree("""
                {"url": "/contacts", "createdCheckTolerance": 60,
                 "datesConfiguration": {"updatedDateField": "updated", "updatedDateFormat": "yyyy-MM-dd'T'HH:mm:ss'Z'",
                                        "createdDateField": "created", "createdDateFormat": "yyyy-MM-dd'T'HH:mm:ss'Z'"}
                 %s}""".formatted(extra)));
    }

    static JsonNode object(String id, String created, String updated) {
        return MAPPER.createObjectNode().put("id", id).put("created", created).put("updated", updated);
    }

    static List<String> ids(List<Event> events) {
        return events.stream().map(Event::objectId).toList();
    }

    @Test
    void createdWithinTheToleranceElseUpdated() throws Exception {
        Changes.Found found = Changes.classify("rest", resource(""), List.of(
                object("new", "2026-11-22T10:01:00Z", "2026-11-22T10:01:00Z"),
                object("edited-at-once", "2026-11-22T10:01:00Z", "2026-11-22T10:02:00Z"),
                object("edited-later", "2026-11-22T10:01:00Z", "2026-11-22T10:02:01Z"),
                object("old", "2020-01-01T00:00:00Z", "2026-11-22T10:03:00Z")), WATERMARK, POLL, Set.of());
        assertEquals(List.of(EventType.CREATED, EventType.CREATED, EventType.UPDATED, EventType.UPDATED),
                found.events().stream().map(Event::eventType).toList());
        Event first = found.events().get(0);
        assertEquals("contacts", first.objectType());
        assertEquals(Instant.parse("2026-11-22T10:01:00Z"), first.date());
        assertEquals("new", first.object().path("id").asText());
    }

    @Test
    void theWindowStartsAtTheWatermarkAtTheFormatsPrecision() throws Exception {
        List<JsonNode> objects = List.of(
                object("before", "2020-01-01T00:00:00Z", "2026-11-22T09:59:59Z"),
                // 10:00:00 is the watermark's second (10:00:00.600): the vendor cannot say whether it was before
                object("same-second", "2020-01-01T00:00:00Z", "2026-11-22T10:00:00Z"),
                object("after", "2020-01-01T00:00:00Z", "2026-11-22T10:00:01Z"));
        assertEquals(List.of("same-second", "after"),
                ids(Changes.classify("rest", resource(""), objects, WATERMARK, POLL, Set.of()).events()));
        assertEquals(List.of("before", "same-second", "after"), ids(Changes.classify("rest",
                resource(", \"filterByUpdatedDate\": false"), objects, WATERMARK, POLL, Set.of()).events()));
    }

    @Test
    void pairsAlreadyReportedAreDroppedWhateverTheFilterSays() throws Exception {
        Set<Changes.Seen> reported = Set.of(new Changes.Seen("a", Instant.parse("2026-11-22T10:00:00Z")));
        List<JsonNode> objects = List.of(
                object("a", "2020-01-01T00:00:00Z", "2026-11-22T10:00:00Z"),
                object("a2", "2020-01-01T00:00:00Z", "2026-11-22T10:00:00Z"),
                object("a2", "2020-01-01T00:00:00Z", "2026-11-22T10:00:00Z"));
        assertEquals(List.of("a2"), ids(Changes.classify("rest", resource(""), objects, WATERMARK, POLL, reported)
                .events()));
        assertEquals(List.of("a2"), ids(Changes.classify("rest", resource(", \"filterByUpdatedDate\": false"), objects,
                WATERMARK, POLL, reported).events()));
        // a later update of the same object is a new change
        assertEquals(List.of("a"), ids(Changes.classify("rest", resource(""),
                List.of(object("a", "2020-01-01T00:00:00Z", "2026-11-22T10:04:00Z")), WATERMARK, POLL, reported)
                .events()));
    }

    @Test
    void theBoundaryKeepsWhatTheNextWindowCovers() throws Exception {
        Changes.Found found = Changes.classify("rest", resource(""), List.of(
                object("early", "2020-01-01T00:00:00Z", "2026-11-22T10:01:00Z"),
                object("at-poll", "2020-01-01T00:00:00Z", "2026-11-22T10:05:00Z")), WATERMARK, POLL,
                Set.of(new Changes.Seen("gone", Instant.parse("2026-11-22T10:00:00Z"))));
        assertEquals(Set.of(new Changes.Seen("at-poll", Instant.parse("2026-11-22T10:05:00Z"))), found.boundary());
        // with a poll delay the next window reaches back, and so does the boundary
        Changes.Found delayed = Changes.classify("rest", resource(", \"pollDelay\": 300"), List.of(
                object("early", "2020-01-01T00:00:00Z", "2026-11-22T10:01:00Z")), WATERMARK, POLL, Set.of());
        assertEquals(1, delayed.boundary().size());
    }

    @Test
    void aBadDateFailsThePollNamingTheObject() throws Exception {
        PollFailure failure = assertThrows(PollFailure.class, () -> Changes.classify("rest", resource(""),
                List.of(object("x", "2020-01-01T00:00:00Z", "22/11/2026")), WATERMARK, POLL, Set.of()));
        assertEquals("contacts object x: updated '22/11/2026' is not a date in format yyyy-MM-dd'T'HH:mm:ss'Z'",
                failure.reason());
        PollFailure missing = assertThrows(PollFailure.class, () -> Changes.classify("rest", resource(""),
                List.of(MAPPER.createObjectNode().put("id", "y")), WATERMARK, POLL, Set.of()));
        assertTrue(missing.reason().contains("has no updated nor created"), missing.reason());
    }

    @Test
    void withoutDatesEveryObjectIsAnUpdateAtThePollsStart() throws Exception {
        PolledResource plain = PolledResource.parse("items", MAPPER.readTree("{\"url\": \"/items\"}"));
        Changes.Found found = Changes.classify("rest", plain, List.of(MAPPER.createObjectNode().put("id", 1)),
                WATERMARK, POLL, Set.of());
        assertEquals(EventType.UPDATED, found.events().get(0).eventType());
        assertEquals(POLL, found.events().get(0).date());
        assertEquals("1", found.events().get(0).objectId());
    }

    @Test
    void resourceMistakesAreNamed() {
        IllegalArgumentException noUrl = assertThrows(IllegalArgumentException.class,
                () -> PolledResource.parseAll("{\"contacts\": {}}", Map.of()));
        assertEquals("contacts.url is required, e.g. \"/contacts\"", noUrl.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PolledResource.parseAll("{\"c\": {\"url\": \"/c\", "
                + "\"datesConfiguration\": {\"updatedDateFormat\": \"yyyy-MM-dd'T\"}}}", Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> PolledResource.parseAll("{\"c\": {\"url\": \"/c\", \"pollDelay\": -1}}", Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> PolledResource.parseAll("{\"c\": {\"url\": \"/c\", \"urll\": 1}}", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> PolledResource.parseAll("{}", Map.of()));
        assertEquals(List.of("b"), PolledResource.parseAll("{\"a\": {\"url\": \"/a\"}, \"B\": {\"url\": \"/b\"}}",
                Map.of("b", true)).stream().map(r -> r.name().toLowerCase()).toList());
    }
}
