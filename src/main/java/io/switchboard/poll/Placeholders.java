package io.switchboard.poll;

import io.switchboard.element.rule.DateFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a resource URL's placeholders (API.md §6) from the start of the poll window:
 * {@code ${gmtDate:FORMAT}} (UTC), {@code ${date:FORMAT}} (in the resource's {@code updatedDateTimezone}),
 * {@code ${epoch}} (milliseconds), {@code ${epoch:s}} (seconds), and also {@code ${config:KEY}} (an instance
 * configuration value, e.g. an account id in the path) and {@code ${pageSize}}. Values are percent-encoded, so a
 * {@code +01:00} offset reaches the vendor as written.
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final String DEFAULT_DATE = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /**
     * @param since    the start of the previous successful poll minus {@code pollDelay}
     * @param zone     the zone of {@code ${date:…}}
     * @param config   the instance configuration, defaults applied
     * @param pageSize the resource's {@code pageSize}, or null
     */
    record Values(Instant since, ZoneId zone, Map<String, String> config, Integer pageSize) {
    }

    private Placeholders() {
    }

    /**
     * @param where how the template is named in a failure, e.g. {@code contacts.url}
     * @throws IllegalArgumentException naming the placeholder that cannot be filled
     */
    static String expand(String template, Values values, String where) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(encode(value(matcher.group(1), values, where))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String value(String placeholder, Values values, String where) {
        int colon = placeholder.indexOf(':');
        String name = (colon < 0 ? placeholder : placeholder.substring(0, colon)).trim();
        String argument = colon < 0 ? null : placeholder.substring(colon + 1);
        switch (name) {
            case "gmtDate":
                return date(argument, ZoneOffset.UTC, values.since(), where);
            case "date":
                return date(argument, values.zone(), values.since(), where);
            case "epoch":
                if (argument == null || argument.equals("ms")) {
                    return Long.toString(values.since().toEpochMilli());
                }
                if (argument.equals("s")) {
                    return Long.toString(values.since().getEpochSecond());
                }
                throw new IllegalArgumentException(where + " has ${epoch:" + argument
                        + "}; use ${epoch} (milliseconds) or ${epoch:s} (seconds)");
            case "config": {
                String value = argument == null ? null : values.config().get(argument.trim());
                if (value == null || value.isBlank()) {
                    throw new IllegalArgumentException(where + " uses ${" + placeholder
                            + "}, which the instance configuration does not set");
                }
                return value.trim();
            }
            case "pageSize":
                if (values.pageSize() == null) {
                    throw new IllegalArgumentException(where + " uses ${pageSize}, but the resource sets no pageSize");
                }
                return values.pageSize().toString();
            default:
                throw new IllegalArgumentException(where + " has an unknown placeholder ${" + placeholder
                        + "}; known: ${gmtDate:FORMAT}, ${date:FORMAT}, ${epoch}, ${epoch:s}, ${config:KEY}, ${pageSize}");
        }
    }

    private static String date(String format, ZoneId zone, Instant since, String where) {
        String pattern = format == null || format.isBlank() ? DEFAULT_DATE : format;
        try {
            return DateFormat.pattern(pattern).withZone(zone).format(since);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    /** Percent-encodes all but RFC 3986 unreserved characters and ':' (allowed in paths and queries). */
    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~' || c == ':') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
