package io.switchboard.trace;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * A W3C trace context (API.md §7 "Trace context"): the trace a receipt belongs to, the span that stored it, and the
 * vendor's {@code tracestate} passed on as received. Each callback attempt is a {@link #child() child} span.
 *
 * @param traceState null when none came
 */
public record TraceContext(String traceId, String spanId, boolean sampled, String traceState) {

    private static final Pattern TRACEPARENT = Pattern.compile(
            "([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String INVALID_TRACE = "0".repeat(32);
    private static final String INVALID_SPAN = "0".repeat(16);
    /** Longest tracestate passed on (the W3C limit is 32 members, 512 characters is what must be propagated). */
    private static final int MAX_TRACESTATE = 512;

    /**
     * The context of a valid {@code traceparent} header (version 00, or a later one read as 00 says), with its
     * {@code tracestate}; null when there is none or it is not valid.
     */
    public static TraceContext parse(String traceparent, String tracestate) {
        if (traceparent == null) {
            return null;
        }
        var match = TRACEPARENT.matcher(traceparent.trim());
        if (!match.matches() || "ff".equals(match.group(1)) || ("00".equals(match.group(1)) && match.group(5) != null)
                || INVALID_TRACE.equals(match.group(2)) || INVALID_SPAN.equals(match.group(3))) {
            return null;
        }
        boolean sampled = (Integer.parseInt(match.group(4), 16) & 1) == 1;
        String state = tracestate == null || tracestate.isBlank() || tracestate.length() > MAX_TRACESTATE ? null
                : tracestate.trim();
        return new TraceContext(match.group(2), match.group(3), sampled, state);
    }

    /**
     * The trace of a receipt of a vendor request with these headers: the request's span when OpenTelemetry traces
     * it (its server span continues a valid {@code traceparent}), else the {@code traceparent} itself, else null
     * (the receipt starts a trace of its own).
     */
    public static TraceContext forRequest(String traceparent, String tracestate) {
        SpanContext current = Span.current().getSpanContext();
        TraceContext given = parse(traceparent, tracestate);
        if (current.isValid()) {
            return new TraceContext(current.getTraceId(), current.getSpanId(), current.isSampled(),
                    given == null ? null : given.traceState());
        }
        return given == null ? null : given.child();
    }

    /** The current span's context when OpenTelemetry records one (a poll's span), else a new trace. */
    public static TraceContext currentOrFresh() {
        SpanContext current = Span.current().getSpanContext();
        return current.isValid() ? new TraceContext(current.getTraceId(), current.getSpanId(), current.isSampled(),
                null) : fresh();
    }

    /** A new trace, for a receipt or poll that came without one. */
    public static TraceContext fresh() {
        return new TraceContext(randomHex(16), randomHex(8), true, null);
    }

    /** A span of this trace, e.g. one callback attempt: its own span id, the same trace and tracestate. */
    public TraceContext child() {
        return new TraceContext(traceId, randomHex(8), sampled, traceState);
    }

    /** The {@code traceparent} header naming this span. */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** {@code bytes} random bytes as lower-case hex, never all zero (an invalid id). */
    private static String randomHex(int bytes) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[bytes * 2];
        boolean zero = true;
        for (int i = 0; i < out.length; i += 16) {
            long value = random.nextLong();
            zero &= value == 0;
            for (int j = Math.min(out.length, i + 16) - 1; j >= i; j--) {
                out[j] = HEX[(int) (value & 0xf)];
                value >>>= 4;
            }
        }
        return zero ? randomHex(bytes) : new String(out);
    }
}
