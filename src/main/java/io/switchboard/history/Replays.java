package io.switchboard.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.switchboard.error.HubError;
import io.switchboard.api.RequestIds;
import io.switchboard.delivery.DeliveryHistory;
import io.switchboard.event.Receipts;

/**
 * Replays (API.md §7 "Replay"): the stored notifications of an instance's receipts accepted in a window, each sent
 * again as a delivery with target {@code replay} in the replay's lane (delivery.DeliveryLanes), so that a few at a
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

    @Inject DataSource dataSource;
    @Inject Receipts receipts;
    @Inject DeliveryHistory deliveries;

    /** Starts a replay; {@code window}: how many of its deliveries may be under way at once. */
    @Transactional
    public Started start(long organizationId, long instanceId, Request request, int window) {
        String id = "rpl_" + RequestIds.next();
        Receipts.Replayable chosen = receipts.replayable(organizationId, instanceId, request.from(), request.to(),
                request.statuses().stream().map(Enum::name).toList());
        int notifications = chosen.notificationIds().size();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO replay (id, organization_id, instance_id, url, status, from_at, to_at, receipts,
                                            notifications)
                        VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?)""")) {
            insert.setString(1, id);
            insert.setLong(2, organizationId);
            insert.setLong(3, instanceId);
            insert.setString(4, request.url());
            insert.setTimestamp(5, Timestamp.from(request.from()));
            insert.setTimestamp(6, Timestamp.from(request.to()));
            insert.setInt(7, chosen.receipts());
            insert.setInt(8, notifications);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not start the replay", e);
        }
        deliveries.enqueueReplay(id, window, organizationId, instanceId, request.url(), chosen.notificationIds());
        return new Started(id, notifications == 0 ? "DONE" : "RUNNING", chosen.receipts(), notifications);
    }

    public Progress progress(long organizationId, long instanceId, String replayId) {
        String stored;
        int notifications;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT status, notifications FROM replay
                        WHERE id = ? AND organization_id = ? AND instance_id = ?""")) {
            select.setString(1, replayId);
            select.setLong(2, organizationId);
            select.setLong(3, instanceId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw notFound(instanceId, replayId);
                }
                stored = rs.getString(1);
                notifications = rs.getInt(2);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the replay", e);
        }
        DeliveryHistory.LaneCounts counts = deliveries.laneCounts(replayId);
        String status = "CANCELLED".equals(stored) ? "CANCELLED" : counts.pending() == 0 ? "DONE" : "RUNNING";
        return new Progress(replayId, status, notifications, counts.delivered(), counts.failed(), counts.pending());
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
                    throw notFound(instanceId, replayId);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not cancel the replay", e);
        }
        deliveries.closeLane(replayId, "the replay was cancelled");
        return progress(organizationId, instanceId, replayId);
    }

    private static HubError notFound(long instanceId, String replayId) {
        return HubError.notFound("instance " + instanceId + " has no replay " + replayId);
    }
}
