package io.switchboard.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.switchboard.api.QueryNumbers;
import io.switchboard.error.HubError;

/** Parses the query parameters of the history lists into values, or into a 400 that names the parameter. */
final class QueryParams {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 500;

    private QueryParams() {
    }

    /** {@code pageSize}: 50 when absent; above 500 it is 500 (the token leads on to the rest). */
    static int pageSize(String value) {
        return QueryNumbers.bounded("pageSize", value, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, ", e.g. 100");
    }

    /**
     * An ISO-8601 time: {@code 2026-11-22T10:15:30Z}, with an offset, or without one (UTC); a date alone is the
     * start of that day in UTC. A '+' of an offset that arrived unencoded (as a space) is read as '+'.
     */
    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        for (String candidate : new String[] { text, text.replace(' ', '+') }) {
            try {
                return OffsetDateTime.parse(candidate).toInstant();
            } catch (DateTimeParseException e) {
                // try the next form
            }
            try {
                return LocalDateTime.parse(candidate).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the next form
            }
            try {
                return LocalDate.parse(candidate).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        throw HubError.invalidField(name, "must be an ISO-8601 time, e.g. 2026-11-22T10:15:30Z (was '" + text + "')");
    }

    /** An enum constant by name, case-insensitive; null when absent; otherwise a 400 listing the allowed values. */
    static <E extends Enum<E>> E oneOf(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HubError.invalidField(name, "must be one of " + allowed(type) + " (was '" + value.trim() + "')");
        }
    }

    static <E extends Enum<E>> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
