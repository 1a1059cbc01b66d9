package io.switchboard.subscription;

import java.time.Instant;
import java.util.Set;

import io.switchboard.event.Event;
import io.switchboard.event.EventType;

/**
 * A user's subscription to one collection (object type) of an instance, or of all the organization's instances
 * of an element ({@code instanceId} null, {@code elementKey} set), with its filter compiled.
 */
public record Subscription(String id, long organizationId, long userId, String title, Long instanceId,
        String elementKey, String collection, Filter filter, Set<EventType> changeTypes, String deliveryAddress,
        boolean persistNotifications, PushFormat format, Instant createdAt) {

    /** Whether the event (already known to be of this subscription's instance and collection) matches. */
    public boolean matches(Event event) {
        return changeTypes.contains(event.eventType()) && filter.test(event);
    }

    boolean matches(Filter.Values values) {
        return changeTypes.contains(values.event.eventType()) && filter.test(values);
    }

    /** Notifications are kept for the pull feed when asked for, or when there is nowhere to push them. */
    public boolean storesInFeed() {
        return persistNotifications || deliveryAddress == null;
    }
}
