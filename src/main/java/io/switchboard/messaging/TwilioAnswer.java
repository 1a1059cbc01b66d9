package io.switchboard.messaging;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.error.HubError;

/**
 * What one call to Twilio's Messages API came to, classified in this one place (API.md §9):
 * <ul>
 * <li>2xx: {@link Kind#SENT};</li>
 * <li>401, 403, 404: {@link Kind#CREDENTIALS}, the instance's account SID or secret was refused (502, not
 * retried);</li>
 * <li>refusals of a well-formed request, 21610 (the recipient unsubscribed), 21408 (no permission for the
 * region), 21612 (the route cannot be reached): {@link Kind#REFUSED} (422, never retried);</li>
 * <li>other 4xx, e.g. 21211 invalid To, 21604/21602 missing fields, 21606 invalid From, 21614 not a mobile
 * number: {@link Kind#INVALID} (400);</li>
 * <li>429, 5xx, timeouts and I/O errors: {@link Kind#RETRY};</li>
 * <li>anything else (3xx, a {@code twilio.base.url} the SSRF guard refuses): {@link Kind#FAILED} (502, not
 * retried).</li>
 * </ul>
 *
 * @param status     Twilio's HTTP status, 0 when no answer came
 * @param twilioCode Twilio's error {@code code}, when its answer had one
 * @param message    Twilio's error {@code message}, or what went wrong on the way
 * @param body       Twilio's message resource on success
 */
public record TwilioAnswer(Kind kind, int status, Integer twilioCode, String message, JsonNode body,
        Optional<Duration> retryAfter) {

    public enum Kind {
        SENT, INVALID, REFUSED, CREDENTIALS, RETRY, FAILED
    }

    static final Set<Integer> REFUSAL_CODES = Set.of(21610, 21408, 21612);

    public static TwilioAnswer of(int status, JsonNode body, Optional<Duration> retryAfter) {
        Integer code = body != null && body.path("code").canConvertToInt() ? body.path("code").asInt() : null;
        String message = body != null && body.path("message").isTextual() ? body.path("message").asText()
                : "HTTP " + status;
        Kind kind;
        if (status >= 200 && status < 300) {
            kind = Kind.SENT;
        } else if (status == 401 || status == 403 || status == 404) {
            kind = Kind.CREDENTIALS;
        } else if (status == 429 || status >= 500) {
            kind = Kind.RETRY;
        } else if (status >= 400 && code != null && REFUSAL_CODES.contains(code)) {
            kind = Kind.REFUSED;
        } else if (status >= 400) {
            kind = Kind.INVALID;
        } else {
            kind = Kind.FAILED;
        }
        return new TwilioAnswer(kind, status, code, message, body, retryAfter);
    }

    /** No answer came: a timeout, a refused connection, a name that does not resolve. */
    public static TwilioAnswer unreachable(String reason) {
        return new TwilioAnswer(Kind.RETRY, 0, null, reason, null, Optional.empty());
    }

    /** The call must not be made (e.g. the SSRF guard refused {@code twilio.base.url}). */
    public static TwilioAnswer refusedLocally(String reason) {
        return new TwilioAnswer(Kind.FAILED, 0, null, reason, null, Optional.empty());
    }

    public boolean sent() {
        return kind == Kind.SENT;
    }

    public boolean retryable() {
        return kind == Kind.RETRY;
    }

    /** How Twilio answered, in words, e.g. {@code "Twilio answered 503 (code 20500: Internal error)"}. */
    public String describe() {
        if (status == 0) {
            return message;
        }
        return "Twilio answered " + status + (twilioCode == null ? "" : " (code " + twilioCode + ": " + message + ")");
    }

    /** The problem the app gets when this answer ends a synchronous send after {@code attempts} tries. */
    public HubError problem(int attempts) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (twilioCode != null) {
            extensions.put("twilioCode", twilioCode);
        }
        if (status > 0) {
            extensions.put("twilioStatus", status);
        }
        return switch (kind) {
            case SENT -> throw new IllegalStateException("a sent message is not a problem");
            case CREDENTIALS -> new HubError(HubError.Kind.UPSTREAM_FAILED, "Twilio refused the instance's credentials (" + describe()
                    + "): check twilio.account.sid and twilio.auth.token (or twilio.api.key.sid and "
                    + "twilio.api.key.secret) of the instance; the message was not sent", List.of(), extensions);
            case INVALID -> new HubError(HubError.Kind.INVALID, "Twilio refused the message: " + message, List.of(), extensions);
            case REFUSED -> new HubError(HubError.Kind.UNPROCESSABLE, "Twilio refused to send the message: " + message
                    + "; it will not be retried", List.of(), extensions);
            case RETRY -> {
                extensions.put("attempts", attempts);
                yield new HubError(HubError.Kind.UPSTREAM_FAILED, "Twilio did not take the message after " + attempts + " attempt"
                        + (attempts == 1 ? "" : "s") + " (last: " + describe() + "); it was not sent. Try again "
                        + "later, or send with 'Prefer: respond-async' to have the hub retry it for longer",
                        List.of(), extensions);
            }
            case FAILED -> new HubError(HubError.Kind.UPSTREAM_FAILED, "the message could not be sent to Twilio: " + describe(), List.of(),
                    extensions);
        };
    }
}
