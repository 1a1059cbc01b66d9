package io.switchboard.event;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One normalized change, as notifications carry it (API.md §7).
 *
 * @param elementKey the element that produced it, e.g. {@code stripe}
 * @param eventType  what happened
 * @param objectType the vendor's collection, e.g. {@code customer}, {@code messages}
 * @param objectId   the changed object's id, {@code null} when the payload carries none (e.g. an XML body)
 * @param date       when it happened according to the vendor, else when the hub received it
 * @param object     the changed object itself (e.g. Stripe's {@code data.object}); subscription filters read it.
 *                   Notifications do not carry it.
 */
public record Event(String elementKey, EventType eventType, String objectType, String objectId, Instant date,
        JsonNode object) {

    public Event {
        Objects.requireNonNull(elementKey, "elementKey");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(date, "date");
    }
}
