package io.switchboard.event;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one vendor webhook became.
 *
 * @param events           the events, in body order, after {@code event.objects} filtering
 * @param raw              the body as notifications carry it: JSON as JSON, a form as an object of strings, XML
 *                         as a string
 * @param vendorDeliveryId the vendor's id of this delivery (a retry carries the same), when it has one
 */
public record Normalized(List<Event> events, JsonNode raw, Optional<String> vendorDeliveryId) {

    public Normalized {
        events = List.copyOf(events);
    }
}
