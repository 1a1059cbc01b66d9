package io.switchboard.instance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An instance as the API shows it (API.md §4); secret values read {@code "********"}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InstanceView(
        long id,
        String name,
        String token,
        ElementRef element,
        List<String> tags,
        Map<String, String> configuration,
        boolean valid,
        boolean disabled,
        boolean eventsEnabled,
        Instant createdDate,
        Instant updatedDate,
        String webhookUrl,
        UserRef user) {

    public record ElementRef(String key, String name) {
    }

    public record UserRef(Long id, String emailAddress, String firstName, String lastName) {
    }

    /** One configuration entry: {@code GET /instances/{id}/configuration}. */
    public record ConfigEntry(long id, String key, String name, String propertyValue, boolean secret) {
    }
}
