package io.switchboard.element.rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Where one value of a webhook comes from, as an element descriptor states it (see {@code elements/README.md}).
 * Parsed by {@link RuleParser}; every kind is a small record.
 */
public sealed interface ValueRule {

    /** The value, or {@code null} when the webhook does not carry it. */
    JsonNode evaluate(Scope scope);

    /** Where a {@code path} starts. */
    enum From {
        ITEM, BODY, OBJECT
    }

    /** {@code {"path": "data.object.id"}}; the path may itself come from a rule, e.g. a configuration key. */
    record Path(ValueRule path, From from) implements ValueRule {
        @Override
        public JsonNode evaluate(Scope scope) {
            String dotted = JsonPaths.text(path.evaluate(scope));
            if (dotted == null) {
                return null;
            }
            JsonNode start = switch (from) {
                case ITEM -> scope.item();
                case BODY -> scope.body();
                case OBJECT -> scope.object();
            };
            JsonNode found = JsonPaths.resolve(start, dotted.trim());
            return JsonPaths.absent(found) ? null : found;
        }
    }

    /** {@code {"header": "X-GitHub-Event"}}: the first value of a request header. */
    record Header(String name) implements ValueRule {
        @Override
        public JsonNode evaluate(Scope scope) {
            return scope.request() == null ? null
                    : scope.request().header(name).map(TextNode::valueOf).orElse(null);
        }
    }

    /** {@code {"query": "hub.challenge"}}: the first value of a query parameter of the URL the vendor called. */
    record Query(String name) implements ValueRule {
        @Override
        public JsonNode evaluate(Scope scope) {
            return scope.request() == null ? null
                    : scope.request().queryParameter(name).map(TextNode::valueOf).orElse(null);
        }
    }

    /** {@code {"value": "messages"}}: a constant. */
    record Literal(JsonNode value) implements ValueRule {
        @Override
        public JsonNode evaluate(Scope scope) {
            return JsonPaths.absent(value) ? null : value;
        }
    }

    /** {@code {"config": "webhook.object.type", "default": "objects"}}: an instance configuration value. */
    record Config(String key, String defaultValue) implements ValueRule {
        @Override
        public JsonNode evaluate(Scope scope) {
            String value = scope.config(key);
            if (value == null) {
                value = defaultValue;
            }
            return value == null ? null : TextNode.valueOf(value);
        }
    }

    /** {@code {"first": [rule, …]}}: the first rule that yields a value. */
    record First(List<ValueRule> rules) implements ValueRule {
        @Override
        public JsonNode evaluate(Scope scope) {
            for (ValueRule rule : rules) {
                JsonNode value = rule.evaluate(scope);
                if (!JsonPaths.absent(value)) {
                    return value;
                }
            }
            return null;
        }
    }

    /** {@code {"concat": [rule, …], "separator": ":"}}: every part joined; absent when any part is. */
    record Concat(List<ValueRule> parts, String separator) implements ValueRule {
        @Override
        public JsonNode evaluate(Scope scope) {
            List<String> texts = new ArrayList<>();
            for (ValueRule part : parts) {
                String text = JsonPaths.text(part.evaluate(scope));
                if (text == null) {
                    return null;
                }
                texts.add(text);
            }
            return TextNode.valueOf(String.join(separator, texts));
        }
    }

    /** {@code {"each": rule, "separator": ","}}: the rule over every object, present values joined. */
    record Each(ValueRule rule, String separator) implements ValueRule {
        @Override
        public JsonNode evaluate(Scope scope) {
            List<String> texts = new ArrayList<>();
            for (JsonNode object : scope.objects()) {
                String text = JsonPaths.text(rule.evaluate(scope.withItem(object)));
                if (text != null) {
                    texts.add(text);
                }
            }
            return texts.isEmpty() ? null : TextNode.valueOf(String.join(separator, texts));
        }
    }

    /**
     * A rule with modifiers, applied in this order: {@code when} (the rule yields nothing unless {@code when}
     * yields something), {@code regex} (capture group 1, or the whole match; no match yields nothing), then
     * {@code map} and {@code mapConfig} (a name missing from the table yields nothing).
     */
    record Modified(ValueRule base, ValueRule when, Pattern regex, Map<String, String> map, String mapConfig)
            implements ValueRule {
        @Override
        public JsonNode evaluate(Scope scope) {
            if (when != null && JsonPaths.absent(when.evaluate(scope))) {
                return null;
            }
            JsonNode value = base.evaluate(scope);
            if (JsonPaths.absent(value)) {
                return null;
            }
            if (regex != null) {
                Matcher matcher = regex.matcher(JsonPaths.text(value));
                if (!matcher.find()) {
                    return null;
                }
                value = TextNode.valueOf(matcher.groupCount() >= 1 && matcher.group(1) != null
                        ? matcher.group(1) : matcher.group());
            }
            Map<String, String> table = table(scope);
            if (table != null) {
                String mapped = table.get(JsonPaths.text(value));
                return mapped == null ? null : TextNode.valueOf(mapped);
            }
            return value;
        }

        /** The lookup table, {@code null} when neither {@code map} nor a set {@code mapConfig} gives one. */
        private Map<String, String> table(Scope scope) {
            String pairs = mapConfig == null ? null : scope.config(mapConfig);
            if (map == null && pairs == null) {
                return null;
            }
            Map<String, String> table = new HashMap<>(map == null ? Map.of() : map);
            if (pairs != null) {
                for (String pair : pairs.split(",")) {
                    int colon = pair.lastIndexOf(':');
                    if (colon > 0) {
                        table.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
                    }
                }
            }
            return table;
        }
    }
}
