package io.switchboard.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.SwitchboardConfig;

/**
 * Removes history older than {@code switchboard.retention} (API.md §12): receipts with their events,
 * notifications, deliveries (whatever their status) and attempts, subscription notifications (the pull feed, which
 * cascade from their receipt), replays with their lanes, and instances deleted longer ago than that. It deletes in
 * batches, each in its own short transaction, so that it never holds many locks for long; batches skip rows another
 * node is deleting, so several nodes can run it at once.
 */
@ApplicationScoped
public class Retention {

    /** What one run removed. */
    public record Purged(long receipts, long instances) {
    }

    static final int BATCH = 5_000;
    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final DataSource dataSource;
    private final SwitchboardConfig config;

    public Retention(DataSource dataSource, SwitchboardConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            purge();
        } catch (RuntimeException e) {
            LOG.warnf(e, "the retention job failed; it runs again in an hour");
        }
    }

    /** Removes everything older than the retention now. */
    public Purged purge() {
        Instant cutoff = Instant.now().minus(config.retention());
        long receipts = deleteReceipts("received_at < ?", cutoff);
        long instances = 0;
        for (long instanceId : deletedInstances(cutoff)) {
            receipts += deleteReceipts("instance_id = ?", instanceId);
            try {
                instances += QuarkusTransaction.requiringNew().call(() -> deleteInstance(instanceId, cutoff));
            } catch (RuntimeException e) {
                LOG.warnf("could not remove deleted instance %d: %s", instanceId, e.getMessage());
            }
        }
        purgeReplays(cutoff);
        if (receipts > 0 || instances > 0) {
            LOG.infof("retention removed %d receipts and %d deleted instances older than %s", receipts, instances,
                    cutoff);
        }
        return new Purged(receipts, instances);
    }

    /**
     * Deletes the receipts that match, {@link #BATCH} per transaction, with their events, notifications and
     * deliveries; attempts and subscription notifications cascade.
     */
    private long deleteReceipts(String condition, Object value) {
        String sql = "WITH r AS (DELETE FROM receipt WHERE id IN (SELECT id FROM receipt WHERE " + condition
                + " LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED) RETURNING id), "
                + "e AS (DELETE FROM event WHERE receipt_id IN (SELECT id FROM r)), "
                + "n AS (DELETE FROM notification WHERE receipt_id IN (SELECT id FROM r) RETURNING id), "
                + "d AS (DELETE FROM delivery WHERE notification_id IN (SELECT id FROM n)) "
                + "SELECT count(*) FROM r";
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> {
                try (Connection connection = dataSource.getConnection();
                        PreparedStatement delete = connection.prepareStatement(sql)) {
                    delete.setObject(1, value instanceof Instant instant ? Rows.timestamp(instant) : value);
                    try (ResultSet rs = delete.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            });
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    /** Replays started before the cutoff, with their lanes (their deliveries went with their receipts). */
    private void purgeReplays(Instant cutoff) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement delete = connection.prepareStatement("""
                            WITH r AS (DELETE FROM replay WHERE created_at < ? RETURNING id)
                            DELETE FROM delivery_lane WHERE lane IN (SELECT id FROM r)""")) {
                delete.setObject(1, Rows.timestamp(cutoff));
                delete.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("could not remove old replays", e);
            }
        });
    }

    private List<Long> deletedInstances(Instant cutoff) {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id FROM instance WHERE deleted AND updated_at < ? ORDER BY id")) {
            select.setObject(1, Rows.timestamp(cutoff));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not find deleted instances", e);
        }
        return ids;
    }

    private int deleteInstance(long instanceId, Instant cutoff) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM instance WHERE id = ? AND deleted AND updated_at < ?")) {
            delete.setLong(1, instanceId);
            delete.setObject(2, Rows.timestamp(cutoff));
            return delete.executeUpdate();
        }
    }
}
