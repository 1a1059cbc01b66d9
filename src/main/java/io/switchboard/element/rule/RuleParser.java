package io.switchboard.element.rule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a value rule from its JSON form (the vocabulary is described in {@code elements/README.md}). */
public final class RuleParser {

    private static final List<String> KINDS = List.of("path", "header", "query", "value", "config", "first",
            "concat", "each");
    private static final Set<String> MODIFIERS = Set.of("when", "regex", "map", "mapConfig");

    private RuleParser() {
    }

    /**
     * @param where the field's name for error messages, e.g. {@code webhook.event.objectId}
     * @throws InvalidRuleException naming the field and what is wrong
     */
    public static ValueRule parse(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new InvalidRuleException(where, "must be a rule object such as {\"path\": \"id\"}");
        }
        List<String> kinds = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (KINDS.contains(name)) {
                kinds.add(name);
            } else if (!MODIFIERS.contains(name) && !allowed(name, node)) {
                throw new InvalidRuleException(where, "has unknown field '" + name + "'");
            }
        }
        if (kinds.size() != 1) {
            throw new InvalidRuleException(where, "must have exactly one of " + String.join(", ", KINDS)
                    + (kinds.isEmpty() ? "" : "; it has " + String.join(", ", kinds)));
        }
        return modified(node, base(node, kinds.get(0), where), where);
    }

    private static boolean allowed(String name, JsonNode node) {
        return switch (name) {
            case "default" -> node.has("config");
            case "from" -> node.has("path");
            case "separator" -> node.has("concat") || node.has("each");
            default -> false;
        };
    }

    private static ValueRule base(JsonNode node, String kind, String where) {
        JsonNode value = node.get(kind);
        return switch (kind) {
            case "path" -> new ValueRule.Path(value.isTextual() ? new ValueRule.Literal(value)
                    : parse(value, where + ".path"), from(node, where));
            case "header" -> new ValueRule.Header(text(value, where + ".header"));
            case "query" -> new ValueRule.Query(text(value, where + ".query"));
            case "value" -> new ValueRule.Literal(value);
            case "config" -> new ValueRule.Config(text(value, where + ".config"),
                    node.has("default") ? text(node.get("default"), where + ".default") : null);
            case "first" -> new ValueRule.First(list(value, where + ".first"));
            case "concat" -> new ValueRule.Concat(list(value, where + ".concat"), separator(node, "", where));
            case "each" -> new ValueRule.Each(parse(value, where + ".each"), separator(node, ",", where));
            default -> throw new IllegalStateException(kind);
        };
    }

    private static ValueRule modified(JsonNode node, ValueRule base, String where) {
        ValueRule when = node.has("when") ? parse(node.get("when"), where + ".when") : null;
        Pattern regex = null;
        if (node.has("regex")) {
            try {
                regex = Pattern.compile(text(node.get("regex"), where + ".regex"));
            } catch (PatternSyntaxException e) {
                throw new InvalidRuleException(where + ".regex", "is not a valid regular expression: "
                        + e.getDescription());
            }
        }
        Map<String, String> map = null;
        if (node.has("map")) {
            JsonNode table = node.get("map");
            if (!table.isObject()) {
                throw new InvalidRuleException(where + ".map", "must be an object of vendor name to value");
            }
            map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> entries = table.fields(); entries.hasNext();) {
                Map.Entry<String, JsonNode> entry = entries.next();
                map.put(entry.getKey(), text(entry.getValue(), where + ".map." + entry.getKey()));
            }
        }
        String mapConfig = node.has("mapConfig") ? text(node.get("mapConfig"), where + ".mapConfig") : null;
        if (when == null && regex == null && map == null && mapConfig == null) {
            return base;
        }
        return new ValueRule.Modified(base, when, regex, map == null ? null : Map.copyOf(map), mapConfig);
    }

    private static ValueRule.From from(JsonNode node, String where) {
        if (!node.has("from")) {
            return ValueRule.From.ITEM;
        }
        return switch (text(node.get("from"), where + ".from")) {
            case "item" -> ValueRule.From.ITEM;
            case "body" -> ValueRule.From.BODY;
            case "object" -> ValueRule.From.OBJECT;
            default -> throw new InvalidRuleException(where + ".from", "must be \"item\", \"body\" or \"object\"");
        };
    }

    private static String separator(JsonNode node, String fallback, String where) {
        return node.has("separator") ? text(node.get("separator"), where + ".separator") : fallback;
    }

    private static List<ValueRule> list(JsonNode value, String where) {
        if (!value.isArray() || value.isEmpty()) {
            throw new InvalidRuleException(where, "must be a non-empty array of rules");
        }
        List<ValueRule> rules = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            rules.add(parse(value.get(i), where + "[" + i + "]"));
        }
        return List.copyOf(rules);
    }

    private static String text(JsonNode value, String where) {
        if (value == null || !value.isTextual()) {
            throw new InvalidRuleException(where, "must be a string");
        }
        return value.asText();
    }
}
