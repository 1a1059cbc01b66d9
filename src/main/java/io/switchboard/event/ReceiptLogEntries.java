package io.switchboard.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.switchboard.store.Text;

/**
 * Receipts without events, logged for the record: a REJECTED webhook (bad signature, unreadable body), a
 * DUPLICATE (a vendor's retry of a delivery already stored) and a FAILED poll, each with its reason.
 */
final class ReceiptLogEntries {

    enum Status {
        REJECTED, DUPLICATE, FAILED
    }

    private ReceiptLogEntries() {
    }

    /** Inserts a receipt without events; {@code duplicateOf}: the original of a DUPLICATE, or null. */
    static void insert(Connection connection, String id, ReceiptStore.Incoming incoming, Status status,
            String reason, String duplicateOf) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO receipt (id, organization_id, instance_id, element_key, source, status, reason,
                                     vendor_delivery_id, duplicate_of, content_type, body_kind, body, event_count,
                                     poll_date, received_at, trace_id, trace_span_id, trace_state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, id);
            insert.setLong(2, incoming.instance().organizationId());
            insert.setLong(3, incoming.instance().id());
            insert.setString(4, incoming.instance().elementKey());
            insert.setString(5, incoming.source());
            insert.setString(6, status.name());
            insert.setString(7, Text.storable(reason));
            insert.setString(8, Text.storable(incoming.vendorDeliveryId().orElse(null)));
            insert.setString(9, duplicateOf);
            insert.setString(10, Text.storable(incoming.contentType()));
            insert.setString(11, incoming.bodyKind());
            insert.setString(12, Text.storable(incoming.body()));
            insert.setTimestamp(13, incoming.pollDate() == null ? null : Timestamp.from(incoming.pollDate()));
            insert.setTimestamp(14, Timestamp.from(incoming.receivedAt()));
            insert.setString(15, incoming.trace().traceId());
            insert.setString(16, incoming.trace().spanId());
            insert.setString(17, Text.storable(incoming.trace().traceState()));
            insert.executeUpdate();
        }
    }

    /** The id of the stored receipt that {@code incoming} (with a vendor delivery id) repeats. */
    static String original(Connection connection, ReceiptStore.Incoming incoming) throws SQLException {
        return find(connection, incoming)
                .orElseThrow(() -> new IllegalStateException("a duplicate without its original"));
    }

    /** The id of the stored (RECEIVED) receipt of the instance with the incoming's vendor delivery id, if any. */
    static Optional<String> find(Connection connection, ReceiptStore.Incoming incoming) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id FROM receipt WHERE instance_id = ? AND vendor_delivery_id = ? AND status = 'RECEIVED'""")) {
            select.setLong(1, incoming.instance().id());
            select.setString(2, Text.storable(incoming.vendorDeliveryId().orElseThrow()));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Which of {@code ids} are stored already (any status): a receipt log record read again. */
    static Set<String> existing(Connection connection, List<String> ids) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM receipt WHERE id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", ids.toArray()));
            Set<String> found = new HashSet<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        }
    }
}
