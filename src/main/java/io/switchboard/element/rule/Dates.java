package io.switchboard.element.rule;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads event dates. Formats: {@code auto} (the default: a number or digit string is epoch seconds, or
 * milliseconds from 10^11 on, i.e. after 1973 in milliseconds and before 5138 in seconds; text is ISO-8601 or
 * RFC 1123), {@code iso}, {@code epochSeconds}, {@code epochMillis}, or a {@link DateTimeFormatter} pattern
 * (UTC unless it holds a zone).
 */
public final class Dates {

    private static final BigDecimal MILLIS_FROM = new BigDecimal("1e11");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Dates() {
    }

    /** Fails when {@code format} is neither a known name nor a valid pattern. */
    public static void check(String format) {
        if (!isNamed(format)) {
            DateTimeFormatter.ofPattern(format, Locale.ROOT);
        }
    }

    /** The instant, or {@code null} when the value is absent or not a date in that format. */
    public static Instant parse(JsonNode value, String format) {
        String text = JsonPaths.text(value);
        if (text == null || text.isBlank()) {
            return null;
        }
        text = text.trim();
        String name = format == null ? "auto" : format;
        try {
            return switch (name) {
                case "epochSeconds" -> epoch(new BigDecimal(text), false);
                case "epochMillis" -> epoch(new BigDecimal(text), true);
                case "iso" -> iso(text);
                case "auto" -> text.matches("-?\\d+(\\.\\d+)?") ? auto(new BigDecimal(text)) : iso(text);
                default -> pattern(text, name);
            };
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static boolean isNamed(String format) {
        return format == null || switch (format) {
            case "auto", "iso", "epochSeconds", "epochMillis" -> true;
            default -> false;
        };
    }

    private static Instant auto(BigDecimal number) {
        return epoch(number, number.abs().compareTo(MILLIS_FROM) >= 0);
    }

    private static Instant epoch(BigDecimal number, boolean millis) {
        BigDecimal ms = millis ? number : number.multiply(THOUSAND);
        return Instant.ofEpochMilli(ms.longValue());
    }

    private static Instant iso(String text) {
        try {
            return DateTimeFormatter.ISO_DATE_TIME.parse(text, Dates::toInstant);
        } catch (DateTimeParseException notIso) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                return DateTimeFormatter.RFC_1123_DATE_TIME.parse(text, Instant::from);
            }
        }
    }

    private static Instant pattern(String text, String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).parse(text, Dates::toInstant);
    }

    private static Instant toInstant(TemporalAccessor parsed) {
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)
                || parsed.query(TemporalQueries.zone()) != null) {
            return Instant.from(parsed);
        }
        return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
    }
}
