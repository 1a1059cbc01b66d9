package io.switchboard.element.rule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.element.rule.InvalidRuleException;
import io.switchboard.element.rule.JsonPaths;
import io.switchboard.element.rule.RuleParser;
import io.switchboard.element.rule.Scope;
import io.switchboard.element.rule.ValueRule;

/**
 * An element descriptor's {@code polling} section (see {@code elements/README.md}), parsed once with its
 * descriptor: where the vendor is, how a poll authenticates, where the records and the next page's URL are in an
 * answer. Each setting is a value rule read against the instance configuration ({@code config}, {@code value},
 * {@code first}, {@code concat} and the modifiers); a plain string is a constant. A setting the section leaves
 * unset is {@code null} here; the catalog fills it from the {@code rest} element's section ({@link #orElse}), so
 * that an element without a {@code polling} section is polled like {@code rest}, by data rather than by code.
 * The default resources, {@code polling.configuration}, become the default of {@code event.poller.configuration}.
 *
 * @param basicAuth whether the section sets {@code basicAuth} (then no default {@code authHeader} applies)
 */
public record PollingSpec(ValueRule baseUrl, ValueRule authHeader, ValueRule basicUsername, ValueRule basicPassword,
        ValueRule recordsPath, ValueRule nextPagePath, boolean basicAuth) {

    private static final Set<String> FIELDS = Set.of("configuration", "baseUrl", "authHeader", "basicAuth",
            "recordsPath", "nextPagePath");

    /** The settings of one instance, read from its configuration. */
    public record Settings(String baseUrl, String authHeader, String basicUsername, String basicPassword,
            String recordsPath, String nextPagePath) {
    }

    /** A section that sets nothing. */
    public static final PollingSpec EMPTY = new PollingSpec(null, null, null, null, null, null, false);

    /**
     * @param polling the section, or null
     * @throws InvalidRuleException naming the field at fault, e.g. {@code polling.basicAuth.username}
     */
    public static PollingSpec of(JsonNode polling) {
        if (polling == null || polling.isNull()) {
            return EMPTY;
        }
        if (!polling.isObject()) {
            throw new InvalidRuleException("polling", "must be an object");
        }
        for (Iterator<String> names = polling.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRuleException("polling", "has unknown field '" + name + "'; known: "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        JsonNode configuration = polling.get("configuration");
        if (configuration != null && !configuration.isNull()) {
            try {
                PolledResource.parseAll(configuration.isTextual() ? JsonPaths.text(configuration)
                        : configuration.toString(), Map.of());
            } catch (IllegalArgumentException e) {
                throw new InvalidRuleException("polling.configuration", e.getMessage());
            }
        }
        JsonNode basic = polling.get("basicAuth");
        ValueRule username = null;
        ValueRule password = null;
        if (basic != null && !basic.isNull()) {
            if (!basic.isObject() || !basic.has("username")) {
                throw new InvalidRuleException("polling.basicAuth", "must be {\"username\": <rule>, \"password\": <rule>}");
            }
            username = rule(basic.get("username"), "polling.basicAuth.username");
            password = rule(basic.get("password"), "polling.basicAuth.password");
        }
        return new PollingSpec(rule(polling.get("baseUrl"), "polling.baseUrl"),
                rule(polling.get("authHeader"), "polling.authHeader"), username, password,
                rule(polling.get("recordsPath"), "polling.recordsPath"),
                rule(polling.get("nextPagePath"), "polling.nextPagePath"), basic != null);
    }

    /** These settings, and {@code defaults}' where these are unset (its authHeader only without basicAuth). */
    public PollingSpec orElse(PollingSpec defaults) {
        return new PollingSpec(or(baseUrl, defaults.baseUrl),
                basicAuth ? authHeader : or(authHeader, defaults.authHeader),
                basicUsername, basicPassword,
                or(recordsPath, defaults.recordsPath), or(nextPagePath, defaults.nextPagePath), basicAuth);
    }

    /** The configuration keys the base URL is read from: URLs the hub calls, checked when they are configured. */
    public List<String> baseUrlKeys() {
        List<String> keys = new ArrayList<>();
        configKeys(baseUrl, keys);
        return keys;
    }

    /** How a failure names where a setting comes from: its configuration key, or the descriptor field. */
    public static String source(ValueRule rule, String field) {
        List<String> keys = new ArrayList<>();
        configKeys(rule, keys);
        return keys.isEmpty() ? "polling." + field : String.join(" or ", keys);
    }

    public Settings settings(Map<String, String> configuration) {
        Scope scope = new Scope(null, null, null, null, null, configuration);
        return new Settings(text(baseUrl, scope), text(authHeader, scope), text(basicUsername, scope),
                text(basicPassword, scope), text(recordsPath, scope), text(nextPagePath, scope));
    }

    private static void configKeys(ValueRule rule, List<String> keys) {
        if (rule instanceof ValueRule.Config config) {
            keys.add(config.key());
        } else if (rule instanceof ValueRule.First first) {
            first.rules().forEach(r -> configKeys(r, keys));
        } else if (rule instanceof ValueRule.Modified modified) {
            configKeys(modified.base(), keys);
        }
    }

    private static ValueRule or(ValueRule rule, ValueRule fallback) {
        return rule != null ? rule : fallback;
    }

    private static ValueRule rule(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return new ValueRule.Literal(TextNode.valueOf(node.textValue()));
        }
        return RuleParser.parse(node, where);
    }

    private static String text(ValueRule rule, Scope scope) {
        if (rule == null) {
            return null;
        }
        String text = JsonPaths.text(rule.evaluate(scope));
        return text == null || text.isBlank() ? null : text.trim();
    }
}
