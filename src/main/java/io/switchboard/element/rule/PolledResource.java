package io.switchboard.element.rule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One resource of {@code event.poller.configuration} (API.md §6), read and checked.
 *
 * @param name                 the key in the configuration: the events' objectType
 * @param url                  relative to the base URL (or absolute), with placeholders
 * @param idField              dotted path of the object's id (default {@code id})
 * @param filterByUpdatedDate  drop objects updated before the window (default: true when there is an updated date)
 * @param updatedDateField     dotted path of the updated date, or null
 * @param updatedFormat        how it is written (also the zone of {@code ${date:…}})
 * @param createdDateField     dotted path of the created date, or null
 * @param createdFormat        how it is written
 * @param createdCheckTolerance seconds within which created = updated means CREATED (default 0)
 * @param pageSize             for {@code ${pageSize}}, or null
 * @param pollDelay            seconds the window starts before the previous poll (vendors that index late)
 * @param recordsPath          overrides the element's records path for this resource, or null
 * @param nextPagePath         overrides the element's next-page path for this resource, or null
 */
public record PolledResource(String name, String url, String idField, boolean filterByUpdatedDate, String updatedDateField,
        DateFormat updatedFormat, String createdDateField, DateFormat createdFormat, long createdCheckTolerance,
        Integer pageSize, long pollDelay, String recordsPath, String nextPagePath) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("url", "idField", "filterByUpdatedDate", "datesConfiguration",
            "createdCheckTolerance", "pageSize", "pollDelay", "recordsPath", "nextPagePath");
    private static final Set<String> DATE_FIELDS = Set.of("updatedDateField", "updatedDateFormat",
            "updatedDateTimezone", "createdDateField", "createdDateFormat", "createdDateTimezone");

    /**
     * Every resource, in the order configured.
     *
     * @param objects the instance's {@code event.objects} (lower case), empty = all
     * @throws IllegalArgumentException naming the resource and field at fault
     */
    public static List<PolledResource> parseAll(String json, Map<String, Boolean> objects) {
        JsonNode root;
        try {
            root = json == null ? null : MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event.poller.configuration is not valid JSON");
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new IllegalArgumentException("event.poller.configuration names no resources; set it to e.g. "
                    + "{\"contacts\": {\"url\": \"/contacts?since=${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}\"}}");
        }
        List<PolledResource> resources = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (objects.isEmpty() || objects.containsKey(entry.getKey().toLowerCase(java.util.Locale.ROOT))) {
                resources.add(parse(entry.getKey(), entry.getValue()));
            }
        }
        return resources;
    }

    public static PolledResource parse(String name, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(name + " must be an object with at least a url");
        }
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext();) {
            String field = fields.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(name + " has unknown field '" + field + "'; known: "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        String url = text(node, "url");
        if (url == null) {
            throw new IllegalArgumentException(name + ".url is required, e.g. \"/" + name + "\"");
        }
        JsonNode dates = node.path("datesConfiguration");
        if (!dates.isMissingNode() && !dates.isNull() && !dates.isObject()) {
            throw new IllegalArgumentException(name + ".datesConfiguration must be an object");
        }
        for (Iterator<String> fields = dates.fieldNames(); fields.hasNext();) {
            String field = fields.next();
            if (!DATE_FIELDS.contains(field)) {
                throw new IllegalArgumentException(name + ".datesConfiguration has unknown field '" + field
                        + "'; known: " + String.join(", ", DATE_FIELDS.stream().sorted().toList()));
            }
        }
        String updatedField = text(dates, "updatedDateField");
        String createdField = text(dates, "createdDateField");
        DateFormat updated = format(name, dates, "updatedDateFormat", "updatedDateTimezone", null);
        DateFormat created = format(name, dates, "createdDateFormat", "createdDateTimezone",
                text(dates, "updatedDateTimezone"));
        Boolean filter = bool(name, node, "filterByUpdatedDate");
        long pageSize = number(name, node, "pageSize", -1);
        return new PolledResource(name, url, text(node, "idField") == null ? "id" : text(node, "idField"),
                filter == null ? updatedField != null : filter, updatedField, updated, createdField, created,
                number(name, node, "createdCheckTolerance", 0), pageSize < 0 ? null : (int) Math.min(pageSize, 1_000_000),
                number(name, node, "pollDelay", 0), text(node, "recordsPath"), text(node, "nextPagePath"));
    }

    private static DateFormat format(String name, JsonNode dates, String formatField, String zoneField,
            String zoneFallback) {
        String zone = text(dates, zoneField);
        try {
            return DateFormat.of(text(dates, formatField), zone == null ? zoneFallback : zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ".datesConfiguration: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    private static Boolean bool(String name, JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(name + "." + field + " must be true or false");
        }
        return Boolean.parseBoolean(text);
    }

    private static long number(String name, JsonNode node, String field, long fallback) {
        String text = text(node, field);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "." + field + " must be a whole number ≥ 0, was " + text);
        }
    }
}
