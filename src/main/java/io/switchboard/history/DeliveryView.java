package io.switchboard.history;

import java.time.Instant;
import io.switchboard.delivery.DeliveryStatus;

/**
 * A notification sent to one target: {@code GET /instances/{id}/deliveries}. {@code attempts} counts every try
 * since the delivery was created; {@code nextAttemptDate} is set while it is PENDING.
 */
public record DeliveryView(long id, String notificationId, String receiptId, String target, String url,
        DeliveryStatus status, int attempts, Integer lastStatusCode, String lastError, Instant lastAttemptDate,
        Instant nextAttemptDate, Instant createdDate, Instant deliveredDate) {
}
