package io.switchboard.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class AuthFailureLimiterTest {

    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void theFailureAfterTheLimitWaitsUntilTheOldestLapses() {
        AuthFailureLimiter limiter = limiter(true, 3, Duration.ofSeconds(60), 100);
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), limiter.blockedFor("10.0.0.1"));
            limiter.recordFailure("10.0.0.1");
            clock.advance(Duration.ofSeconds(10));
        }
        assertEquals(Optional.of(Duration.ofSeconds(30)), limiter.blockedFor("10.0.0.1"));
        assertEquals(Optional.empty(), limiter.blockedFor("10.0.0.2"), "another address is not affected");
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), limiter.blockedFor("10.0.0.1"), "the oldest failure lapsed");
        limiter.recordFailure("10.0.0.1");
        assertEquals(Optional.of(Duration.ofSeconds(10)), limiter.blockedFor("10.0.0.1"));
        assertEquals(4.0, registry.get("switchboard.auth.failures").counter().count());
        assertEquals(2.0, registry.get("switchboard.auth.refused").counter().count());
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowNeverBlock() {
        AuthFailureLimiter limiter = limiter(true, 3, Duration.ofSeconds(60), 100);
        for (int i = 0; i < 20; i++) {
            limiter.recordFailure("10.0.0.1");
            clock.advance(Duration.ofSeconds(21));
            assertEquals(Optional.empty(), limiter.blockedFor("10.0.0.1"));
        }
    }

    @Test
    void turnedOffNothingIsBlocked() {
        AuthFailureLimiter limiter = limiter(false, 1, Duration.ofSeconds(60), 100);
        limiter.recordFailure("10.0.0.1");
        limiter.recordFailure("10.0.0.1");
        assertEquals(Optional.empty(), limiter.blockedFor("10.0.0.1"));
        assertEquals(2.0, registry.get("switchboard.auth.failures").counter().count(), "failures still counted");
    }

    @Test
    void rememberedAddressesStayBounded() {
        AuthFailureLimiter limiter = limiter(true, 3, Duration.ofSeconds(60), 50);
        for (int i = 0; i < 1_000; i++) {
            limiter.recordFailure("10.0." + (i / 256) + "." + (i % 256));
        }
        assertTrue(limiter.addresses() <= 50, "remembered " + limiter.addresses());
        clock.advance(Duration.ofMinutes(2));
        limiter.recordFailure("10.9.9.9");
        assertTrue(limiter.addresses() <= 2, "lapsed addresses forgotten first: " + limiter.addresses());
    }

    private AuthFailureLimiter limiter(boolean enabled, int maxFailures, Duration window, int maxAddresses) {
        return new AuthFailureLimiter(new AuthFailureLimiterConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public int maxFailures() {
                return maxFailures;
            }

            @Override
            public Duration window() {
                return window;
            }

            @Override
            public int maxAddresses() {
                return maxAddresses;
            }
        }, clock, registry);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
