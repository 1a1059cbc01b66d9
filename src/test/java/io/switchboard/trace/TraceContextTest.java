package io.switchboard.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TraceContextTest {

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void readsAValidTraceparentAndItsState() {
        TraceContext context = TraceContext.parse("00-" + TRACE + "-00f067aa0ba902b7-01", " a=1,b=2 ");
        assertEquals(TRACE, context.traceId());
        assertEquals("00f067aa0ba902b7", context.spanId());
        assertTrue(context.sampled());
        assertEquals("a=1,b=2", context.traceState());
        assertFalse(TraceContext.parse("00-" + TRACE + "-00f067aa0ba902b7-00", null).sampled());
    }

    @Test
    void refusesWhatW3cCallsInvalid() {
        assertNull(TraceContext.parse(null, null));
        assertNull(TraceContext.parse("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01", null), "zero trace id");
        assertNull(TraceContext.parse("00-" + TRACE + "-" + "0".repeat(16) + "-01", null), "zero span id");
        assertNull(TraceContext.parse("ff-" + TRACE + "-00f067aa0ba902b7-01", null), "version ff");
        assertNull(TraceContext.parse("00-" + TRACE.toUpperCase() + "-00f067aa0ba902b7-01", null), "upper case");
        assertNull(TraceContext.parse("00-" + TRACE + "-00f067aa0ba902b7-01-extra", null), "00 with more");
        assertEquals(TRACE, TraceContext.parse("01-" + TRACE + "-00f067aa0ba902b7-01-extra", null).traceId(),
                "a later version's extra fields are ignored");
    }

    @Test
    void aChildKeepsTheTraceAndStateWithASpanOfItsOwn() {
        TraceContext parent = TraceContext.parse("00-" + TRACE + "-00f067aa0ba902b7-01", "v=1");
        TraceContext child = parent.child();
        assertEquals(TRACE, child.traceId());
        assertNotEquals(parent.spanId(), child.spanId());
        assertTrue(child.spanId().matches("[0-9a-f]{16}"), child.spanId());
        assertEquals("00-" + TRACE + "-" + child.spanId() + "-01", child.traceparent());
        assertEquals("v=1", child.traceState());
        TraceContext fresh = TraceContext.fresh();
        assertTrue(fresh.traceId().matches("[0-9a-f]{32}"), fresh.traceId());
        assertNotEquals(fresh.traceId(), TraceContext.fresh().traceId());
    }
}
