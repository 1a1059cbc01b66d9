package io.switchboard.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The durable queue of deliveries, as the workers see it. PostgreSQL implements it today; the design keeps it
 * this small so that the outbox can move to a log (Kafka, partitioned by instance) without touching the
 * workers. Deliveries are created by {@link io.switchboard.event.ReceiptStore} in the same statement as their
 * receipt: the one round trip that makes a webhook durable.
 */
public interface DeliveryQueue {

    /**
     * A delivery claimed for sending; the claim lapses after a lease, so a crashed node's work comes back.
     * {@code lane}: the lane it went out in ({@link DeliveryLanes}: an ordered instance's, or a replay's id), or null
     * for an ordinary delivery.
     */
    record Claimed(long id, String notificationId, long organizationId, long instanceId, String target, String url,
            int attempts, int roundAttempts, String lane) {
    }

    /** The result of one attempt of a claimed delivery. */
    record Outcome(Claimed delivery, DeliveryResult result, Instant attemptedAt, long latencyMillis) {
    }

    /** Claims at most {@code max} due deliveries, each for the lease; in its own short transaction. */
    List<Claimed> claim(int max);

    /**
     * Gives claimed deliveries back, due again after {@code delay} (not attempted: their counts stay), so that any
     * node may take them then instead of when their claims lapse.
     */
    void release(List<Long> ids, Duration delay);

    /** As {@link #claim(int)}, leaving the deliveries to the URLs in {@code skipUrls} where they are. */
    List<Claimed> claim(int max, Set<String> skipUrls);

    /**
     * Records attempts and moves each delivery on: delivered, retried later, failed or queued.
     *
     * @return how many deliveries waiting in a lane became due because one before them ended: the caller claims
     */
    int complete(List<Outcome> outcomes);

    /** How long a claim lasts; after it a crashed node's claimed deliveries are due again. */
    Duration lease();

    /** When the next PENDING delivery is due, if any. */
    Optional<Instant> nextDue();

    /** How many deliveries are PENDING (waiting to be sent or retried, or in flight). */
    long pendingCount();
}
