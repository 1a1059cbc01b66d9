package io.switchboard.instance;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.error.HubError;
import io.switchboard.error.FieldError;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.element.EventKeys;

/**
 * Reads and checks configuration as clients send it. Values are strings, as in Open Connectors: numbers and
 * booleans are stored as their text, and {@code event.poller.configuration} may come as a JSON object.
 * A JSON null means "remove this key" (PATCH).
 */
final class ConfigurationValues {

    /** What a read shows for a secret; sent back unchanged, it keeps the stored value. */
    static final String REDACTED = "********";

    private ConfigurationValues() {
    }

    /** The configuration object of a request body; null values are kept (as null) to mean removal. */
    /** The most keys one instance's configuration may have (API.md §4). */
    static final int MAX_KEYS = 200;
    static final int MAX_KEY_LENGTH = 200;

    static Map<String, String> read(JsonNode configuration) {
        Map<String, String> values = new LinkedHashMap<>();
        if (configuration == null || configuration.isNull() || configuration.isMissingNode()) {
            return values;
        }
        if (!configuration.isObject()) {
            throw HubError.invalidField("configuration", "must be a JSON object of key: value pairs");
        }
        if (configuration.size() > MAX_KEYS) {
            throw HubError.invalidField("configuration", "has " + configuration.size() + " keys; at most " + MAX_KEYS
                    + " are allowed");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = configuration.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().isBlank() || field.getKey().length() > MAX_KEY_LENGTH) {
                throw HubError.invalidField("configuration", "keys must be 1 to " + MAX_KEY_LENGTH + " characters long");
            }
            values.put(field.getKey(), text(field.getKey(), field.getValue()));
        }
        return values;
    }

    static String text(String key, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (EventKeys.POLLER_CONFIGURATION.equals(key) && value.isObject()) {
            return value.toString();
        }
        throw HubError.invalidField(key, "must be a string, number or boolean");
    }

    /**
     * Checks a complete configuration (after merging) against the element: every required key present, and
     * the event keys well-formed. All failures are reported at once, each naming its key.
     */
    static void validate(ElementDescriptor element, Map<String, String> effective, List<ConfigurationCheck> checks) {
        List<FieldError> errors = new ArrayList<>();
        List<String> missing = element.configuration().stream()
                .filter(ElementDescriptor.ConfigKey::required)
                .filter(key -> isBlank(effective.get(key.key())) && isBlank(key.defaultValue()))
                .map(ElementDescriptor.ConfigKey::key)
                .toList();
        missing.forEach(key -> errors.add(new FieldError(key, "is required")));

        check(effective, EventKeys.ENABLED, errors, value -> isBoolean(value) ? null : "must be true or false");
        check(effective, EventKeys.ORDERED, errors, value -> isBoolean(value) ? null : "must be true or false");
        check(effective, EventKeys.VENDOR_TYPE, errors, value -> switch (value) {
            case "webhook", "webhooks" -> element.events().webhook() ? null
                    : "element '" + element.key() + "' does not receive webhooks; use polling";
            case "polling" -> element.events().polling() ? null
                    : "element '" + element.key() + "' cannot be polled; use webhook";
            default -> "must be webhook or polling";
        });
        check(effective, EventKeys.POLLER_REFRESH_INTERVAL, errors, value -> {
            try {
                return new BigDecimal(value).compareTo(new BigDecimal("0.1")) >= 0 ? null
                        : "must be at least 0.1 (minutes, i.e. 6 seconds)";
            } catch (NumberFormatException e) {
                return "must be a number of minutes, e.g. 15 or 0.5";
            }
        });
        check(effective, EventKeys.CALLBACK_URL, errors, ConfigurationValues::checkUrl);
        check(effective, EventKeys.INSTANCE_FINDER, errors, value -> value.matches("[^|\\s]+\\|[^|\\s]+") ? null
                : "must be configKey|payload.path, e.g. twilio.account.sid|AccountSid");
        checks.forEach(check -> check.checkValues(effective, errors));
        check(effective, EventKeys.POLLER_CONFIGURATION, errors, value -> {
            try {
                JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(value);
                return parsed != null && parsed.isObject() ? null : "must be a JSON object of resources";
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return "must be a JSON object of resources (it is not valid JSON)";
            }
        });
        if (!errors.isEmpty()) {
            String detail = missing.isEmpty()
                    ? "configuration is invalid: " + describe(errors)
                    : "configuration is missing required keys: " + String.join(", ", missing)
                            + (errors.size() > missing.size() ? "; and " + describe(errors.subList(missing.size(),
                                    errors.size())) : "");
            throw new HubError(HubError.Kind.INVALID, detail, errors, Map.of());
        }
    }

    static String checkUrl(String value) {
        if (value.startsWith("kafka:")) {
            return null; // a Kafka topic (API.md §11): Instances checks it with the other destinations
        }
        try {
            URI uri = new URI(value);
            // The authority, not getHost(): java.net.URI finds no host in numeric forms such as 127.1 or
            // 0x7f.0.0.1, which the SSRF guard reads the way a client would and judges itself.
            if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase())
                    || uri.getRawAuthority() == null || uri.getRawAuthority().isBlank()) {
                return "must be an absolute http(s) URL, e.g. https://app.example/callback, or kafka:<topic>";
            }
            return null;
        } catch (java.net.URISyntaxException e) {
            return "must be an absolute http(s) URL, e.g. https://app.example/callback, or kafka:<topic>";
        }
    }

    private interface Check {
        String problem(String value);
    }

    private static void check(Map<String, String> effective, String key, List<FieldError> errors, Check check) {
        String value = effective.get(key);
        if (isBlank(value)) {
            return;
        }
        String problem = check.problem(value.trim());
        if (problem != null) {
            errors.add(new FieldError(key, problem));
        }
    }

    private static String describe(List<FieldError> errors) {
        return errors.stream().map(e -> e.field() + " " + e.message()).reduce((a, b) -> a + "; " + b).orElse("");
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean isBoolean(String value) {
        return "true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value);
    }
}
