package io.switchboard.history;

import java.util.List;
import java.util.Map;

import io.switchboard.delivery.DeliveryHistory;
import io.switchboard.event.Receipts;

/** Deliveries as the history shows them: the delivery package's rows with their receipts, the event package's. */
final class Rows {

    private Rows() {
    }

    static DeliveryView delivery(DeliveryHistory.Row row, String receiptId) {
        return new DeliveryView(row.id(), row.notificationId(), receiptId, row.target(), row.url(), row.status(),
                row.attempts(), row.lastStatusCode(), row.lastError(), row.lastAttemptAt(), row.nextAttemptAt(),
                row.createdAt(), row.deliveredAt());
    }

    /** The rows as views, their receipts read in one query. */
    static List<DeliveryView> deliveries(List<DeliveryHistory.Row> rows, Receipts receipts) {
        Map<String, String> receiptOf = receipts.receiptsOf(
                rows.stream().map(DeliveryHistory.Row::notificationId).distinct().toList());
        return rows.stream().map(row -> delivery(row, receiptOf.get(row.notificationId()))).toList();
    }
}
