package io.switchboard.instance;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.switchboard.element.EventKeys;

/**
 * An instance as the rest of the hub reads it on every event and poll: its configuration with defaults
 * applied and secrets opened. Never returned by the API.
 */
public record InstanceSettings(long id, long organizationId, String elementKey, String name, List<String> tags,
        boolean disabled, Map<String, String> configuration) {

    public Optional<String> get(String key) {
        String value = configuration.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public boolean eventsEnabled() {
        return get(EventKeys.ENABLED).map(Boolean::parseBoolean).orElse(false);
    }

    /** Whether the callback gets this instance's notifications one at a time, in order (API.md §7). */
    public boolean ordered() {
        return get(EventKeys.ORDERED).map(Boolean::parseBoolean).orElse(false);
    }

    /** {@code webhook} or {@code polling} ({@code webhooks} is read as {@code webhook}). */
    public String vendorType() {
        String type = get(EventKeys.VENDOR_TYPE).orElse("webhook");
        return "webhooks".equals(type) ? "webhook" : type;
    }
}
