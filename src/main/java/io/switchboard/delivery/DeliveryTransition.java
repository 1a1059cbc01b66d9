package io.switchboard.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where one attempt takes its delivery (API.md §7), decided from values alone: a 2xx is DELIVERED; a stop (410, a
 * refused target) is FAILED; any other failure is PENDING again after the schedule's next delay (or the receiver's
 * {@code Retry-After}), and once the schedule is used up FAILED, or QUEUED with its URL paused when the
 * organization's failure policy is {@code queue}. {@link DeliveryQueue#complete} writes what this decides.
 *
 * @param status        the delivery's status after the attempt
 * @param nextAttemptAt when it is due again; only for PENDING
 */
public record DeliveryTransition(Status status, Instant nextAttemptAt) {

    /** The statuses an attempt can leave a delivery in, each with its {@code switchboard.deliveries} outcome tag. */
    public enum Status {
        DELIVERED("delivered"), PENDING("retry"), FAILED("failed"), QUEUED("queued");

        private final String outcomeTag;

        Status(String outcomeTag) {
            this.outcomeTag = outcomeTag;
        }

        /** The {@code outcome} tag of the {@code switchboard.deliveries} counter. */
        public String outcomeTag() {
            return outcomeTag;
        }
    }

    static final DeliveryTransition DELIVERED = new DeliveryTransition(Status.DELIVERED, null);
    static final DeliveryTransition FAILED = new DeliveryTransition(Status.FAILED, null);
    static final DeliveryTransition QUEUED = new DeliveryTransition(Status.QUEUED, null);

    /**
     * @param result             what the attempt answered
     * @param roundAttemptsMade  attempts of this round (since the last redelivery), including the one that ended
     * @param schedule           the retry schedule of the delivery's instance (or the hub's)
     * @param queueWhenExhausted whether the organization's failure policy is {@code queue}
     * @param ended              when the attempt ended: the next delay counts from here
     */
    public static DeliveryTransition after(DeliveryResult result, int roundAttemptsMade, RetryPolicy schedule,
            boolean queueWhenExhausted, Instant ended) {
        if (result.success()) {
            return DELIVERED;
        }
        if (result.stop()) {
            return FAILED;
        }
        Optional<Duration> delay = schedule.nextDelay(roundAttemptsMade, result.retryAfter());
        if (delay.isPresent()) {
            return new DeliveryTransition(Status.PENDING, ended.plus(delay.get()));
        }
        return queueWhenExhausted ? QUEUED : FAILED;
    }

    /** Whether the delivery's URL is paused for its organization (until a redeliver resumes it). */
    public boolean pausesTarget() {
        return status == Status.QUEUED;
    }

    /** Whether the delivery is done with for now, so that the next one of its lane may go. */
    public boolean endsLaneHead() {
        return status != Status.PENDING;
    }
}
