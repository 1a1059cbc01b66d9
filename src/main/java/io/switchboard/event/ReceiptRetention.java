package io.switchboard.event;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.switchboard.store.TimeColumns;

/**
 * Removes old receipts with their events and notifications, a batch at a time in the caller's transaction; rows
 * that other batches (other nodes) are removing are skipped. What hangs on the notifications is their owners' to
 * remove (store.Retained); subscription notifications cascade from their receipt.
 */
@ApplicationScoped
public class ReceiptRetention {

    /** What one batch removed: how many receipts, and the ids of their notifications. */
    public record Batch(int receipts, List<String> notificationIds) {
    }

    @Inject DataSource dataSource;

    /** Up to {@code limit} receipts received before {@code before}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Batch removeReceivedBefore(Instant before, int limit) {
        return remove("received_at < ?", TimeColumns.timestamp(before), limit);
    }

    /** Up to {@code limit} receipts of an instance (a deleted one). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Batch removeOfInstance(long instanceId, int limit) {
        return remove("instance_id = ?", instanceId, limit);
    }

    private Batch remove(String condition, Object value, int limit) {
        String sql = "WITH r AS (DELETE FROM receipt WHERE id IN (SELECT id FROM receipt WHERE " + condition
                + " LIMIT " + limit + " FOR UPDATE SKIP LOCKED) RETURNING id), "
                + "e AS (DELETE FROM event WHERE receipt_id IN (SELECT id FROM r)), "
                + "n AS (DELETE FROM notification WHERE receipt_id IN (SELECT id FROM r) RETURNING id) "
                + "SELECT (SELECT count(*) FROM r), (SELECT array_agg(id) FROM n)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setObject(1, value);
            try (ResultSet rs = delete.executeQuery()) {
                rs.next();
                Array ids = rs.getArray(2);
                return new Batch(rs.getInt(1), ids == null ? List.of() : List.of((String[]) ids.getArray()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not remove old receipts", e);
        }
    }
}
