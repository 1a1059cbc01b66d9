package io.switchboard.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.quarkus.runtime.configuration.DurationConverter;
import io.switchboard.element.EventKeys;

/**
 * What an instance's configuration says about sending its callbacks (API.md §7): the signature key, the body's
 * format and the per-attempt timeout (null: the hub's). The retry schedule is read where attempts are recorded,
 * {@link PostgresDeliveryQueue}. {@link #DEFAULT} is the instance that set none of them: its sends take the path
 * they always took.
 */
public record DeliveryOptions(String signatureKey, NotificationFormat format, Duration timeout) {

    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    public static final DeliveryOptions DEFAULT = new DeliveryOptions(null, NotificationFormat.ELEMENTS, null);

    /**
     * From an instance's configuration values (blank: unset). Values were checked when configured; one stored
     * before a check existed and unreadable now counts as unset.
     */
    public static DeliveryOptions of(Function<String, Optional<String>> config) {
        String key = config.apply(EventKeys.SIGNATURE_KEY).orElse(null);
        NotificationFormat format = config.apply(EventKeys.NOTIFICATION_FORMAT).flatMap(NotificationFormat::parse)
                .orElse(NotificationFormat.ELEMENTS);
        Duration timeout = config.apply(EventKeys.NOTIFICATION_TIMEOUT).filter(t -> checkTimeout(t) == null)
                .map(DurationConverter::parseDuration).orElse(null);
        if (key == null && format == NotificationFormat.ELEMENTS && timeout == null) {
            return DEFAULT;
        }
        return new DeliveryOptions(key, format, timeout);
    }

    /** This instance's timeout, or else the hub's. */
    public Duration timeoutOr(Duration hubs) {
        return timeout == null ? hubs : timeout;
    }

    /** What is wrong with an {@code event.notification.format} value; null when nothing. */
    public static String checkFormat(String value) {
        return NotificationFormat.parse(value).isPresent() ? null
                : "must be elements, cloudevents or cloudevents-binary";
    }

    /** What is wrong with an {@code event.notification.timeout} value; null when nothing. */
    public static String checkTimeout(String value) {
        try {
            Duration timeout = DurationConverter.parseDuration(value.trim());
            return timeout != null && timeout.compareTo(MIN_TIMEOUT) >= 0 && timeout.compareTo(MAX_TIMEOUT) <= 0
                    ? null : "must be from 1s to 60s";
        } catch (RuntimeException e) {
            return "must be a duration from 1s to 60s, e.g. 5s or 1500ms";
        }
    }

    /** What is wrong with an {@code event.notification.retry.schedule} value; null when nothing. */
    public static String checkRetrySchedule(String value) {
        try {
            retrySchedule(value);
            return null;
        } catch (IllegalArgumentException e) {
            return "must be none or comma-separated delays, e.g. 10s,1m,10m (" + e.getMessage() + ")";
        }
    }

    /**
     * The delays of a retry schedule as {@code switchboard.delivery.retry-schedule} writes them, or {@code none}
     * for no retry at all.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static List<Duration> retrySchedule(String value) {
        String text = value.trim();
        if ("none".equalsIgnoreCase(text)) {
            return List.of();
        }
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Duration delay;
            try {
                delay = DurationConverter.parseDuration(part.trim());
            } catch (RuntimeException e) {
                delay = null;
            }
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a delay");
            }
            if (delay.compareTo(MAX_RETRY_DELAY) > 0) {
                throw new IllegalArgumentException("'" + part.trim() + "' is longer than 7 days");
            }
            delays.add(delay);
        }
        if (delays.size() > MAX_RETRIES) {
            throw new IllegalArgumentException("at most " + MAX_RETRIES + " retries");
        }
        return delays;
    }

    private static final Duration MAX_RETRY_DELAY = Duration.ofDays(7);
    private static final int MAX_RETRIES = 20;
}
