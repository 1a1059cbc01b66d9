package io.switchboard.history;

import java.time.Instant;

/** One entry of an instance's event log: {@code GET /instances/{id}/events}. */
public record ReceiptSummary(String id, Instant eventDate, String source, ReceiptStatus status, int events,
        int notifications, String reason) {
}
