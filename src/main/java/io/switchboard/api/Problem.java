package io.switchboard.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client-visible failure, rendered as RFC 9457 {@code application/problem+json} by {@link ProblemMapper}.
 * The detail is shown to the caller as written: it says what was wrong and how to fix it, and never holds a
 * secret value, a stack trace or a class name.
 */
public class Problem extends RuntimeException {

    /** A field or configuration key at fault. */
    public record FieldError(String field, String message) {
    }

    private final int status;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;
    private Duration retryAfter;

    public Problem(int status, String detail) {
        this(status, detail, List.of(), Map.of());
    }

    public Problem(int status, String detail, List<FieldError> errors, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.extensions = new LinkedHashMap<>(extensions);
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, detail);
    }

    public static Problem invalidField(String field, String message) {
        return new Problem(400, field + " " + message, List.of(new FieldError(field, message)), Map.of());
    }

    public static Problem unauthorized(String detail) {
        return new Problem(401, detail);
    }

    public static Problem forbidden(String detail) {
        return new Problem(403, detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, detail);
    }

    public static Problem conflict(String detail) {
        return new Problem(409, detail);
    }

    /** A 429: the caller should wait {@code retryAfter} (sent as {@code Retry-After}) before trying again. */
    public static Problem tooManyRequests(String detail, Duration retryAfter) {
        Problem problem = new Problem(429, detail);
        problem.retryAfter = retryAfter;
        return problem;
    }

    /** A 503: the hub cannot serve the request now; {@code retryAfter} is sent as {@code Retry-After}. */
    public static Problem unavailable(String detail, Duration retryAfter) {
        Problem problem = new Problem(503, detail);
        problem.retryAfter = retryAfter;
        return problem;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** How long the caller should wait before trying again, for a 429 or a 503. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
