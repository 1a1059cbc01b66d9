package io.switchboard.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends deliveries again (API.md §7), in the caller's transaction: each becomes PENDING, due now, with a fresh retry
 * count ({@code attempts} keeps counting). Redelivering a QUEUED delivery resumes its URL for the organization: the
 * pause is lifted and every delivery queued behind it is sent, oldest first.
 */
final class Redeliveries {

    /**
     * The workers claim by (next_attempt_at, id): one now() for all keeps the oldest first. A delivery in a lane (an
     * ordered instance's, a replay's) waits for its turn instead: {@link DeliveryLanes#advanceAll} gives it.
     */
    private static final String SEND_AGAIN = """
            UPDATE delivery SET status = 'PENDING', next_attempt_at = CASE WHEN lane IS NULL THEN now() END,
                   round_attempts = 0, delivered_at = NULL
            WHERE id IN (%s)""";

    private static final String RESUME = """
            UPDATE delivery SET status = 'PENDING', next_attempt_at = CASE WHEN lane IS NULL THEN now() END,
                   round_attempts = 0, delivered_at = NULL, in_order = true
            WHERE id IN (SELECT id FROM delivery WHERE organization_id = ? AND url = ? AND status = 'QUEUED'
                         ORDER BY id FOR UPDATE)""";

    private Redeliveries() {
    }

    static DeliveryHistory.Redelivered redeliver(Connection connection, long organizationId, long instanceId,
            long deliveryId) throws SQLException {
        String status;
        String url;
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT status, url FROM delivery WHERE id = ? AND organization_id = ? AND instance_id = ?
                FOR UPDATE""")) {
            select.setLong(1, deliveryId);
            select.setLong(2, organizationId);
            select.setLong(3, instanceId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return new DeliveryHistory.Redelivered(DeliveryHistory.Refusal.NOT_FOUND, 0);
                }
                status = rs.getString(1);
                url = rs.getString(2);
            }
        }
        int redelivered;
        switch (DeliveryStatus.valueOf(status)) {
            case PENDING -> {
                return new DeliveryHistory.Redelivered(DeliveryHistory.Refusal.PENDING, 0);
            }
            case QUEUED -> redelivered = resume(connection, organizationId, url);
            default -> {
                try (PreparedStatement update = connection.prepareStatement(SEND_AGAIN.formatted("?"))) {
                    update.setLong(1, deliveryId);
                    redelivered = update.executeUpdate();
                }
            }
        }
        DeliveryLanes.advanceAll(connection);
        return new DeliveryHistory.Redelivered(DeliveryHistory.Refusal.NONE, redelivered);
    }

    /**
     * Redelivers all of the instance's FAILED or QUEUED deliveries; QUEUED resumes each of their URLs, which also
     * sends the organization's other deliveries queued behind them.
     *
     * @return how many deliveries were made PENDING
     */
    static int redeliverAll(Connection connection, long organizationId, long instanceId, DeliveryStatus status)
            throws SQLException {
        if (status == DeliveryStatus.FAILED) {
            try (PreparedStatement update = connection.prepareStatement(SEND_AGAIN.formatted("""
                    SELECT id FROM delivery WHERE organization_id = ? AND instance_id = ? AND status = 'FAILED'
                    ORDER BY id FOR UPDATE"""))) {
                update.setLong(1, organizationId);
                update.setLong(2, instanceId);
                int redelivered = update.executeUpdate();
                DeliveryLanes.advanceAll(connection);
                return redelivered;
            }
        }
        if (status != DeliveryStatus.QUEUED) {
            throw new IllegalArgumentException("only FAILED or QUEUED deliveries are redelivered in bulk");
        }
        List<String> urls = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT DISTINCT url FROM delivery WHERE organization_id = ? AND instance_id = ? AND status = 'QUEUED'
                ORDER BY url""")) {
            select.setLong(1, organizationId);
            select.setLong(2, instanceId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    urls.add(rs.getString(1));
                }
            }
        }
        int resumed = 0;
        for (String url : urls) {
            resumed += resume(connection, organizationId, url);
        }
        DeliveryLanes.advanceAll(connection);
        return resumed;
    }

    /** Lifts the pause of the organization's URL and makes everything queued behind it PENDING. */
    private static int resume(Connection connection, long organizationId, String url) throws SQLException {
        // Deleting the pause first serializes two resumes of one URL on its row.
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM paused_target WHERE organization_id = ? AND url = ?")) {
            delete.setLong(1, organizationId);
            delete.setString(2, url);
            delete.executeUpdate();
        }
        // in_order: a claim takes one of these only when no older one of the URL is PENDING (oldest first, one at
        // a time, on every node); sending them together would let a later one overtake an earlier one.
        try (PreparedStatement update = connection.prepareStatement(RESUME)) {
            update.setLong(1, organizationId);
            update.setString(2, url);
            return update.executeUpdate();
        }
    }
}
