package io.switchboard.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import io.switchboard.element.EventKeys;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.instance.Instances;

/**
 * What each instance's configuration says about its deliveries, read through the instance settings cache
 * ({@link Instances#settings}, dropped on every node when an instance changes): a rotated key, a new format, timeout
 * or retry schedule applies to the next attempt.
 */
@ApplicationScoped
public class InstanceDeliveryOptions {

    @Inject Instances instances;

    /**
     * The delivery options of each instance (signature key opened, format, timeout); an instance that set none, or
     * is gone, is absent (its deliveries take {@link DeliveryOptions#DEFAULT}). Called from the dispatcher thread.
     */
    @ActivateRequestContext
    public Map<Long, DeliveryOptions> options(List<Long> instanceIds) {
        Map<Long, DeliveryOptions> options = new HashMap<>();
        for (Long id : instanceIds) {
            Optional<InstanceSettings> settings = instances.settings(id);
            if (settings.isPresent()) {
                DeliveryOptions of = DeliveryOptions.of(settings.get()::get);
                if (of != DeliveryOptions.DEFAULT) {
                    options.put(id, of);
                }
            }
        }
        return options;
    }

    /**
     * The retry schedule of an instance that sets {@code event.notification.retry.schedule}, else {@code hubs} (the
     * hub's, {@code switchboard.delivery.retry-schedule}); in the caller's transaction.
     */
    public RetryPolicy retrySchedule(long instanceId, RetryPolicy hubs) {
        Optional<String> value = instances.settings(instanceId)
                .flatMap(settings -> settings.get(EventKeys.NOTIFICATION_RETRY_SCHEDULE));
        if (value.isEmpty()) {
            return hubs;
        }
        try {
            return new RetryPolicy(DeliveryOptions.retrySchedule(value.get()));
        } catch (IllegalArgumentException e) {
            return hubs; // stored before values were checked: the hub's schedule applies
        }
    }
}
