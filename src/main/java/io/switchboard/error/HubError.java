package io.switchboard.error;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why the hub refuses or cannot do what was asked, said for the caller: the detail is shown as written (what was
 * wrong and how to fix it, never a secret, a stack trace or a class name). Domain code raises it with a {@link Kind};
 * {@code api.ProblemMapper} alone turns a kind into an HTTP status and the error into
 * {@code application/problem+json} (RFC 9457).
 */
public class HubError extends RuntimeException {

    /** What kind of refusal it is; the HTTP layer chooses the status. */
    public enum Kind {
        /** The input is malformed or breaks a rule; {@link #errors()} names the fields. */
        INVALID,
        /** No valid credentials came with the request. */
        UNAUTHENTICATED,
        /** The credentials are valid but do not allow this. */
        FORBIDDEN,
        /** What the request names does not exist (for this organization). */
        NOT_FOUND,
        /** The request conflicts with the current state (a duplicate name, a stale message). */
        CONFLICT,
        /** What the request names existed and is gone for good (a disabled or deleted instance). */
        GONE,
        /** The request body is larger than the limit. */
        TOO_LARGE,
        /** The request body's media type cannot be read here. */
        UNSUPPORTED_MEDIA_TYPE,
        /** The request is well formed but cannot be carried out (a vendor's refusal, a body with no events). */
        UNPROCESSABLE,
        /** Too many requests; {@link #retryAfter()} says when to try again. */
        RATE_LIMITED,
        /** A system the hub called on the caller's behalf failed (Twilio, a polled vendor). */
        UPSTREAM_FAILED,
        /** The hub cannot serve this now (its database, a shutdown); {@link #retryAfter()} may say when. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;
    private Duration retryAfter;

    public HubError(Kind kind, String detail) {
        this(kind, detail, List.of(), Map.of());
    }

    /**
     * @param errors     the fields or configuration keys at fault
     * @param extensions extra members of the problem document, e.g. {@code receiptId}
     */
    public HubError(Kind kind, String detail, List<FieldError> errors, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.kind = kind;
        this.errors = List.copyOf(errors);
        this.extensions = new LinkedHashMap<>(extensions);
    }

    public static HubError invalid(String detail) {
        return new HubError(Kind.INVALID, detail);
    }

    public static HubError invalidField(String field, String message) {
        return new HubError(Kind.INVALID, field + " " + message, List.of(new FieldError(field, message)), Map.of());
    }

    public static HubError unauthenticated(String detail) {
        return new HubError(Kind.UNAUTHENTICATED, detail);
    }

    public static HubError forbidden(String detail) {
        return new HubError(Kind.FORBIDDEN, detail);
    }

    public static HubError notFound(String detail) {
        return new HubError(Kind.NOT_FOUND, detail);
    }

    public static HubError conflict(String detail) {
        return new HubError(Kind.CONFLICT, detail);
    }

    /** The caller should wait {@code retryAfter} before trying again. */
    public static HubError rateLimited(String detail, Duration retryAfter) {
        HubError error = new HubError(Kind.RATE_LIMITED, detail);
        error.retryAfter = retryAfter;
        return error;
    }

    /** The hub cannot serve the request now; the caller may try again after {@code retryAfter}. */
    public static HubError unavailable(String detail, Duration retryAfter) {
        HubError error = new HubError(Kind.UNAVAILABLE, detail);
        error.retryAfter = retryAfter;
        return error;
    }

    public Kind kind() {
        return kind;
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

    /** How long the caller should wait before trying again, when the hub knows. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
