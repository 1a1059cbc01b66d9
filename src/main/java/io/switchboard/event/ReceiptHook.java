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

    /**
     * A receipt just stored: its events in order, and for each event the id of the notification (page) that
     * carries it (pages need not be of one size: a poll pages each resource apart).
     */
    record StoredReceipt(InstanceSettings instance, String receiptId, List<Event> events,
            List<String> eventNotifications) {

        /** The notification (page) that carries the event at {@code index}. */
        public String notificationOf(int index) {
            return eventNotifications.get(index);
        }
    }

    /** Writes what the receipt adds; returns the number of deliveries it created PENDING. */
    int stored(Connection connection, StoredReceipt receipt) throws SQLException;
}
