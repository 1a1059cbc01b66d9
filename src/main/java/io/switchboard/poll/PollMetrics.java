package io.switchboard.poll;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Poll metrics (API.md §10): {@code switchboard_polls_total{outcome}} (changes, nothing, failed, skipped),
 * {@code switchboard_poll_objects_total} (objects the vendors returned), {@code switchboard_poll_lag_seconds} (how
 * late a due poll started; histogram with p50/p95/p99) and {@code switchboard_poll_duration_seconds}.
 */
@ApplicationScoped
class PollMetrics {

    private final Counter changes;
    private final Counter nothing;
    private final Counter failed;
    private final Counter skipped;
    private final Counter objects;
    private final Timer lag;
    private final Timer duration;

    PollMetrics(MeterRegistry registry) {
        changes = polls(registry, "changes");
        nothing = polls(registry, "nothing");
        failed = polls(registry, "failed");
        skipped = polls(registry, "skipped");
        objects = Counter.builder("switchboard.poll.objects").description("objects returned by polled vendors")
                .register(registry);
        lag = Timer.builder("switchboard.poll.lag").description("how late a due poll started")
                .publishPercentiles(0.5, 0.95, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        duration = Timer.builder("switchboard.poll.duration").description("from a poll's start to its commit")
                .publishPercentileHistogram().register(registry);
    }

    private static Counter polls(MeterRegistry registry, String outcome) {
        return Counter.builder("switchboard.polls").description("polls run, by outcome").tag("outcome", outcome)
                .register(registry);
    }

    void lag(Duration late) {
        lag.record(late.isNegative() ? Duration.ZERO : late);
    }

    void objects(int count) {
        objects.increment(count);
    }

    void finished(PollRunner.Outcome outcome, Duration took) {
        (outcome.skipped() ? skipped : outcome.failure() != null ? failed : outcome.events() > 0 ? changes : nothing)
                .increment();
        if (!outcome.skipped()) {
            duration.record(took);
        }
    }
}
