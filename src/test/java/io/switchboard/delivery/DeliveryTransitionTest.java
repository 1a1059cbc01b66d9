package io.switchboard.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.switchboard.delivery.DeliveryTransition.Status;

/** The status/retry state machine of {@link DeliveryTransition}, without a database. */
class DeliveryTransitionTest {

    private static final Instant ENDED = Instant.parse("2026-12-02T08:00:00Z");
    /** Two retries, 10 s then 60 s, with no jitter (nextDouble 0.5 is a factor of exactly 1). */
    private static final RetryPolicy TWO_RETRIES = new RetryPolicy(
            List.of(Duration.ofSeconds(10), Duration.ofSeconds(60)), new Random() {
                @Override
                public double nextDouble() {
                    return 0.5;
                }
            });
    private static final RetryPolicy NO_RETRY = new RetryPolicy(List.of());

    private static DeliveryResult status(int code) {
        return DeliveryResult.ofStatus(code, Optional.empty(), "answer " + code);
    }

    /** A transition that ends the delivery's attempts for now: no next time, its lane goes on. */
    private static void assertEnds(DeliveryTransition next, Status status, String outcomeTag, boolean pauses) {
        assertEquals(status, next.status());
        assertNull(next.nextAttemptAt());
        assertTrue(next.endsLaneHead());
        assertEquals(pauses, next.pausesTarget());
        assertEquals(outcomeTag, next.status().outcomeTag());
    }

    /** Whatever the failure policy and the retries left: a 2xx is delivered, a 410 fails at once (not queued). */
    @ParameterizedTest
    @CsvSource({ "204, DELIVERED, delivered, false", "204, DELIVERED, delivered, true", "410, FAILED, failed, false",
            "410, FAILED, failed, true" })
    void aTwoHundredIsDeliveredAndGoneFailsAtOnce(int code, Status status, String outcomeTag, boolean queue) {
        assertEnds(DeliveryTransition.after(status(code), 1, TWO_RETRIES, queue, ENDED), status, outcomeTag, false);
    }

    @Test
    void aDeliveryByAnotherDestinationIsDelivered() {
        assertEquals(Status.DELIVERED,
                DeliveryTransition.after(DeliveryResult.delivered("acks=all"), 1, TWO_RETRIES, false, ENDED).status());
    }

    @Test
    void aRefusedTargetFailsAtOnce() {
        assertEnds(DeliveryTransition.after(DeliveryResult.refused("private address"), 1, TWO_RETRIES, true, ENDED),
                Status.FAILED, "failed", false);
    }

    @Test
    void aRetryableFailureWithScheduleLeftIsPendingAfterTheNextDelay() {
        DeliveryTransition first = DeliveryTransition.after(status(503), 1, TWO_RETRIES, false, ENDED);
        assertEquals(Status.PENDING, first.status());
        assertEquals(ENDED.plusSeconds(10), first.nextAttemptAt());
        assertFalse(first.endsLaneHead());
        assertFalse(first.pausesTarget());
        assertEquals("retry", first.status().outcomeTag());

        DeliveryTransition second = DeliveryTransition.after(status(500), 2, TWO_RETRIES, false, ENDED);
        assertEquals(ENDED.plusSeconds(60), second.nextAttemptAt());
    }

    @Test
    void timeoutsAndIoFailuresAreRetriedToo() {
        assertEquals(Status.PENDING, DeliveryTransition.after(DeliveryResult.timedOut(Duration.ofSeconds(10)), 1,
                TWO_RETRIES, false, ENDED).status());
        assertEquals(Status.PENDING, DeliveryTransition.after(DeliveryResult.ioFailure("reset"), 1, TWO_RETRIES,
                false, ENDED).status());
    }

    @Test
    void retryAfterReplacesTheScheduledDelayCapped() {
        DeliveryResult asked = DeliveryResult.ofStatus(429, Optional.of(Duration.ofSeconds(3)), "slow down");
        assertEquals(ENDED.plusSeconds(3),
                DeliveryTransition.after(asked, 1, TWO_RETRIES, false, ENDED).nextAttemptAt());
        DeliveryResult tooLong = DeliveryResult.ofStatus(503, Optional.of(Duration.ofDays(2)), "later");
        assertEquals(ENDED.plus(RetryPolicy.MAX_RETRY_AFTER),
                DeliveryTransition.after(tooLong, 1, TWO_RETRIES, false, ENDED).nextAttemptAt());
    }

    @Test
    void retryAfterDoesNotExtendAnExhaustedSchedule() {
        DeliveryResult asked = DeliveryResult.ofStatus(429, Optional.of(Duration.ofSeconds(3)), "slow down");
        assertEquals(Status.FAILED, DeliveryTransition.after(asked, 3, TWO_RETRIES, false, ENDED).status());
    }

    @Test
    void anExhaustedScheduleFailsUnderTheRetryPolicy() {
        assertEnds(DeliveryTransition.after(status(500), 3, TWO_RETRIES, false, ENDED), Status.FAILED, "failed",
                false);
    }

    @Test
    void anExhaustedScheduleQueuesAndPausesTheUrlUnderTheQueuePolicy() {
        assertEnds(DeliveryTransition.after(status(500), 3, TWO_RETRIES, true, ENDED), Status.QUEUED, "queued",
                true);
    }

    @Test
    void noScheduleMeansTheFirstFailureIsTheLast() {
        assertEquals(Status.FAILED, DeliveryTransition.after(status(502), 1, NO_RETRY, false, ENDED).status());
        assertEquals(Status.QUEUED, DeliveryTransition.after(status(502), 1, NO_RETRY, true, ENDED).status());
    }

    @Test
    void theRoundCountsNotTheLifetimeAttempts() {
        // After a redelivery the round starts again at 1: the schedule's first delay applies.
        assertEquals(ENDED.plusSeconds(10),
                DeliveryTransition.after(status(500), 1, TWO_RETRIES, true, ENDED).nextAttemptAt());
    }
}
