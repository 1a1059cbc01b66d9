package io.switchboard.history;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.arc.All;
import io.switchboard.SwitchboardConfig;
import io.switchboard.event.ReceiptRetention;
import io.switchboard.instance.InstanceRetention;
import io.switchboard.store.Retained;

/**
 * Removes history older than {@code switchboard.retention} (API.md §12): receipts with their events,
 * notifications, deliveries (whatever their status) and attempts, subscription notifications (the pull feed, which
 * cascade from their receipt), replays with their lanes, and instances deleted longer ago than that. It deletes in
 * batches, each in its own short transaction, so that it never holds many locks for long; batches skip rows another
 * node is deleting, so several nodes can run it at once. Each family's rows are removed by its owner: receipts with
 * their events and notifications by event, what hangs on them ({@link Retained}: deliveries) by its owner in the
 * same transaction, deleted instances by instance; replays are this package's own.
 */
@ApplicationScoped
public class Retention {

    /** What one run removed. */
    public record Purged(long receipts, long instances) {
    }

    static final int BATCH = 5_000;
    private static final Logger LOG = Logger.getLogger(Retention.class);

    @Inject DataSource dataSource;
    @Inject SwitchboardConfig config;
    @Inject Clock clock;
    @Inject ReceiptRetention receipts;
    @Inject InstanceRetention instances;
    @Inject @All List<Retained> retained;

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
        Instant cutoff = clock.instant().minus(config.retention());
        long removed = removeReceipts(() -> receipts.removeReceivedBefore(cutoff, BATCH));
        long gone = 0;
        for (long instanceId : instances.deletedBefore(cutoff)) {
            removed += removeReceipts(() -> receipts.removeOfInstance(instanceId, BATCH));
            try {
                gone += QuarkusTransaction.requiringNew().call(() -> instances.remove(instanceId, cutoff));
            } catch (RuntimeException e) {
                LOG.warnf("could not remove deleted instance %d: %s", instanceId, e.getMessage());
            }
        }
        purgeReplays(cutoff);
        if (removed > 0 || gone > 0) {
            LOG.infof("retention removed %d receipts and %d deleted instances older than %s", removed, gone,
                    cutoff);
        }
        return new Purged(removed, gone);
    }

    /**
     * Removes receipts a batch ({@link #BATCH}) per transaction, with what hangs on their notifications, until a
     * batch is not full.
     */
    private long removeReceipts(java.util.function.Supplier<ReceiptRetention.Batch> batch) {
        long total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> {
                ReceiptRetention.Batch removed = batch.get();
                for (Retained family : retained) {
                    family.removeWith(Retained.Parent.NOTIFICATION, removed.notificationIds());
                }
                return removed.receipts();
            });
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    /** Replays started before the cutoff, with their lanes (their deliveries went with their receipts). */
    private void purgeReplays(Instant cutoff) {
        QuarkusTransaction.requiringNew().run(() -> {
            List<String> lanes;
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement delete = connection.prepareStatement(
                            "WITH r AS (DELETE FROM replay WHERE created_at < ? RETURNING id) SELECT array_agg(id) FROM r")) {
                delete.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
                try (ResultSet rs = delete.executeQuery()) {
                    rs.next();
                    Array ids = rs.getArray(1);
                    lanes = ids == null ? List.of() : List.of((String[]) ids.getArray());
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not remove old replays", e);
            }
            for (Retained family : retained) {
                family.removeWith(Retained.Parent.LANE, lanes);
            }
        });
    }
}
