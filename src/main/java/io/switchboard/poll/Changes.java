package io.switchboard.poll;

import io.switchboard.element.rule.DateFormat;
import io.switchboard.element.rule.PolledResource;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.event.Event;
import io.switchboard.event.EventType;
import io.switchboard.element.rule.JsonPaths;

/**
 * Turns the objects a vendor returned for one resource into events (API.md §6): an object is reported when its
 * updated date is at or after the window's start (compared at the precision of the updated date's format) or when
 * {@code filterByUpdatedDate} is false; an (objectId, updatedDate) pair already reported is dropped either way; it is
 * CREATED when its created date equals its updated date within {@code createdCheckTolerance}, else UPDATED.
 */
final class Changes {

    /** An object's change, as remembered across polls. */
    record Seen(String objectId, Instant updated) {
    }

    /**
     * @param events   the changes, in the vendor's order
     * @param boundary the pairs the next window still covers: to be dropped if the next poll sees them again
     */
    record Found(List<Event> events, Set<Seen> boundary) {
    }

    private Changes() {
    }

    /**
     * @param windowStart the previous poll's start minus {@code pollDelay}
     * @param pollStart   this poll's start (the next window starts at it minus {@code pollDelay})
     * @param reported    pairs reported by earlier polls that this window covers
     * @throws PollFailure when an object's date is not in its configured format
     */
    static Found classify(String elementKey, PolledResource resource, List<JsonNode> objects, Instant windowStart,
            Instant pollStart, Set<Seen> reported) {
        Instant lower = resource.updatedFormat().truncate(windowStart);
        Instant nextLower = resource.updatedFormat().truncate(pollStart.minusSeconds(resource.pollDelay()));
        Set<Seen> seen = new HashSet<>(reported);
        Set<Seen> boundary = new LinkedHashSet<>();
        reported.stream().filter(pair -> !pair.updated().isBefore(nextLower)).forEach(boundary::add);
        List<Event> events = new ArrayList<>();
        for (JsonNode object : objects) {
            String id = JsonPaths.text(JsonPaths.resolve(object, resource.idField()));
            Instant created = date(resource, object, id, resource.createdDateField(), resource.createdFormat());
            Instant updated = date(resource, object, id, resource.updatedDateField(), resource.updatedFormat());
            if (updated == null && resource.updatedDateField() != null) {
                if (created == null) {
                    throw new PollFailure(resource.name() + " object " + (id == null ? "without an id" : id)
                            + " has no " + resource.updatedDateField() + (resource.createdDateField() == null ? ""
                                    : " nor " + resource.createdDateField()));
                }
                updated = created;
            }
            if (updated != null) {
                if (resource.filterByUpdatedDate() && updated.isBefore(lower)) {
                    continue;
                }
                if (id != null) {
                    Seen pair = new Seen(id, updated);
                    if (!seen.add(pair)) {
                        continue;
                    }
                    if (!updated.isBefore(nextLower)) {
                        boundary.add(pair);
                    }
                }
            }
            EventType type = created != null && updated != null && Duration.between(created, updated).abs()
                    .compareTo(Duration.ofSeconds(resource.createdCheckTolerance())) <= 0
                    ? EventType.CREATED : EventType.UPDATED;
            events.add(new Event(elementKey, type, resource.name(), id, updated == null ? pollStart : updated, object));
        }
        return new Found(events, boundary);
    }

    private static Instant date(PolledResource resource, JsonNode object, String id, String field, DateFormat format) {
        if (field == null) {
            return null;
        }
        JsonNode value = JsonPaths.resolve(object, field);
        try {
            return format.parse(value);
        } catch (DateTimeException e) {
            throw new PollFailure(resource.name() + " object " + (id == null ? "without an id" : id) + ": " + field
                    + " " + abbreviate(JsonPaths.text(value)) + " is not a date in format " + format);
        }
    }

    private static String abbreviate(String text) {
        String quoted = "'" + text + "'";
        return quoted.length() > 80 ? quoted.substring(0, 77) + "…'" : quoted;
    }
}
