package io.switchboard.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import io.switchboard.outbound.TargetGuard;

/**
 * The outcome of one delivery attempt, as a value rather than an exception. Statuses and failures are classified
 * here and nowhere else (API.md §7): a 2xx is delivered; {@code 410 Gone} stops the delivery at once; every other
 * status (3xx and 4xx included), a timeout or an I/O error is retried.
 *
 * @param success    the receiver answered 2xx
 * @param retryable  the attempt failed and a later attempt may succeed; false for a success and for a stop
 * @param statusCode the HTTP status, empty when no response arrived
 * @param retryAfter the receiver's {@code Retry-After}, already turned into a delay; empty when absent or unreadable
 * @param detail     what to record as the attempt's error or response: a truncated response body or why it failed
 */
public record DeliveryResult(boolean success, boolean retryable, OptionalInt statusCode,
        Optional<Duration> retryAfter, String detail) {

    public DeliveryResult {
        Objects.requireNonNull(statusCode, "statusCode");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(detail, "detail");
        if (success && retryable) {
            throw new IllegalArgumentException("a successful attempt is not retryable");
        }
    }

    /** Classifies an HTTP answer; the one place that decides what a status means for a delivery. */
    public static DeliveryResult ofStatus(int statusCode, Optional<Duration> retryAfter, String detail) {
        boolean success = statusCode >= 200 && statusCode < 300;
        boolean retryable = !success && statusCode != 410;
        return new DeliveryResult(success, retryable, OptionalInt.of(statusCode),
                retryable ? retryAfter : Optional.empty(), detail);
    }

    /** A destination other than HTTP ({@link DeliveryDestination}) took the notification, e.g. Kafka's acks=all. */
    public static DeliveryResult delivered(String detail) {
        return new DeliveryResult(true, false, OptionalInt.empty(), Optional.empty(), detail);
    }

    /** No answer within the per-attempt timeout. */
    public static DeliveryResult timedOut(Duration timeout) {
        return new DeliveryResult(false, true, OptionalInt.empty(), Optional.empty(),
                "no response within " + timeout.toMillis() + " ms");
    }

    /** The connection could not be made or broke (refused, reset, DNS failure, TLS failure). */
    public static DeliveryResult ioFailure(String detail) {
        return new DeliveryResult(false, true, OptionalInt.empty(), Optional.empty(), detail);
    }

    /** The target was refused before any call (see {@link TargetGuard}); retrying cannot help. */
    public static DeliveryResult refused(String reason) {
        return new DeliveryResult(false, false, OptionalInt.empty(), Optional.empty(), reason);
    }

    /** The delivery must end now as {@code FAILED}, whatever retries remain. */
    public boolean stop() {
        return !success && !retryable;
    }
}
