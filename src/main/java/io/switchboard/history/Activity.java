package io.switchboard.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.delivery.DeliveryActivity;
import io.switchboard.delivery.DeliveryHistory;
import io.switchboard.event.ReceiptCounts;
import io.switchboard.event.Receipts;

/**
 * What an organization's receipts and deliveries add up to, for the console's overview, lists and charts: the
 * event package's counts of receipts beside the delivery package's of deliveries. Every query is scoped by
 * organization and reads through an index, so that it stays fast with a long history.
 */
@ApplicationScoped
public class Activity {

    /** Open deliveries of an organization by status, and its receipts since {@code since}. */
    public record Counts(long receipts, long pending, long failed, long queued) {
    }

    /** One count per bucket of {@code bucket}, the first starting at {@code from}. */
    public record Series(Instant from, Duration bucket, long[] counts) {
    }

    /** Deliveries of one bucket: latency percentiles (ms) and the share that needed a retry or failed (0..1). */
    public record AttemptStats(Instant start, int attempts, double p50, double p99, double failureRate) {
    }

    /** One try of a delivery. */
    public record AttemptView(long deliveryId, int attempt, Instant attemptedAt, Integer statusCode, Integer latencyMs,
            String error) {
    }

    /** The open deliveries to one URL: counts by status, whether the URL is paused, and the oldest queued one. */
    public record UrlDeliveries(String url, long pending, long failed, long queued, Instant pausedAt,
            Long oldestQueuedId, Long oldestQueuedInstanceId, List<DeliveryView> recent) {
    }

    @Inject ReceiptCounts receipts;
    @Inject DeliveryActivity deliveries;
    @Inject Receipts receiptReads;

    public Counts counts(long organizationId, Instant receiptsSince) {
        long received = receipts.since(organizationId, receiptsSince);
        DeliveryActivity.OpenCounts open = deliveries.open(organizationId);
        return new Counts(received, open.pending(), open.failed(), open.queued());
    }

    /** Receipts per bucket from {@code from} on. */
    public Series receipts(long organizationId, Instant from, Duration bucket, int buckets) {
        return new Series(from, bucket, receipts.perBucket(organizationId, from, bucket, buckets));
    }

    /** Deliveries created per bucket from {@code from} on (one per notification and target). */
    public Series deliveries(long organizationId, Instant from, Duration bucket, int buckets) {
        return new Series(from, bucket, deliveries.createdPerBucket(organizationId, from, bucket, buckets));
    }

    /**
     * Delivery latency (first try to the last answer, ms, for deliveries tried at least once) and the share of
     * deliveries that needed a retry or failed, per bucket of creation time.
     */
    public List<AttemptStats> attempts(long organizationId, Instant from, Duration bucket, int buckets) {
        Map<Integer, DeliveryActivity.Stats> byBucket = new HashMap<>();
        deliveries.stats(organizationId, from, bucket).forEach(s -> byBucket.put(s.bucket(), s));
        List<AttemptStats> stats = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            Instant start = from.plus(bucket.multipliedBy(b));
            DeliveryActivity.Stats s = byBucket.get(b);
            stats.add(s == null ? new AttemptStats(start, 0, 0, 0, 0)
                    : new AttemptStats(start, s.attempts(), s.p50(), s.p99(), s.failureRate()));
        }
        return stats;
    }

    /** The time of each instance's newest receipt (instances without one are absent). */
    public Map<Long, Instant> lastReceipts(Collection<Long> instanceIds) {
        return receipts.last(instanceIds);
    }

    /** The instances with a delivery that failed, is queued behind a paused URL, or is waiting for a retry. */
    public Set<Long> failing(long organizationId) {
        return deliveries.failingInstances(organizationId);
    }

    /** Every attempt of the given deliveries of the organization, by delivery, in order. */
    public Map<Long, List<AttemptView>> attemptsOf(long organizationId, Collection<Long> deliveryIds) {
        Map<Long, List<AttemptView>> attempts = new HashMap<>();
        deliveries.attemptsOf(organizationId, deliveryIds).forEach((id, list) -> attempts.put(id, list.stream()
                .map(a -> new AttemptView(a.deliveryId(), a.attempt(), a.attemptedAt(), a.statusCode(),
                        a.latencyMs(), a.error()))
                .toList()));
        return attempts;
    }

    /** The organization's open deliveries grouped by URL, paused URLs first, with the newest few of each. */
    public List<UrlDeliveries> openByUrl(long organizationId, int recentPerUrl) {
        List<DeliveryActivity.UrlGroup> groups = deliveries.openByUrl(organizationId, recentPerUrl);
        Map<String, String> receiptOf = receiptReads.receiptsOf(groups.stream()
                .flatMap(g -> g.recent().stream()).map(DeliveryHistory.Row::notificationId).distinct().toList());
        List<UrlDeliveries> open = new ArrayList<>();
        for (DeliveryActivity.UrlGroup g : groups) {
            List<DeliveryView> recent = new ArrayList<>();
            g.recent().forEach(row -> recent.add(Rows.delivery(row, receiptOf.get(row.notificationId()))));
            open.add(new UrlDeliveries(g.url(), g.pending(), g.failed(), g.queued(), g.pausedAt(),
                    g.oldestQueuedId(), g.oldestQueuedInstanceId(), recent));
        }
        open.sort((a, b) -> Boolean.compare(b.pausedAt() != null, a.pausedAt() != null));
        return open;
    }
}
