package io.switchboard.console.overview;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.history.Activity;

/**
 * The overview's charts of an organization. They are per minute, so they are drawn at most every
 * {@value #FRESH_SECONDS} seconds per organization: with a long history, reading 24 hours of it on every view of
 * the overview would be most of the page's time.
 */
@ApplicationScoped
public class OverviewCharts {

    static final int FRESH_SECONDS = 15;
    private static final int MAX_ORGANIZATIONS = 1000;

    private record Drawn(List<Chart> charts, Instant at) {
    }

    @Inject Activity activity;
    @Inject Clock clock;
    private final Map<Long, Drawn> drawn = new ConcurrentHashMap<>();

    public List<Chart> of(long organizationId) {
        Instant now = clock.instant();
        Drawn last = drawn.get(organizationId);
        if (last != null && last.at().plusSeconds(FRESH_SECONDS).isAfter(now)) {
            return last.charts();
        }
        List<Chart> charts = draw(organizationId, now);
        if (drawn.size() >= MAX_ORGANIZATIONS) {
            drawn.clear();
        }
        drawn.put(organizationId, new Drawn(charts, now));
        return charts;
    }

    private List<Chart> draw(long org, Instant at) {
        Instant end = at.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant hourAgo = end.minus(Duration.ofHours(1));
        Instant dayAgo = end.minus(Duration.ofHours(24));
        Duration minute = Duration.ofMinutes(1);
        List<Activity.AttemptStats> latency = activity.attempts(org, hourAgo, minute, 60);
        return List.of(
                Chart.of("Receipts per minute, last hour", "receipts",
                        activity.receipts(org, hourAgo, minute, 60).counts(), hourAgo, end),
                Chart.of("Deliveries per minute, last hour", "deliveries",
                        activity.deliveries(org, hourAgo, minute, 60).counts(), hourAgo, end),
                Chart.of("Receipts per minute, last 24 hours", "receipts",
                        activity.receipts(org, dayAgo, minute, 1440).counts(), dayAgo, end),
                Chart.of("Deliveries per minute, last 24 hours", "deliveries",
                        activity.deliveries(org, dayAgo, minute, 1440).counts(), dayAgo, end),
                Chart.of("Delivery latency p50 (ms, per minute, last hour)", "ms",
                        latency.stream().mapToDouble(Activity.AttemptStats::p50).toArray(), hourAgo, end),
                Chart.of("Delivery latency p99 (ms, per minute, last hour)", "ms",
                        latency.stream().mapToDouble(Activity.AttemptStats::p99).toArray(), hourAgo, end),
                Chart.of("Deliveries retried or failed (% per minute, last hour)", "%",
                        latency.stream().mapToDouble(a -> a.failureRate() * 100).toArray(), hourAgo, end));
    }
}
