package io.switchboard.element.rule;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.element.rule.JsonPaths;

/**
 * How a vendor writes one date field (API.md §6 {@code datesConfiguration}): a {@link DateTimeFormatter} pattern
 * (English names, e.g. {@code EEE, dd MMM yyyy HH:mm:ss Z}), {@code iso}, {@code epochSeconds} (or
 * {@code seconds}), {@code epochMillis} (or {@code milliseconds}), or {@code auto} (the default: numbers are epoch
 * seconds, or milliseconds from 10^11 on; text is ISO-8601). A date written without an offset is read in the
 * format's time zone.
 */
public final class DateFormat {

    private static final BigDecimal MILLIS_FROM = new BigDecimal("1e11");

    private enum Kind {
        AUTO, ISO, SECONDS, MILLIS, PATTERN
    }

    private final Kind kind;
    private final String format;
    private final ZoneId zone;
    private final DateTimeFormatter formatter;

    private DateFormat(Kind kind, String format, ZoneId zone, DateTimeFormatter formatter) {
        this.kind = kind;
        this.format = format;
        this.zone = zone;
        this.formatter = formatter;
    }

    /**
     * @param format   as configured; null or blank is {@code auto}
     * @param timezone a zone id such as {@code GMT}, {@code Europe/Berlin} or {@code +02:00}; null or blank is GMT
     * @throws IllegalArgumentException saying what is wrong with the format or zone
     */
    public static DateFormat of(String format, String timezone) {
        ZoneId zone = zone(timezone);
        String name = format == null || format.isBlank() ? "auto" : format.trim();
        return switch (name) {
            case "auto" -> new DateFormat(Kind.AUTO, name, zone, DateTimeFormatter.ISO_DATE_TIME);
            case "iso" -> new DateFormat(Kind.ISO, name, zone, DateTimeFormatter.ISO_DATE_TIME);
            case "epochSeconds", "seconds" -> new DateFormat(Kind.SECONDS, name, zone, null);
            case "epochMillis", "milliseconds" -> new DateFormat(Kind.MILLIS, name, zone, null);
            default -> new DateFormat(Kind.PATTERN, name, zone, pattern(name));
        };
    }

    /** A zone id; null or blank is GMT. */
    public static ZoneId zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timezone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + timezone + "' is not a time zone (e.g. GMT, Europe/Berlin, +02:00)");
        }
    }

    /** A pattern's formatter, English month and day names. */
    public static DateTimeFormatter pattern(String pattern) {
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + pattern + "' is not a date format: " + e.getMessage());
        }
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return format;
    }

    /**
     * The instant a value holds; null when the value is absent (missing, JSON null or blank).
     *
     * @throws DateTimeException when it is present but not a date in this format
     */
    public Instant parse(JsonNode value) {
        String text = JsonPaths.text(value);
        if (text == null || text.isBlank()) {
            return null;
        }
        text = text.trim();
        try {
            return switch (kind) {
                case SECONDS -> epoch(new BigDecimal(text), false);
                case MILLIS -> epoch(new BigDecimal(text), true);
                case AUTO -> text.matches("-?\\d+(\\.\\d+)?")
                        ? epoch(new BigDecimal(text), new BigDecimal(text).abs().compareTo(MILLIS_FROM) >= 0)
                        : local(text);
                case ISO, PATTERN -> local(text);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new DateTimeException("'" + text + "' is not a number");
        }
    }

    /**
     * The instant as precise as this format writes dates, so that a window's start compares with the vendor's
     * dates at their own precision: for a pattern, the instant written and read back in the format's zone.
     */
    public Instant truncate(Instant instant) {
        return switch (kind) {
            case SECONDS -> instant.truncatedTo(ChronoUnit.SECONDS);
            case MILLIS -> instant.truncatedTo(ChronoUnit.MILLIS);
            case AUTO, ISO -> instant;
            case PATTERN -> {
                try {
                    yield local(formatter.withZone(zone).format(instant));
                } catch (DateTimeException e) {
                    yield instant; // a pattern that cannot be written back (no year, say) does not narrow dates
                }
            }
        };
    }

    private Instant local(String text) {
        TemporalAccessor parsed = formatter.parse(text);
        ZoneId written = parsed.query(TemporalQueries.zone());
        LocalDate date = parsed.query(TemporalQueries.localDate());
        if (date == null) {
            throw new DateTimeException("'" + text + "' has no date in format " + format);
        }
        LocalTime time = parsed.query(TemporalQueries.localTime());
        return date.atTime(time == null ? LocalTime.MIDNIGHT : time).atZone(written == null ? zone : written)
                .toInstant();
    }

    private static Instant epoch(BigDecimal number, boolean millis) {
        BigDecimal ms = millis ? number : number.movePointRight(3);
        return Instant.ofEpochMilli(ms.longValue());
    }
}
