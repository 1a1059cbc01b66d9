package io.switchboard.element;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.error.FieldError;
import io.switchboard.error.HubError;
import io.switchboard.element.signature.WebhookSignatures;
import io.switchboard.element.rule.InvalidRuleException;
import io.switchboard.element.rule.WebhookSpec;
import io.switchboard.element.rule.PollingSpec;

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
        JsonNode polling,
        @JsonIgnore Specs specs) {

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    /** Which ways of producing events the element supports; {@code defaultVendorType} applies when unset. */
    public record Events(boolean webhook, boolean polling, String defaultVendorType) {

        public Events {
            if (defaultVendorType == null) {
                defaultVendorType = webhook || !polling ? "webhook" : "polling";
            }
        }
    }

    /**
     * A configuration key of the element. {@code defaultValue} is shown for unset keys. {@code outboundUrl} marks
     * a URL the hub calls (a vendor's base URL): it passes the address guard when it is configured.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ConfigKey(String key, String name, boolean required, boolean secret, String defaultValue,
            @JsonInclude(JsonInclude.Include.NON_NULL) String description,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean outboundUrl) {

        public ConfigKey(String key, String name, boolean required, boolean secret, String defaultValue,
                String description) {
            this(key, name, required, secret, defaultValue, description, false);
        }
    }

    /**
     * The {@code webhook} and {@code polling} sections parsed into typed specs, once, when the descriptor is made:
     * ingest and polls read these, never the JSON. A section that does not parse keeps its error, which
     * {@link #validate} reports and every use of the spec throws. Derived from the sections, so it never makes two
     * descriptors differ.
     */
    public static final class Specs {

        private final Section<WebhookSpec> webhook;
        private final Section<PollingSpec> polling;

        private Specs(Section<WebhookSpec> webhook, Section<PollingSpec> polling) {
            this.webhook = webhook;
            this.polling = polling;
        }

        static Specs parse(JsonNode webhook, JsonNode polling) {
            return new Specs(Section.parse("webhook", webhook, WebhookSpec::parse),
                    Section.parse("polling", polling, PollingSpec::of));
        }

        /** The same, with the polling settings {@code defaults} has where these leave them unset. */
        Specs withPollingDefaults(PollingSpec defaults) {
            return polling.spec() == null ? this
                    : new Specs(webhook, new Section<>(polling.spec().orElse(defaults), null));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Specs;
        }

        @Override
        public int hashCode() {
            return 0;
        }

        @Override
        public String toString() {
            return "Specs";
        }
    }

    /** One section parsed: its spec (null when there is none), or why it does not parse. */
    private record Section<T>(T spec, InvalidRuleException error) {

        static <T> Section<T> parse(String name, JsonNode node, Function<JsonNode, T> parser) {
            if (node != null && !node.isObject()) {
                return new Section<>(null, new InvalidRuleException(name, "must be an object"));
            }
            try {
                return new Section<>(parser.apply(node), null);
            } catch (InvalidRuleException e) {
                return new Section<>(null, e);
            }
        }

        /** The spec; the parse error when the section is invalid. */
        T get() {
            if (error != null) {
                throw error;
            }
            return spec;
        }
    }

    public ElementDescriptor {
        configuration = configuration == null ? List.of() : List.copyOf(configuration);
        events = events == null ? new Events(false, false, null) : events;
        specs = specs == null ? Specs.parse(webhook, polling) : specs;
    }

    /** A descriptor as a client or a file states it; its sections are parsed here. */
    public ElementDescriptor(Long id, String key, String name, String description, Events events,
            List<ConfigKey> configuration, JsonNode webhook, JsonNode polling) {
        this(id, key, name, description, events, configuration, webhook, polling, null);
    }

    @JsonIgnore
    public Optional<ConfigKey> configKey(String key) {
        return configuration.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    /**
     * The parsed {@code webhook} section ({@link WebhookSpec#EMPTY} when there is none).
     *
     * @throws InvalidRuleException when the section is invalid
     */
    public WebhookSpec webhookSpec() {
        return specs.webhook.get();
    }

    /**
     * The parsed {@code polling} section; unset settings are the {@code rest} element's (see
     * {@link ElementCatalog#POLLING_DEFAULTS}) once the catalog has completed the descriptor.
     *
     * @throws InvalidRuleException when the section is invalid
     */
    public PollingSpec pollingSpec() {
        return specs.polling.get();
    }

    /**
     * The configuration keys that hold URLs the hub calls: those the descriptor marks {@code outboundUrl}, and the
     * keys its polling base URL is read from. Each passes the address guard when it is configured.
     */
    public List<String> outboundUrlKeys() {
        List<String> keys = new ArrayList<>();
        configuration.stream().filter(ConfigKey::outboundUrl).map(ConfigKey::key).forEach(keys::add);
        if (specs.polling.spec() != null) {
            specs.polling.spec().baseUrlKeys().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        }
        return keys;
    }

    /** The same descriptor with more configuration keys appended (those not declared already). */
    ElementDescriptor withExtraKeys(List<ConfigKey> extra) {
        List<ConfigKey> all = new ArrayList<>(configuration);
        extra.stream().filter(e -> configKey(e.key()).isEmpty()).forEach(all::add);
        return new ElementDescriptor(id, key, name, description, events, all, webhook, polling, specs);
    }

    /** The same descriptor with another id. */
    ElementDescriptor withId(Long newId) {
        return new ElementDescriptor(newId, key, name, description, events, configuration, webhook, polling, specs);
    }

    /** The same descriptor polled with {@code defaults} where its own polling section is silent. */
    ElementDescriptor withPollingDefaults(PollingSpec defaults) {
        return new ElementDescriptor(id, key, name, description, events, configuration, webhook, polling,
                specs.withPollingDefaults(defaults));
    }

    /**
     * Checks what the rest of the hub relies on; each failure names the field to fix.
     *
     * @param signatures the signature schemes there are, for {@code webhook.signature.scheme}
     */
    public void validate(WebhookSignatures signatures) {
        List<FieldError> errors = new ArrayList<>();
        if (key == null || !KEY.matcher(key).matches()) {
            errors.add(new FieldError("key",
                    "is required: lower-case letters, digits, '.', '_' or '-', at most 64, e.g. \"acme-crm\""));
        }
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "is required"));
        }
        if (!List.of("webhook", "polling").contains(events.defaultVendorType())) {
            errors.add(new FieldError("events.defaultVendorType", "must be \"webhook\" or \"polling\""));
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < configuration.size(); i++) {
            ConfigKey config = configuration.get(i);
            if (config == null || config.key() == null || config.key().isBlank()) {
                errors.add(new FieldError("configuration[" + i + "].key", "is required"));
            } else if (seen.contains(config.key())) {
                errors.add(new FieldError("configuration[" + i + "].key",
                        "repeats " + config.key() + "; each key appears once"));
            } else {
                seen.add(config.key());
            }
        }
        if (specs.webhook.error() != null) {
            errors.add(fieldError(specs.webhook.error()));
        } else if (webhook != null) {
            try {
                signatures.validate(specs.webhook.spec());
            } catch (InvalidRuleException e) {
                errors.add(fieldError(e));
            }
        }
        if (specs.polling.error() != null) {
            errors.add(fieldError(specs.polling.error()));
        }
        if (!errors.isEmpty()) {
            throw new HubError(HubError.Kind.INVALID, "the element descriptor is invalid: " + errors.stream()
                    .map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""),
                    errors, java.util.Map.of());
        }
    }

    private static FieldError fieldError(InvalidRuleException e) {
        String problem = e.getMessage().startsWith(e.field() + " ")
                ? e.getMessage().substring(e.field().length() + 1) : e.getMessage();
        return new FieldError(e.field(), problem);
    }
}
