package io.switchboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.switchboard.outbound.RetryAfter;

class RetryPolicyTest {

    /** A Random whose nextDouble() always answers {@code value}, to pin the jitter. */
    private static Random fixed(double value) {
        return new Random() {
            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void theDefaultScheduleGivesSixAttempts() {
        RetryPolicy policy = new RetryPolicy(RetryPolicy.DEFAULT_SCHEDULE, fixed(0.5));
        assertEquals(6, policy.maxAttempts());
        assertEquals(List.of(8L, 64L, 512L, 4096L, 32768L), List.of(1, 2, 3, 4, 5).stream()
                .map(n -> policy.nextDelay(n, Optional.empty()).orElseThrow().toSeconds()).toList());
        assertEquals(Optional.empty(), policy.nextDelay(6, Optional.empty()));
        assertEquals(Optional.empty(), policy.nextDelay(7, Optional.empty()));
    }

    @Test
    void jitterStaysWithinTenPercent() {
        List<Duration> schedule = List.of(Duration.ofSeconds(100));
        assertEquals(Duration.ofSeconds(90), new RetryPolicy(schedule, fixed(0.0)).nextDelay(1, Optional.empty())
                .orElseThrow());
        assertEquals(Duration.ofSeconds(110), new RetryPolicy(schedule, fixed(1.0)).nextDelay(1, Optional.empty())
                .orElseThrow());
        assertEquals(Duration.ofSeconds(105), new RetryPolicy(schedule, fixed(0.75)).nextDelay(1, Optional.empty())
                .orElseThrow());

        RetryPolicy random = new RetryPolicy(schedule, new Random(42));
        boolean varied = false;
        Duration first = random.nextDelay(1, Optional.empty()).orElseThrow();
        for (int i = 0; i < 1000; i++) {
            Duration delay = random.nextDelay(1, Optional.empty()).orElseThrow();
            assertTrue(delay.compareTo(Duration.ofSeconds(90)) >= 0 && delay.compareTo(Duration.ofSeconds(110)) <= 0,
                    delay::toString);
            varied |= !delay.equals(first);
        }
        assertTrue(varied, "jitter must vary");
    }

    @Test
    void retryAfterReplacesTheDelayWithoutJitterAndIsCapped() {
        RetryPolicy policy = new RetryPolicy(RetryPolicy.DEFAULT_SCHEDULE, fixed(1.0));
        assertEquals(Optional.of(Duration.ofSeconds(30)), policy.nextDelay(1, Optional.of(Duration.ofSeconds(30))));
        assertEquals(Optional.of(Duration.ofSeconds(3000)),
                policy.nextDelay(4, Optional.of(Duration.ofSeconds(3000))));
        assertEquals(Optional.of(Duration.ofHours(1)), policy.nextDelay(2, Optional.of(Duration.ofDays(2))));
        assertEquals(Optional.of(Duration.ZERO), policy.nextDelay(1, Optional.of(Duration.ZERO)));
        // Exhausted stays exhausted, whatever the receiver asks.
        assertEquals(Optional.empty(), policy.nextDelay(6, Optional.of(Duration.ofSeconds(1))));
    }

    @Test
    void anEmptyScheduleMeansOneAttempt() {
        RetryPolicy policy = new RetryPolicy(List.of());
        assertEquals(1, policy.maxAttempts());
        assertEquals(Optional.empty(), policy.nextDelay(1, Optional.empty()));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(List.of(Duration.ofSeconds(-1))));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(RetryPolicy.DEFAULT_SCHEDULE).nextDelay(0, Optional.empty()));
    }

    @Test
    void parsesRetryAfterSecondsAndDates() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:15:30Z"), ZoneOffset.UTC);
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse("120", clock));
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse(" 120 ", clock));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("0", clock));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Sun, 22 Nov 2026 10:17:00 GMT", clock));
        // A date in the past means now.
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sun, 22 Nov 2026 10:00:00 GMT", clock));
        assertTrue(RetryAfter.parse("99999999999999999999999", clock).orElseThrow()
                .compareTo(RetryPolicy.MAX_RETRY_AFTER) > 0);
        for (String unreadable : new String[] {null, "", "soon", "-5", "1.5", "2026-11-22T10:17:00Z"}) {
            assertEquals(Optional.empty(), RetryAfter.parse(unreadable, clock), unreadable);
        }
    }
}
