package io.switchboard.delivery;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.api.Api;
import io.switchboard.api.PublicUrl;
import io.switchboard.trace.Spans;
import io.switchboard.trace.TraceContext;

/**
 * One callback attempt's body and headers beside the signature: the instance's format (API.md §7) and the
 * receipt's trace ({@code traceparent} with this attempt's own span id, {@code tracestate} as received). The
 * default format sends the rendered body as it is.
 */
@ApplicationScoped
public class CallbackShaper {

    /** The bytes to send (and sign), the headers that go with them, and the attempt's span to end. */
    public record Outgoing(byte[] body, Map<String, String> headers, Spans.Active attempt) {
    }

    private static final Spans.Active NO_SPAN = new Spans.Active() {
        @Override
        public TraceContext context() {
            return null;
        }

        @Override
        public void end(String failure) {
        }
    };

    /** The span name of a callback attempt. */
    static final String ATTEMPT = "callback";

    private final CloudEventsEnvelope cloudEvents = new CloudEventsEnvelope();
    @Inject PublicUrl publicUrl;
    @Inject Spans spans;

    /** @param meta null for targets other than an instance's callback: the body goes as rendered */
    public Outgoing shape(TargetRenderer.Rendered body, NotificationFormat format, NotificationMeta meta) {
        if (meta == null) {
            return new Outgoing(body.body(), body.contentType() == null ? Map.of()
                    : Map.of("Content-Type", body.contentType()), NO_SPAN);
        }
        Spans.Active attempt = meta.trace() == null ? NO_SPAN : spans.child(ATTEMPT, meta.trace());
        TraceContext trace = attempt.context();
        String traceparent = trace == null ? null : trace.traceparent();
        Map<String, String> headers = new LinkedHashMap<>();
        byte[] bytes = body.body();
        if (format != NotificationFormat.ELEMENTS) {
            CloudEventsEnvelope.Shaped shaped = cloudEvents.shape(format, bytes, meta,
                    publicUrl.of(Api.BASE + "/instances/"), traceparent);
            bytes = shaped.body();
            headers.putAll(shaped.headers());
        }
        if (traceparent != null) {
            headers.put("traceparent", traceparent);
            if (trace.traceState() != null) {
                headers.put("tracestate", trace.traceState());
            }
        }
        return new Outgoing(bytes, headers, attempt);
    }
}
