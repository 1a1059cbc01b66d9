package io.switchboard.history;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.switchboard.api.Problem;
import io.switchboard.api.RequestIds;
import io.switchboard.delivery.DeliveryLanes;
import io.switchboard.delivery.DeliveryWorker;

/**
 * Replays (API.md §7 "Replay"): the stored notifications of an instance's receipts accepted in a window, each sent
 * again as a delivery with target {@code replay} in the replay's lane ({@link DeliveryLanes}), so that a few at a
 * time are under way, in receipt and page order, and live deliveries keep their room. The caller wakes the workers
 * after the commit.
 */
@ApplicationScoped
public class Replays {

    /** What a replay request asks for, checked. */
    public record Request(Instant from, Instant to, String url, Set<ReceiptStatus> statuses) {
    }

    public record Started(String id, String status, int receipts, int notifications) {
    }

    public record Progress(String id, String status, int notifications, int delivered, int failed, int pending) {
    }

    /** Receipts in the window whose derived status is wanted, and their notifications in receipt then page order. */
    private static final String CREATE_DELIVERIES = """
            WITH chosen AS (
                SELECT r.id, r.received_at FROM receipt r
                WHERE r.organization_id = ? AND r.instance_id = ? AND r.status = 'RECEIVED'
                  AND r.received_at >= ? AND r.received_at < ? AND r.notification_count > 0
                  AND (%s) = ANY(?)),
            d AS (
                INSERT INTO delivery (notification_id, organization_id, instance_id, target, url, status, lane)
                SELECT n.id, ?, ?, ?, ?, 'PENDING', ?
                FROM chosen c JOIN notification n ON n.receipt_id = c.id
                ORDER BY c.received_at, c.id, n.page
                RETURNING 1)
            SELECT (SELECT count(*) FROM chosen), (SELECT count(*) FROM d)""".formatted(ReceiptStatus.SQL);

    private final DataSource dataSource;

    public Replays(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Starts a replay; {@code window}: how many of its deliveries may be under way at once. */
    @Transactional
    public Started start(long organizationId, long instanceId, Request request, int window) {
        String id = "rpl_" + RequestIds.next();
        try (Connection connection = dataSource.getConnection()) {
            int receipts;
            int notifications;
            try (PreparedStatement insert = connection.prepareStatement(CREATE_DELIVERIES)) {
                insert.setLong(1, organizationId);
                insert.setLong(2, instanceId);
                insert.setTimestamp(3, Timestamp.from(request.from()));
                insert.setTimestamp(4, Timestamp.from(request.to()));
                Array statuses = connection.createArrayOf("text",
                        request.statuses().stream().map(Enum::name).toArray());
                insert.setArray(5, statuses);
                insert.setLong(6, organizationId);
                insert.setLong(7, instanceId);
                insert.setString(8, DeliveryWorker.REPLAY_TARGET);
                insert.setString(9, request.url());
                insert.setString(10, id);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    receipts = rs.getInt(1);
                    notifications = rs.getInt(2);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO replay (id, organization_id, instance_id, url, status, from_at, to_at, receipts,
                                        notifications)
                    VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?)""")) {
                insert.setString(1, id);
                insert.setLong(2, organizationId);
                insert.setLong(3, instanceId);
                insert.setString(4, request.url());
                insert.setTimestamp(5, Timestamp.from(request.from()));
                insert.setTimestamp(6, Timestamp.from(request.to()));
                insert.setInt(7, receipts);
                insert.setInt(8, notifications);
                insert.executeUpdate();
            }
            DeliveryLanes.open(connection, id, window);
            DeliveryLanes.advance(connection, Set.of(id));
            return new Started(id, notifications == 0 ? "DONE" : "RUNNING", receipts, notifications);
        } catch (SQLException e) {
            throw new IllegalStateException("could not start the replay", e);
        }
    }

    public Progress progress(long organizationId, long instanceId, String replayId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT r.status, r.notifications,
                               count(d.id) FILTER (WHERE d.status = 'DELIVERED'),
                               count(d.id) FILTER (WHERE d.status IN ('FAILED', 'QUEUED')),
                               count(d.id) FILTER (WHERE d.status = 'PENDING')
                        FROM replay r LEFT JOIN delivery d ON d.lane = r.id
                        WHERE r.id = ? AND r.organization_id = ? AND r.instance_id = ?
                        GROUP BY r.status, r.notifications""")) {
            select.setString(1, replayId);
            select.setLong(2, organizationId);
            select.setLong(3, instanceId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw Problem.notFound("instance " + instanceId + " has no replay " + replayId);
                }
                int pending = rs.getInt(5);
                String status = "CANCELLED".equals(rs.getString(1)) ? "CANCELLED" : pending == 0 ? "DONE" : "RUNNING";
                return new Progress(replayId, status, rs.getInt(2), rs.getInt(3), rs.getInt(4), pending);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the replay", e);
        }
    }

    /**
     * Cancels what of the replay is not sent yet (a delivery under way may still arrive). Not one transaction: each
     * step commits, so that cancelling never waits on a worker's transaction while holding rows it wants.
     */
    public Progress cancel(long organizationId, long instanceId, String replayId) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE replay SET status = 'CANCELLED'
                    WHERE id = ? AND organization_id = ? AND instance_id = ?""")) {
                update.setString(1, replayId);
                update.setLong(2, organizationId);
                update.setLong(3, instanceId);
                if (update.executeUpdate() == 0) {
                    throw Problem.notFound("instance " + instanceId + " has no replay " + replayId);
                }
            }
            DeliveryLanes.close(connection, replayId, "the replay was cancelled");
        } catch (SQLException e) {
            throw new IllegalStateException("could not cancel the replay", e);
        }
        return progress(organizationId, instanceId, replayId);
    }
}
