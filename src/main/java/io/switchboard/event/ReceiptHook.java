package io.switchboard.event;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.switchboard.instance.InstanceSettings;

/**
 * Something more that a stored receipt's events go to (subscriptions): called by {@link ReceiptStore} for every
 * new (not duplicate) receipt, webhook or poll, on the receipt's connection and in its transaction, so that what
 * it writes commits or rolls back with the receipt.
 */
public interface ReceiptHook {

    /** A receipt just stored; {@code notificationIds} are its pages in order, {@code pageSize} events each. */
    record StoredReceipt(InstanceSettings instance, String receiptId, List<Event> events, List<String> notificationIds,
            int pageSize) {

        /** The notification (page) that carries the event at {@code index}. */
        public String notificationOf(int index) {
            return notificationIds.get(index / pageSize);
        }
    }

    /** Writes what the receipt adds; returns the number of deliveries it created PENDING. */
    int stored(Connection connection, StoredReceipt receipt) throws SQLException;
}
