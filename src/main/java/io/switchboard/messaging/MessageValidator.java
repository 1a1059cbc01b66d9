package io.switchboard.messaging;

import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.error.FieldError;
import io.switchboard.error.HubError;
import io.switchboard.instance.InstanceSettings;

/**
 * The checks of API.md §9 that run before anything is sent. Every field at fault is named in one 400; a stale
 * message (its {@code timestamp} older than the instance's {@code event.ttl} seconds) is a 409.
 */
public final class MessageValidator {

    public static final String DEFAULT_SENDER = "twilio.default.sender";
    public static final String PHONE_PATTERN = "messaging.phone.pattern";
    public static final String TTL = "event.ttl";

    static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");
    static final int MAX_CODE_POINTS = 1600;
    static final int MAX_MEDIA = 10;

    private MessageValidator() {
    }

    public static OutboundMessage validate(MessageRequest request, InstanceSettings instance, Clock clock) {
        Pattern phone = phonePattern(instance);
        String describe = instance.get(PHONE_PATTERN).map(p -> "must match the instance's " + PHONE_PATTERN + " " + p)
                .orElse("must be in E.164 form, e.g. +14155550100");
        List<FieldError> errors = new ArrayList<>();

        String to = trim(request.to());
        if (to == null) {
            errors.add(new FieldError("to", "is required, e.g. +14155550100"));
        } else if (!phone.matcher(to).matches()) {
            errors.add(new FieldError("to", describe));
        }
        String from = trim(request.from());
        if (from == null) {
            from = instance.get(DEFAULT_SENDER).map(String::trim).orElse(null);
            if (from == null) {
                errors.add(new FieldError("from", "is required: give a sender, or set "
                        + DEFAULT_SENDER + " on the instance"));
            } else if (!phone.matcher(from).matches()) {
                errors.add(new FieldError("from", "defaults to the instance's " + DEFAULT_SENDER + " "
                        + from + ", which " + describe));
            }
        } else if (!phone.matcher(from).matches()) {
            errors.add(new FieldError("from", describe));
        }

        String text = text(request, errors);
        List<String> media = request.mediaUrls() == null ? List.of() : request.mediaUrls();
        if (text == null && media.isEmpty()) {
            errors.add(new FieldError("message", "is required unless mediaUrls holds at least one URL"));
        }
        if (text != null) {
            int length = text.codePointCount(0, text.length());
            if (length > MAX_CODE_POINTS) {
                errors.add(new FieldError("message", "has " + length + " characters; at most "
                        + MAX_CODE_POINTS + " are allowed"));
            }
        }
        if (media.size() > MAX_MEDIA) {
            errors.add(new FieldError("mediaUrls", "has " + media.size() + " URLs; at most " + MAX_MEDIA
                    + " are allowed"));
        }
        for (int i = 0; i < media.size(); i++) {
            if (!isHttpUrl(media.get(i))) {
                errors.add(new FieldError("mediaUrls[" + i + "]",
                        "must be an absolute http or https URL, e.g. https://cdn.example/label.png"));
            }
        }
        Optional<Instant> timestamp = timestamp(request.timestamp(), errors);
        if (!errors.isEmpty()) {
            throw new HubError(HubError.Kind.INVALID, errors.stream().map(e -> e.field() + " " + e.message())
                    .reduce((a, b) -> a + "; " + b).orElse(""), errors, Map.of());
        }
        if (timestamp.isPresent()) {
            checkFresh(timestamp.get(), instance, clock);
        }
        return new OutboundMessage(to, from, text, media.stream().map(String::trim).toList());
    }

    private static String text(MessageRequest request, List<FieldError> errors) {
        String message = request.message();
        String body = request.body();
        if (message != null && body != null && !message.equals(body)) {
            errors.add(new FieldError("body", "is a synonym of message; give one of them, not both"));
        }
        String text = message != null ? message : body;
        return text == null || text.isBlank() ? null : text;
    }

    private static void checkFresh(Instant timestamp, InstanceSettings instance, Clock clock) {
        Optional<String> ttl = instance.get(TTL);
        if (ttl.isEmpty()) {
            return;
        }
        long seconds;
        try {
            seconds = Long.parseLong(ttl.get().trim());
        } catch (NumberFormatException e) {
            throw HubError.invalidField(TTL, "of the instance must be a number of seconds, is '" + ttl.get() + "'");
        }
        Duration age = Duration.between(timestamp, clock.instant());
        if (seconds >= 0 && age.getSeconds() > seconds) {
            throw new HubError(HubError.Kind.CONFLICT, "the message is stale: its timestamp " + timestamp + " is " + age.getSeconds()
                    + " s old, older than the instance's " + TTL + " of " + seconds + " s; it was not sent",
                    List.of(new FieldError("timestamp", "is older than " + TTL + " (" + seconds + " s)")),
                    Map.of("stale", true));
        }
    }

    private static Optional<Instant> timestamp(JsonNode value, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        try {
            if (value.isIntegralNumber() || (value.isTextual() && value.asText().matches("\\d{1,18}"))) {
                if (value.isIntegralNumber() && !value.canConvertToLong()) {
                    throw new DateTimeException("out of range");
                }
                long n = value.isTextual() ? Long.parseLong(value.asText()) : value.longValue();
                return Optional.of(n >= 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n));
            }
            if (value.isTextual()) {
                return Optional.of(OffsetDateTime.parse(value.asText().trim()).toInstant());
            }
        } catch (DateTimeException e) {
            // reported below; a DateTimeParseException is one too
        }
        errors.add(new FieldError("timestamp",
                "must be an ISO-8601 time with a zone, e.g. 2026-11-22T10:15:30Z, or epoch seconds"));
        return Optional.empty();
    }

    private static Pattern phonePattern(InstanceSettings instance) {
        Optional<String> configured = instance.get(PHONE_PATTERN);
        if (configured.isEmpty()) {
            return E164;
        }
        try {
            return Pattern.compile(configured.get());
        } catch (PatternSyntaxException e) {
            throw HubError.invalidField(PHONE_PATTERN, "of the instance is not a valid regular expression: "
                    + e.getDescription());
        }
    }

    private static boolean isHttpUrl(String url) {
        if (url == null || url.isBlank()) {
            return false;
        }
        try {
            URI uri = new URI(url.trim());
            return uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
