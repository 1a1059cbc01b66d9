package io.switchboard.subscription;


import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /subscriptions}. {@code changeType} may be one name or a list; {@code elementKey}
 * (also accepted as {@code element}) subscribes to all the organization's instances of that element.
 */
public record SubscriptionRequest(String title, Long instanceId, String elementKey, String element,
        String collection, String filter, JsonNode changeType, String deliveryAddress, Boolean persistNotifications) {

    String elementKeyOrAlias() {
        return elementKey != null ? elementKey : element;
    }

}
