package io.switchboard.poll;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.switchboard.element.ElementDescriptor;
import io.switchboard.element.EventKeys;
import io.switchboard.element.rule.InvalidRuleException;
import io.switchboard.element.rule.PolledResource;
import io.switchboard.element.rule.PollingSpec;
import io.switchboard.instance.InstanceSettings;

/**
 * What a poll needs, read once at its start: the instance, its element's polling section with the instance's
 * settings, the resources to fetch, the pairs already reported, and when the poll must have ended.
 */
record PollPlan(Lease lease, InstanceSettings instance, PollingSpec spec, PollingSpec.Settings polling,
        List<PolledResource> resources, Map<String, Set<Changes.Seen>> reported, Instant deadline) {

    /**
     * @param element  the instance's element; null when it no longer exists
     * @param reported the lease's boundary, decoded
     * @throws PollFailure when the element is gone or its polling section or the instance's resources are invalid
     */
    static PollPlan of(Lease lease, InstanceSettings instance, ElementDescriptor element,
            Map<String, Set<Changes.Seen>> reported, PollConfig config) {
        if (element == null) {
            throw new PollFailure("element '" + instance.elementKey() + "' no longer exists");
        }
        PollingSpec.Settings polling;
        List<PolledResource> resources;
        try {
            polling = element.pollingSpec().settings(instance.configuration());
            resources = PolledResource.parseAll(instance.get(EventKeys.POLLER_CONFIGURATION).orElse(null),
                    objectTypes(instance));
        } catch (InvalidRuleException e) {
            throw new PollFailure("element '" + element.key() + "' has an invalid polling section: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new PollFailure(e.getMessage());
        }
        Instant deadline = lease.start().plus(config.lease()).minus(config.lease().dividedBy(10));
        return new PollPlan(lease, instance, element.pollingSpec(), polling, resources, reported, deadline);
    }

    /** The start of the resource's window: the watermark less the resource's poll delay. */
    Instant windowStart(PolledResource resource) {
        return lease.watermark().minusSeconds(resource.pollDelay());
    }

    /** Where the polling section names the base URL, for a failure. */
    String baseUrlKey() {
        return PollingSpec.source(spec.baseUrl(), "baseUrl");
    }

    private static Map<String, Boolean> objectTypes(InstanceSettings instance) {
        Map<String, Boolean> types = new LinkedHashMap<>();
        instance.get(EventKeys.OBJECTS).ifPresent(list -> {
            for (String type : list.split(",")) {
                if (!type.isBlank()) {
                    types.put(type.trim().toLowerCase(Locale.ROOT), true);
                }
            }
        });
        return types;
    }
}
