package io.switchboard.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Limits failed authentications per client address: at most {@code max-failures} within {@code window}. Once an
 * address has used them up, {@link #blockedFor} says how long until its oldest failure lapses; callers answer
 * {@code 429} with that as {@code Retry-After} <em>before</em> checking the credentials, so a blocked address learns
 * nothing from its guesses. A success neither counts nor clears earlier failures (a client holding one valid
 * credential must not be able to launder guesses at others), and is never delayed.
 *
 * <p>Metrics: {@code switchboard_auth_failures_total} (failed authentications) and
 * {@code switchboard_auth_refused_total} (attempts answered 429).
 */
@ApplicationScoped
public class AuthFailureLimiter {

    private final AuthFailureLimiterConfig config;
    private final Clock clock;
    private final Map<String, ArrayDeque<Instant>> failures = new ConcurrentHashMap<>();
    private final Counter failed;
    private final Counter refused;

    public AuthFailureLimiter(AuthFailureLimiterConfig config, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        failed = Counter.builder("switchboard.auth.failures").description("failed authentications")
                .register(registry);
        refused = Counter.builder("switchboard.auth.refused")
                .description("authentications refused with 429 after too many failures from the client's address")
                .register(registry);
    }

    /**
     * How long the address must wait before its next attempt, or empty when it may try now. A non-empty answer is
     * counted as a refusal.
     */
    public Optional<Duration> blockedFor(String clientAddress) {
        if (!config.enabled() || clientAddress == null) {
            return Optional.empty();
        }
        ArrayDeque<Instant> recent = failures.get(clientAddress);
        if (recent == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Duration wait;
        synchronized (recent) {
            dropLapsed(recent, now);
            if (recent.size() < config.maxFailures()) {
                return Optional.empty();
            }
            wait = Duration.between(now, recent.peekFirst().plus(config.window()));
        }
        refused.increment();
        return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    /** Counts one failed authentication against the address. */
    public void recordFailure(String clientAddress) {
        failed.increment();
        if (!config.enabled() || clientAddress == null) {
            return;
        }
        Instant now = clock.instant();
        if (failures.size() >= config.maxAddresses() && !failures.containsKey(clientAddress)) {
            forgetLapsed(now);
        }
        ArrayDeque<Instant> recent = failures.computeIfAbsent(clientAddress, address -> new ArrayDeque<>());
        synchronized (recent) {
            dropLapsed(recent, now);
            recent.addLast(now);
            while (recent.size() > config.maxFailures()) {
                recent.removeFirst();
            }
        }
    }

    /** Addresses with failures still counting; for tests and the memory bound. */
    int addresses() {
        return failures.size();
    }

    private void dropLapsed(ArrayDeque<Instant> recent, Instant now) {
        Instant oldestCounted = now.minus(config.window());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(oldestCounted)) {
            recent.removeFirst();
        }
    }

    private void forgetLapsed(Instant now) {
        failures.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                dropLapsed(entry.getValue(), now);
                return entry.getValue().isEmpty();
            }
        });
        if (failures.size() >= config.maxAddresses()) {
            // Still full of addresses failing right now: forget some rather than grow without bound.
            failures.keySet().stream().limit(Math.max(1, config.maxAddresses() / 10)).toList()
                    .forEach(failures::remove);
        }
    }
}
