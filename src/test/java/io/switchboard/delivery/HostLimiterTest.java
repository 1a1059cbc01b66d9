package io.switchboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class HostLimiterTest {

    private final List<String> started = new ArrayList<>();
    private final HostLimiter limiter = new HostLimiter(2, Runnable::run);

    private void submit(String key, String name) {
        limiter.submit(key, () -> started.add(name));
    }

    @Test
    void startsUpToThePermitsAndTheRestInArrivalOrder() {
        submit("a:443", "a1");
        submit("a:443", "a2");
        submit("a:443", "a3");
        submit("a:443", "a4");
        submit("b:443", "b1");
        assertEquals(List.of("a1", "a2", "b1"), started);
        assertEquals(2, limiter.running("a:443"));

        limiter.release("a:443");
        assertEquals(List.of("a1", "a2", "b1", "a3"), started);
        assertEquals(2, limiter.running("a:443"));

        limiter.release("a:443");
        limiter.release("a:443");
        limiter.release("a:443");
        assertEquals(List.of("a1", "a2", "b1", "a3", "a4"), started);
        assertEquals(0, limiter.running("a:443"));

        // A forgotten key starts afresh.
        submit("a:443", "a5");
        assertEquals(1, limiter.running("a:443"));
    }

    @Test
    void needsAtLeastOnePermit() {
        assertThrows(IllegalArgumentException.class, () -> new HostLimiter(0, Runnable::run));
    }
}
