package io.switchboard.element;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.Problem;

/**
 * A connector type, as data: which configuration an instance needs, which events it can produce, and (in the
 * {@code webhook} and {@code polling} sections) how its vendor's webhooks are verified and normalized and how
 * it is polled. Built-ins are the JSON files under {@code src/main/resources/elements/}; organizations add
 * their own with {@code POST /elements} in the same format.
 *
 * @param id            the numeric id, usable wherever a key is: a built-in's is in its file (below
 *                      {@link ElementCatalog#FIRST_CUSTOM_ID}), a custom element's is its row's; any id a client sends is ignored
 * @param configuration the element's own keys; the event keys of API.md §4 are added by {@link ElementCatalog}
 * @param webhook how vendor webhooks are verified and turned into events (see {@code elements/README.md})
 * @param polling how the vendor is polled: the default {@code event.poller.configuration} and paging
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ElementDescriptor(
        Long id,
        String key,
        String name,
        String description,
        Events events,
        List<ConfigKey> configuration,
        JsonNode webhook,
        JsonNode polling) {

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    /** Which ways of producing events the element supports; {@code defaultVendorType} applies when unset. */
    public record Events(boolean webhook, boolean polling, String defaultVendorType) {

        public Events {
            if (defaultVendorType == null) {
                defaultVendorType = webhook || !polling ? "webhook" : "polling";
            }
        }
    }

    /** A configuration key of the element. {@code defaultValue} is shown for unset keys. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ConfigKey(String key, String name, boolean required, boolean secret, String defaultValue,
            @JsonInclude(JsonInclude.Include.NON_NULL) String description) {
    }

    public ElementDescriptor {
        configuration = configuration == null ? List.of() : List.copyOf(configuration);
        events = events == null ? new Events(false, false, null) : events;
    }

    @JsonIgnore
    public Optional<ConfigKey> configKey(String key) {
        return configuration.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    /** The same descriptor with more configuration keys appended (those not declared already). */
    ElementDescriptor withExtraKeys(List<ConfigKey> extra) {
        List<ConfigKey> all = new ArrayList<>(configuration);
        extra.stream().filter(e -> configKey(e.key()).isEmpty()).forEach(all::add);
        return new ElementDescriptor(id, key, name, description, events, all, webhook, polling);
    }

    /** The same descriptor with another id. */
    ElementDescriptor withId(Long newId) {
        return new ElementDescriptor(newId, key, name, description, events, configuration, webhook, polling);
    }

    /** Checks what the rest of the hub relies on; each failure names the field to fix. */
    public void validate() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (key == null || !KEY.matcher(key).matches()) {
            errors.add(new Problem.FieldError("key",
                    "is required: lower-case letters, digits, '.', '_' or '-', at most 64, e.g. \"acme-crm\""));
        }
        if (name == null || name.isBlank()) {
            errors.add(new Problem.FieldError("name", "is required"));
        }
        if (!List.of("webhook", "polling").contains(events.defaultVendorType())) {
            errors.add(new Problem.FieldError("events.defaultVendorType", "must be \"webhook\" or \"polling\""));
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < configuration.size(); i++) {
            ConfigKey config = configuration.get(i);
            if (config == null || config.key() == null || config.key().isBlank()) {
                errors.add(new Problem.FieldError("configuration[" + i + "].key", "is required"));
            } else if (seen.contains(config.key())) {
                errors.add(new Problem.FieldError("configuration[" + i + "].key",
                        "repeats " + config.key() + "; each key appears once"));
            } else {
                seen.add(config.key());
            }
        }
        if (webhook != null && !webhook.isObject()) {
            errors.add(new Problem.FieldError("webhook", "must be an object"));
        } else if (webhook != null) {
            try {
                io.switchboard.element.signature.WebhookSignatures.validate(webhook);
            } catch (io.switchboard.event.rule.InvalidRuleException e) {
                String problem = e.getMessage().startsWith(e.field() + " ")
                        ? e.getMessage().substring(e.field().length() + 1) : e.getMessage();
                errors.add(new Problem.FieldError(e.field(), problem));
            }
        }
        if (polling != null && !polling.isObject()) {
            errors.add(new Problem.FieldError("polling", "must be an object"));
        } else if (polling != null) {
            try {
                io.switchboard.poll.PollingSpec.validate(polling);
            } catch (io.switchboard.event.rule.InvalidRuleException e) {
                String problem = e.getMessage().startsWith(e.field() + " ")
                        ? e.getMessage().substring(e.field().length() + 1) : e.getMessage();
                errors.add(new Problem.FieldError(e.field(), problem));
            }
        }
        if (!errors.isEmpty()) {
            throw new Problem(400, "the element descriptor is invalid: " + errors.stream()
                    .map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""),
                    errors, java.util.Map.of());
        }
    }
}
