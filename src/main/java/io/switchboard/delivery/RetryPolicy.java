package io.switchboard.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * When to try a delivery again (API.md §7). The n-th retry comes {@code schedule[n-1]} after the previous attempt
 * ended, with ±10% jitter so that deliveries failed together do not retry together; a receiver's
 * {@code Retry-After} replaces that delay exactly, capped at {@link #MAX_RETRY_AFTER}.
 */
public final class RetryPolicy {

    public static final List<Duration> DEFAULT_SCHEDULE = List.of(Duration.ofSeconds(8), Duration.ofSeconds(64),
            Duration.ofSeconds(512), Duration.ofSeconds(4096), Duration.ofSeconds(32768));

    /** A receiver cannot park a delivery for longer than this with {@code Retry-After}. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private static final double JITTER = 0.10;

    private final List<Duration> schedule;
    private final Random random;

    public RetryPolicy(List<Duration> schedule, Random random) {
        this.schedule = List.copyOf(schedule);
        this.random = Objects.requireNonNull(random, "random");
        for (Duration delay : this.schedule) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("retry delays must not be negative: " + delay);
            }
        }
    }

    public RetryPolicy(List<Duration> schedule) {
        this(schedule, new Random());
    }

    /** The first try and one per entry of the schedule. */
    public int maxAttempts() {
        return 1 + schedule.size();
    }

    /**
     * How long after the attempt that just ended the next one should start; empty when {@code attemptsMade} used
     * up every attempt.
     *
     * @param attemptsMade attempts made so far, including the one that just ended (at least 1)
     * @param retryAfter   the delay the receiver asked for, if any
     */
    public Optional<Duration> nextDelay(int attemptsMade, Optional<Duration> retryAfter) {
        if (attemptsMade < 1) {
            throw new IllegalArgumentException("attemptsMade must be at least 1, was " + attemptsMade);
        }
        if (attemptsMade >= maxAttempts()) {
            return Optional.empty();
        }
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get();
            return Optional.of(asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked);
        }
        Duration base = schedule.get(attemptsMade - 1);
        double factor = 1 + (random.nextDouble() * 2 - 1) * JITTER;
        return Optional.of(Duration.ofNanos(Math.round(base.toNanos() * factor)));
    }
}
