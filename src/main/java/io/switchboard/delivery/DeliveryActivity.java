package io.switchboard.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an organization's deliveries add up to, for the console's overview, lists and charts. Every query is scoped
 * by organization and reads through an index.
 */
public interface DeliveryActivity {

    /** Open deliveries by status. */
    record OpenCounts(long pending, long failed, long queued) {
    }

    /** The deliveries created in bucket {@code bucket} (0 is the first) and tried: latency (ms) and failures. */
    record Stats(int bucket, int attempts, double p50, double p99, double failureRate) {
    }

    /** One try of a delivery. */
    record Attempt(long deliveryId, int attempt, Instant attemptedAt, Integer statusCode, Integer latencyMs,
            String error) {
    }

    /** The open deliveries to one URL: counts by status, its pause, the oldest queued one and the newest few. */
    record UrlGroup(String url, long pending, long failed, long queued, Instant pausedAt, Long oldestQueuedId,
            Long oldestQueuedInstanceId, List<DeliveryHistory.Row> recent) {
    }

    OpenCounts open(long organizationId);

    /** Deliveries created per bucket from {@code from} on. */
    long[] createdPerBucket(long organizationId, Instant from, Duration bucket, int buckets);

    /** Latency and failure share per bucket of creation time, for the buckets that have tried deliveries. */
    List<Stats> stats(long organizationId, Instant from, Duration bucket);

    /** The instances with a delivery that failed, is queued behind a paused URL, or is waiting for a retry. */
    Set<Long> failingInstances(long organizationId);

    /** Every attempt of the given deliveries of the organization, by delivery, in order. */
    Map<Long, List<Attempt>> attemptsOf(long organizationId, Collection<Long> deliveryIds);

    /** The open deliveries grouped by URL (in URL order, at most 200 URLs), with the newest few of each. */
    List<UrlGroup> openByUrl(long organizationId, int recentPerUrl);
}
