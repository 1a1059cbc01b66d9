package io.switchboard.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import io.switchboard.store.Columns;

/**
 * The delivery rows of a receipt batch, as a part of the one statement that stores it (event.ReceiptStore's):
 * the {@code d} CTE that inserts one delivery per notification and target URL, QUEUED behind a paused URL and
 * PENDING otherwise, and the array parameters it reads its rows from. The receipt store composes it after its own
 * CTEs, so that a webhook stays one round trip; the delivery tables stay this package's.
 */
public final class DeliveryRows {

    /**
     * {@code %1$s}: a query of the ids of the receipts inserted (their deliveries only are inserted); {@code %2$s}:
     * how they are inserted (in order for a batch with an ordered instance's: their ids are their lane's order).
     */
    private static final String CTE = """
            d AS (
                INSERT INTO delivery (notification_id, organization_id, instance_id, target, url, status,
                                      next_attempt_at, lane)
                SELECT t.notification_id, t.organization_id, t.instance_id, 'callback', t.url, s.status,
                       CASE WHEN s.status = 'PENDING' AND t.lane IS NULL
                            THEN now() + make_interval(secs => t.lease) END, t.lane
                FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::float8[], ?::text[])
                     WITH ORDINALITY AS t(notification_id, receipt_id, organization_id, instance_id, url, lease,
                                          lane, ord)
                CROSS JOIN LATERAL (SELECT CASE WHEN EXISTS (
                    -- FOR SHARE: a concurrent resume of this URL waits for this commit and then resumes
                    -- what is created QUEUED here too.
                    SELECT 1 FROM paused_target pt
                    WHERE pt.organization_id = t.organization_id AND pt.url = t.url FOR SHARE)
                    THEN 'QUEUED' ELSE 'PENDING' END AS status) s
                WHERE t.receipt_id IN (%1$s)
                %2$s
                RETURNING id, notification_id, status, url, lane)""";

    /** A receipt's status as its notifications' deliveries make it (API.md §7); see {@link #receiptStatus}. */
    private static final String RECEIPT_STATUS = """
            SELECT CASE WHEN count(d.id) = 0 THEN 'RECEIVED'
                        WHEN bool_and(d.status IN ('DELIVERED', 'CANCELLED')) THEN 'NOTIFIED'
                        WHEN bool_or(d.status IN ('PENDING', 'QUEUED')) THEN 'DISPATCHED'
                        ELSE 'FAILED' END
            FROM %s JOIN delivery d ON d.notification_id = n.id
            WHERE %s""";

    /** The columns of {@link #CTE}'s rows, in order. */
    private final Columns rows = new Columns("text", "text", "int8", "int8", "text", "float8", "text");

    /**
     * The CTE {@code d}, returning {@code id, notification_id, status, url, lane} of each delivery inserted.
     *
     * @param insertedReceipts a query of the ids of the receipts stored by the statement, e.g.
     *                         {@code SELECT id FROM r}
     * @param inOrder          whether the ids are drawn in the order the rows were added (a lane's order)
     */
    public static String cte(String insertedReceipts, boolean inOrder) {
        return CTE.formatted(insertedReceipts, inOrder ? "ORDER BY t.ord" : "");
    }

    /**
     * A scalar subquery of a stored receipt's status as its deliveries make it: RECEIVED (nothing to deliver),
     * NOTIFIED (all delivered or cancelled), DISPATCHED (some still under way or queued) or FAILED.
     *
     * @param notifications a FROM item aliased {@code n}, the receipt's notifications
     * @param where         which rows of it are the receipt's
     */
    public static String receiptStatus(String notifications, String where) {
        return RECEIPT_STATUS.formatted(notifications, where);
    }

    /**
     * A delivery of a notification to a URL, PENDING (or QUEUED) at once, or claimed for {@code leaseSeconds} when
     * more than 0, or waiting in {@code lane} (null: none).
     */
    public void add(String notificationId, String receiptId, long organizationId, long instanceId, String url,
            double leaseSeconds, String lane) {
        rows.add(notificationId, receiptId, organizationId, instanceId, url, leaseSeconds, lane);
    }

    /** Binds the rows from parameter {@code index} on (where {@link #cte} stands); returns the next index. */
    public int bind(Connection connection, PreparedStatement statement, int index) throws SQLException {
        return rows.bind(connection, statement, index);
    }
}
