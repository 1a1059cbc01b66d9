package io.switchboard.api;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.SwitchboardConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers bodies over {@code switchboard.http.max-body} with a 413 problem. Vert.x enforces the same limit
 * (quarkus.http.limits.max-body-size) while reading, for bodies without a Content-Length; this handler refuses
 * a declared length up front and renders both cases as problem+json.
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;
    private final ObjectMapper mapper;

    public BodyLimit(SwitchboardConfig config, ObjectMapper mapper) {
        this.maxBytes = config.http().maxBody().asLongValue();
        this.mapper = mapper;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::renderTooLarge);
    }

    private void checkDeclaredLength(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBytes) {
                    tooLarge(context);
                    return;
                }
            } catch (NumberFormatException e) {
                // Vert.x rejects a malformed Content-Length itself
            }
        }
        context.next();
    }

    private void renderTooLarge(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            tooLarge(context);
        } else {
            context.next();
        }
    }

    private void tooLarge(RoutingContext context) {
        String detail = "the request body is larger than the limit of " + maxBytes
                + " bytes (switchboard.http.max-body); send a smaller body";
        try {
            byte[] body = mapper.writeValueAsBytes(ProblemMapper.body(413, detail, List.of(), Map.of(),
                    RequestIds.next()));
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(io.vertx.core.buffer.Buffer.buffer(body));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(413).end();
        }
    }
}
