package io.switchboard.subscription;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A subscription as the API shows it (API.md §8). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionView(String id, String title, Long instanceId, String elementKey, String collection,
        String filter, List<String> changeType, String deliveryAddress, boolean persistNotifications,
        String format, String createdDate) {

    static SubscriptionView of(Subscription s) {
        return new SubscriptionView(s.id(), s.title(), s.instanceId(), s.elementKey(), s.collection(),
                s.filter().source(), s.changeTypes().stream().map(Enum::name).sorted().toList(), s.deliveryAddress(),
                s.persistNotifications(), s.format().mediaType(), s.createdAt().toString());
    }
}
