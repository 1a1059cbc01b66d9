package io.switchboard.history;

import java.time.Instant;
import java.util.List;

/**
 * One receipt with what it became: {@code GET /instances/{id}/events/{receiptId}}. {@code providerData} is the
 * vendor's body exactly as received (null for a poll, whose pages carry what the vendor returned); {@code traceId}
 * the W3C trace the receipt and its callbacks belong to (null for receipts stored before traces were kept).
 */
public record ReceiptDetail(String id, Instant eventDate, String source, ReceiptStatus status, String reason,
        String elementKey, String contentType, String duplicateOf, Instant pollDate, String providerData,
        List<EventView> events, List<NotificationView> notifications, String traceId) {

    public record EventView(String elementKey, String eventType, String objectType, String objectId,
            Instant date) {
    }

    /** One page of the receipt's events, sent as one callback ({@code message.eventId} is its id). */
    public record NotificationView(String id, int page, int pages, int events, Instant createdDate,
            List<DeliveryView> deliveries) {
    }
}
