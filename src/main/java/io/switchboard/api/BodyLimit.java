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
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Answers bodies over {@code switchboard.http.max-body} with a 413 problem. A Vert.x body handler reads every
 * body before JAX-RS does (the webhook path needs the exact bytes anyway) and fails the request with 413 as
 * soon as a declared or streamed (chunked) body passes the limit; the failure handler renders that as
 * problem+json.
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
        router.route().order(Integer.MIN_VALUE).failureHandler(this::renderTooLarge);
        router.route().order(Integer.MIN_VALUE + 1)
                .handler(BodyHandler.create(false).setBodyLimit(maxBytes).setHandleFileUploads(false));
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
