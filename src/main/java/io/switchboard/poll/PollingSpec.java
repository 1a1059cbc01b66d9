package io.switchboard.poll;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.switchboard.event.rule.InvalidRuleException;
import io.switchboard.event.rule.JsonPaths;
import io.switchboard.event.rule.RuleParser;
import io.switchboard.event.rule.Scope;
import io.switchboard.event.rule.ValueRule;

/**
 * An element descriptor's {@code polling} section (see {@code elements/README.md}): where the vendor is, how a poll
 * authenticates, where the records and the next page's URL are in an answer. Each setting is a value rule read
 * against the instance configuration ({@code config}, {@code value}, {@code first}, {@code concat} and the
 * modifiers); a plain string is a constant. Unset settings read the {@code rest} element's keys, so an element
 * without a {@code polling} section is polled like {@code rest}. The default resources,
 * {@code polling.configuration}, become the default of {@code event.poller.configuration}.
 */
public record PollingSpec(ValueRule baseUrl, ValueRule authHeader, ValueRule basicUsername, ValueRule basicPassword,
        ValueRule recordsPath, ValueRule nextPagePath) {

    private static final Set<String> FIELDS = Set.of("configuration", "baseUrl", "authHeader", "basicAuth",
            "recordsPath", "nextPagePath");

    /**
     * Checks an element descriptor's {@code polling} section.
     *
     * @throws InvalidRuleException naming the field at fault
     */
    public static void validate(JsonNode polling) {
        of(polling);
    }

    /** The settings of one instance, read from its configuration. */
    record Settings(String baseUrl, String authHeader, String basicUsername, String basicPassword,
            String recordsPath, String nextPagePath) {
    }

    static final PollingSpec REST = new PollingSpec(new ValueRule.Config("rest.base.url", null),
            new ValueRule.Config("rest.auth.header", null), null, null,
            new ValueRule.Config("rest.records.path", null), new ValueRule.Config("rest.next.page.path", null));

    /**
     * @param polling the section, or null
     * @throws InvalidRuleException naming the field at fault, e.g. {@code polling.basicAuth.username}
     */
    static PollingSpec of(JsonNode polling) {
        if (polling == null || polling.isNull()) {
            return REST;
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
            username = rule(basic.get("username"), "polling.basicAuth.username", null);
            password = rule(basic.get("password"), "polling.basicAuth.password", null);
        }
        return new PollingSpec(rule(polling.get("baseUrl"), "polling.baseUrl", REST.baseUrl),
                rule(polling.get("authHeader"), "polling.authHeader", basic == null ? REST.authHeader : null),
                username, password,
                rule(polling.get("recordsPath"), "polling.recordsPath", REST.recordsPath),
                rule(polling.get("nextPagePath"), "polling.nextPagePath", REST.nextPagePath));
    }

    Settings settings(Map<String, String> configuration) {
        Scope scope = new Scope(null, null, null, null, null, configuration);
        return new Settings(text(baseUrl, scope), text(authHeader, scope), text(basicUsername, scope),
                text(basicPassword, scope), text(recordsPath, scope), text(nextPagePath, scope));
    }

    private static ValueRule rule(JsonNode node, String where, ValueRule fallback) {
        if (node == null || node.isNull()) {
            return fallback;
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
