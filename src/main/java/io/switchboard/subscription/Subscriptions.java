package io.switchboard.subscription;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.error.FieldError;
import io.switchboard.error.HubError;
import io.switchboard.api.RequestIds;
import io.switchboard.outbound.TargetGuard;
import io.switchboard.outbound.TargetRefusedException;
import io.switchboard.element.ElementCatalog;
import io.switchboard.event.EventType;
import io.switchboard.instance.Instances;
import io.switchboard.tenant.Caller;

/** Creates, reads and deletes a user's subscriptions (API.md §8); a change invalidates the matching index. */
@ApplicationScoped
public class Subscriptions {

    private static final String CHANGE_TYPES = "must be CREATED, UPDATED, DELETED or UNKNOWN, or a list of them";

    @Inject SubscriptionStore store;
    @Inject SubscriptionIndex index;
    @Inject Instances instances;
    @Inject ElementCatalog catalog;
    @Inject TargetGuard guard;
    @Inject Clock clock;

    public Subscription create(Caller caller, SubscriptionRequest request, PushFormat format) {
        if (request == null) {
            throw HubError.invalid("a JSON body is required, e.g. {\"instanceId\": 7, \"collection\": \"customers\"}");
        }
        String collection = blankToNull(request.collection());
        if (collection == null) {
            throw HubError.invalidField("collection", "is required: the object type to subscribe to, e.g. customers");
        }
        String elementKey = blankToNull(request.elementKeyOrAlias());
        Long instanceId = request.instanceId();
        if (instanceId == null && elementKey == null) {
            throw HubError.invalidField("instanceId", "is required (or elementKey, for all of the organization's"
                    + " instances of an element)");
        }
        if (instanceId != null && elementKey != null) {
            throw HubError.invalidField("elementKey", "cannot be given with instanceId; name one of them");
        }
        if (instanceId != null && instances.settings(instanceId)
                .filter(i -> i.organizationId() == caller.organizationId()).isEmpty()) {
            throw new HubError(HubError.Kind.NOT_FOUND, "instanceId names no instance of this organization: " + instanceId,
                    List.of(new FieldError("instanceId", "names no instance of this organization")), Map.of());
        }
        if (elementKey != null && catalog.find(caller.organizationId(), elementKey).isEmpty()) {
            throw HubError.invalidField("elementKey", "names no element: " + elementKey);
        }
        Filter filter;
        try {
            filter = Filter.compile(request.filter() == null ? "" : request.filter().strip());
        } catch (FilterSyntaxException e) {
            String message = "is invalid " + e.getMessage();
            throw new HubError(HubError.Kind.INVALID, "filter " + message, List.of(new FieldError("filter", message)),
                    Map.of("position", e.position()));
        }
        String address = blankToNull(request.deliveryAddress());
        if (address != null) {
            try {
                address = guard.checkConfigured("deliveryAddress", address).toString();
            } catch (TargetRefusedException e) {
                throw new HubError(HubError.Kind.INVALID, e.getMessage(),
                        List.of(new FieldError("deliveryAddress", e.getMessage())), Map.of());
            }
        }
        Subscription subscription = new Subscription("sub_" + RequestIds.next(), caller.organizationId(),
                caller.userId(), blankToNull(request.title()), instanceId, elementKey, collection, filter,
                changeTypes(request.changeType()), address, Boolean.TRUE.equals(request.persistNotifications()),
                format, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        store.insert(subscription);
        index.changed();
        return subscription;
    }

    public List<Subscription> list(Caller caller) {
        return store.list(caller.organizationId(), caller.userId());
    }

    public Subscription get(Caller caller, String id) {
        return store.find(caller.organizationId(), caller.userId(), id).orElseThrow(() -> notFound(id));
    }

    public void delete(Caller caller, String id) {
        if (!store.delete(caller.organizationId(), caller.userId(), id)) {
            throw notFound(id);
        }
        index.changed();
    }

    private static HubError notFound(String id) {
        return HubError.notFound("no subscription " + id);
    }

    /** One name or a list of names, any case; absent means every change type. */
    static Set<EventType> changeTypes(JsonNode node) {
        if (node == null || node.isNull()) {
            return EnumSet.allOf(EventType.class);
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        if (node.isTextual()) {
            for (String name : node.textValue().split(",")) {
                types.add(changeType(name));
            }
        } else if (node.isArray() && !node.isEmpty()) {
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw HubError.invalidField("changeType", CHANGE_TYPES);
                }
                types.add(changeType(item.textValue()));
            }
        } else {
            throw HubError.invalidField("changeType", CHANGE_TYPES);
        }
        return types;
    }

    private static EventType changeType(String name) {
        try {
            return EventType.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HubError.invalidField("changeType", CHANGE_TYPES + " ('" + name.strip() + "' is not)");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
