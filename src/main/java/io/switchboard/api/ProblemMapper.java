package io.switchboard.api;

import io.switchboard.error.HubError;

import io.switchboard.error.FieldError;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.vertx.core.http.HttpServerRequest;

/**
 * The one place where failures become HTTP answers: every error, ours or the framework's, leaves as
 * {@code application/problem+json} with a {@code detail} that says what to fix and a {@code requestId}
 * that finds the matching log line.
 */
public class ProblemMapper {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    /** The HTTP status of each kind of refusal: the only place where a domain error gets one. */
    public static int status(HubError.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case UNPROCESSABLE -> 422;
            case RATE_LIMITED -> 429;
            case UPSTREAM_FAILED -> 502;
            case UNAVAILABLE -> 503;
        };
    }

    @ServerExceptionMapper
    public Response problem(HubError problem) {
        Response response = render(status(problem.kind()), problem.detail(), problem.errors(),
                problem.extensions());
        if (problem.retryAfter().isEmpty()) {
            return response;
        }
        return Response.fromResponse(response).header("Retry-After", retryAfterSeconds(problem.retryAfter().get()))
                .build();
    }

    /** {@code Retry-After} in whole seconds, rounded up and at least 1. */
    public static long retryAfterSeconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /** Named one by one: a mapper of the framework for a subclass would otherwise win (with an empty body). */
    @ServerExceptionMapper({ JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class, StreamConstraintsException.class })
    public Response json(JsonProcessingException e) {
        return render(400, JsonErrors.describe(e, "the request body"), List.of(), Map.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json);
        }
        if (cause instanceof HubError problem) {
            return problem(problem);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String detail;
        if (e instanceof NotFoundException) {
            detail = "nothing is found at " + request.method() + " " + request.path()
                    + "; see /q/swagger-ui for the paths this hub serves";
        } else if (e instanceof NotAllowedException) {
            String allowed = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
            detail = request.method() + " is not allowed on " + request.path()
                    + (allowed == null ? "" : "; allowed: " + allowed);
        } else if (e instanceof NotAcceptableException) {
            detail = "this resource cannot answer in the media type of the Accept header ("
                    + request.getHeader(HttpHeaders.ACCEPT) + "); accept application/json";
        } else if (e instanceof NotSupportedException) {
            detail = "the Content-Type " + request.getHeader(HttpHeaders.CONTENT_TYPE)
                    + " is not supported here; send application/json";
        } else if (status == 413) {
            detail = "the request body is larger than the limit";
        } else if (status >= 500) {
            return unexpected(e);
        } else {
            detail = Response.Status.fromStatusCode(status) == null ? "the request was refused"
                    : Response.Status.fromStatusCode(status).getReasonPhrase();
        }
        Response response = render(status, detail, List.of(), Map.of());
        if (e instanceof NotAllowedException && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            return Response.fromResponse(response)
                    .header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW)).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (Outages.databaseUnreachable(e)) {
            if (Outages.logNow()) {
                LOG.warnf("The database is unreachable; answering 503 until it is back: %s", Outages.summary(e));
            }
            return problem(Outages.databaseProblem());
        }
        if (unstorableText(e)) {
            return render(400, "a value in the request contains a NUL character (U+0000, in JSON \\u0000), which the "
                    + "hub cannot store; send the value without it", List.of(), Map.of());
        }
        String requestId = RequestIds.next();
        LOG.errorf(e, "Unexpected failure [requestId=%s]", requestId);
        return render(500, "the hub failed to handle this request; the log has the details under requestId "
                + requestId, List.of(), Map.of(), requestId);
    }

    /**
     * Whether the database refused a character of the request's text: a NUL, which PostgreSQL {@code text} and
     * {@code jsonb} cannot hold (SQLSTATE 22021 {@code character_not_in_repertoire}, 22P05
     * {@code untranslatable_character}). Nothing was stored: the request's transaction failed.
     */
    static boolean unstorableText(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql
                    && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    public static Response render(int status, String detail, List<FieldError> errors,
            Map<String, Object> extensions) {
        return render(status, detail, errors, extensions, RequestIds.next());
    }

    private static Response render(int status, String detail, List<FieldError> errors,
            Map<String, Object> extensions, String requestId) {
        return Response.status(status)
                .type(PROBLEM_JSON)
                .header("X-Request-Id", requestId)
                .entity(body(status, detail, errors, extensions, requestId))
                .build();
    }

    /** The problem document itself; also used by the HTTP-layer handlers that run outside JAX-RS. */
    public static Map<String, Object> body(int status, String detail, List<FieldError> errors,
            Map<String, Object> extensions, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        Response.Status known = Response.Status.fromStatusCode(status);
        body.put("title", known == null ? titleOf(status) : known.getReasonPhrase());
        body.put("status", status);
        String shown = JsonErrors.withoutJavaNames(detail);
        body.put("detail", shown);
        body.put("message", shown);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        extensions.forEach(body::putIfAbsent);
        body.put("requestId", requestId);
        return body;
    }

    private static String titleOf(int status) {
        return switch (status) {
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            default -> "Error";
        };
    }
}
