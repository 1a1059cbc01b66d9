package io.switchboard.trace;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * The hub's own spans (API.md §7 "Trace context"): store, each callback attempt, each poll, each Twilio call. With
 * OpenTelemetry's SDK off (no {@code quarkus.otel.exporter.otlp.endpoint}) they cost a no-op each, and a callback
 * attempt still gets a span id of its own for its {@code traceparent}.
 */
@ApplicationScoped
public class Spans {

    /** A span in progress; {@link #context()} is what goes out in a {@code traceparent}. */
    public interface Active extends AutoCloseable {

        TraceContext context();

        /** Makes this span the current one until the returned scope closes (on this thread). */
        default Scope enter() {
            return Scope.noop();
        }

        /** Ends the span; {@code failure} (null: none) marks it as an error. */
        void end(String failure);

        @Override
        default void close() {
            end(null);
        }
    }

    @Inject Tracer tracer;
    /** The SDK is off: no span is recorded, so none is started. */
    @Inject @ConfigProperty(name = TelemetryDefaults.DISABLED, defaultValue = "false") boolean off;

    /**
     * A client span of the trace {@code parent} names (a receipt's), not made current: a callback attempt. With the
     * SDK off, only a span id of its own.
     */
    public Active child(String name, TraceContext parent) {
        if (off) {
            return unrecorded(parent.child());
        }
        SpanContext remote = SpanContext.createFromRemoteParent(parent.traceId(), parent.spanId(),
                parent.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault());
        Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT)
                .setParent(Context.root().with(Span.wrap(remote))).startSpan();
        TraceContext context = span.getSpanContext().isValid() && span.isRecording()
                ? new TraceContext(span.getSpanContext().getTraceId(), span.getSpanContext().getSpanId(),
                        parent.sampled(), parent.traceState())
                : parent.child();
        return active(span, context);
    }

    /**
     * A span under the current one (a new trace when there is none): a store, a poll, a Twilio call; {@link
     * Active#enter()} makes it current where its work runs.
     */
    public Active start(String name, SpanKind kind) {
        if (off) {
            return unrecorded(null);
        }
        Span span = tracer.spanBuilder(name).setSpanKind(kind).startSpan();
        SpanContext started = span.getSpanContext();
        TraceContext context = started.isValid()
                ? new TraceContext(started.getTraceId(), started.getSpanId(), started.isSampled(), null) : null;
        return active(span, context);
    }

    /** Runs {@code work} in a span made current. */
    public <T> T in(String name, SpanKind kind, Supplier<T> work) {
        if (off) {
            return work.get();
        }
        Active span = start(name, kind);
        try (Scope scope = span.enter()) {
            return work.get();
        } finally {
            span.end(null);
        }
    }

    private static Active unrecorded(TraceContext context) {
        return new Active() {
            @Override
            public TraceContext context() {
                return context;
            }

            @Override
            public void end(String failure) {
            }
        };
    }

    private static Active active(Span span, TraceContext context) {
        return new Active() {
            @Override
            public TraceContext context() {
                return context;
            }

            @Override
            public Scope enter() {
                return span.makeCurrent();
            }

            @Override
            public void end(String failure) {
                if (failure != null) {
                    span.setStatus(StatusCode.ERROR, failure);
                }
                span.end();
            }
        };
    }
}
