package io.switchboard.api;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.SwitchboardConfig;
import io.switchboard.error.HubError;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Answers bodies over {@code switchboard.http.max-body} with a 413 problem, and requests whose body does not fit
 * the node's {@link BodyBudget} with a 503 before their body is read. A Vert.x body handler reads every body before
 * JAX-RS does (the webhook path needs the exact bytes anyway) and fails the request with 413 as soon as a declared
 * or streamed (chunked) body passes the limit; the failure handler renders that as problem+json.
 */
@ApplicationScoped
public class BodyLimit {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(BodyLimit.class);

    @Inject ObjectMapper mapper;
    @Inject BodyBudget budget;
    private final long maxBytes;

    public BodyLimit(SwitchboardConfig config) {
        this.maxBytes = config.http().maxBody().asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::renderFailure);
        router.route().order(Integer.MIN_VALUE + 1).handler(this::admit);
        router.route().order(Integer.MIN_VALUE + 2)
                .handler(BodyHandler.create(false).setBodyLimit(maxBytes).setHandleFileUploads(false));
        router.route().order(Integer.MIN_VALUE + 3).handler(BodyLimit::emptyBodyAsBuffer);
    }

    /**
     * Takes the request's share of the body budget (its Content-Length; without one, {@code max-body}) until its
     * response ends, or answers 503 with {@code Retry-After} before anything of the body is read.
     */
    private void admit(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long bytes;
        if (declared != null) {
            try {
                bytes = Math.min(Math.max(0, Long.parseLong(declared.trim())), maxBytes);
            } catch (NumberFormatException e) {
                bytes = maxBytes; // the HTTP layer refuses such a request; until then it counts as the largest
            }
        } else {
            String encoding = context.request().getHeader(HttpHeaders.TRANSFER_ENCODING);
            bytes = encoding == null ? 0 : maxBytes; // neither: no body (RFC 9112 §6.3)
        }
        if (bytes == 0) {
            context.next();
            return;
        }
        BodyBudget.Permit permit;
        try {
            permit = budget.admit(bytes);
        } catch (HubError busy) {
            busy.retryAfter().ifPresent(after -> context.response()
                    .putHeader(HttpHeaders.RETRY_AFTER, Long.toString(ProblemMapper.retryAfterSeconds(after))));
            context.response().putHeader(HttpHeaders.CONNECTION, "close"); // its body stays unread
            writeProblem(context, 503, busy.getMessage(), RequestIds.next());
            return;
        }
        context.addEndHandler(ended -> permit.close());
        context.next();
    }

    /**
     * The body handler leaves no buffer for an empty body, and JAX-RS would then wait for a request stream that
     * has already ended: give it an empty buffer instead.
     */
    @SuppressWarnings("deprecation")
    private static void emptyBodyAsBuffer(RoutingContext context) {
        if (context.body().buffer() == null) {
            context.setBody(io.vertx.core.buffer.Buffer.buffer());
        }
        context.next();
    }

    /** Failures outside JAX-RS (body reading, the HTTP layer) leave as problem+json too, never a stack trace. */
    private void renderFailure(RoutingContext context) {
        if (context.response().closed() || context.failure() instanceof HttpClosedException) {
            return; // the connection is gone (e.g. RefusalAnswers answered a broken chunked body): nobody to tell
        }
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        int status = context.statusCode() < 400 ? 500 : context.statusCode();
        String requestId = RequestIds.next();
        String detail;
        if (status == 413) {
            detail = "the request body is larger than the limit of " + maxBytes
                    + " bytes (switchboard.http.max-body); send a smaller body";
        } else if (status >= 500) {
            LOG.errorf(context.failure(), "Unexpected failure in the HTTP layer [requestId=%s]", requestId);
            detail = "the hub failed to handle this request; the log has the details under requestId " + requestId;
        } else {
            detail = "the request could not be read (" + status + ")";
        }
        writeProblem(context, status, detail, requestId);
    }

    private void writeProblem(RoutingContext context, int status, String detail, String requestId) {
        try {
            byte[] body = mapper.writeValueAsBytes(ProblemMapper.body(status, detail, List.of(), Map.of(), requestId));
            context.response().setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                    .putHeader("X-Request-Id", requestId)
                    .end(io.vertx.core.buffer.Buffer.buffer(body));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(status).end();
        }
    }
}
