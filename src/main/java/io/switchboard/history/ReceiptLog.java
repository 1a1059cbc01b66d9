package io.switchboard.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.api.Problem;

/**
 * An instance's event log: its receipts (webhooks and polls), newest first, with the status derived from their
 * deliveries (API.md §7). Every query is scoped by organization and instance.
 */
@ApplicationScoped
public class ReceiptLog {

    /** What to list; null fields do not filter. {@code from} is inclusive, {@code to} exclusive. */
    public record Filter(ReceiptStatus status, Instant from, Instant to) {
    }

    private final DataSource dataSource;

    public ReceiptLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Page<ReceiptSummary> list(long organizationId, long instanceId, Filter filter, int pageSize,
            String nextPage) {
        PageToken.ReceiptKey after = PageToken.receipt(nextPage);
        List<ReceiptSummary> items = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            List<Object> params = new ArrayList<>(List.of(organizationId, instanceId));
            StringBuilder where = new StringBuilder("r.organization_id = ? AND r.instance_id = ?");
            if (filter.from() != null) {
                where.append(" AND r.received_at >= ?");
                params.add(Rows.timestamp(filter.from()));
            }
            if (filter.to() != null) {
                where.append(" AND r.received_at < ?");
                params.add(Rows.timestamp(filter.to()));
            }
            if (after != null) {
                where.append(" AND (r.received_at, r.id) < (?, ?)");
                params.add(Rows.timestamp(after.receivedAt()));
                params.add(after.id());
            }
            String sql;
            Set<String> candidates = filter.status() == null ? null
                    : fewCandidates(connection, organizationId, instanceId, filter.status());
            if (filter.status() != null) {
                where.append(" AND r.status IN (").append(storedFor(filter.status())).append(")");
            }
            if (candidates != null) {
                // Each candidate by its primary key (the LATERAL ... OFFSET 0 keeps the planner from turning this
                // into a scan of the instance's whole log), sorted, and then derived one by one until the page is
                // full: most candidates have the status, so few are derived.
                params.add(0, connection.createArrayOf("text", candidates.toArray()));
                params.add(filter.status().name());
                sql = "SELECT * FROM (SELECT r.id, r.received_at, r.source, r.reason, r.event_count, "
                        + "r.notification_count, " + ReceiptStatus.SQL + " AS api_status FROM (SELECT r.* FROM "
                        + "unnest(?::text[]) c(id) "
                        + "JOIN LATERAL (SELECT * FROM receipt r0 WHERE r0.id = c.id OFFSET 0) r ON true "
                        + "WHERE " + where + " ORDER BY r.received_at DESC, r.id DESC OFFSET 0) r) x "
                        + "WHERE api_status = ? LIMIT ?";
            } else {
                String outer = "";
                if (filter.status() != null) {
                    outer = " WHERE api_status = ?";
                    params.add(filter.status().name());
                }
                sql = "SELECT * FROM (SELECT r.id, r.received_at, r.source, r.reason, r.event_count, "
                        + "r.notification_count, " + ReceiptStatus.SQL + " AS api_status FROM receipt r WHERE " + where
                        + ") x" + outer + " ORDER BY received_at DESC, id DESC LIMIT ?";
            }
            params.add(pageSize + 1);
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    select.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        items.add(new ReceiptSummary(rs.getString("id"), Rows.instant(rs, "received_at"),
                                rs.getString("source"), ReceiptStatus.valueOf(rs.getString("api_status")),
                                rs.getInt("event_count"), rs.getInt("notification_count"), rs.getString("reason")));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the event log", e);
        }
        if (items.size() <= pageSize) {
            return new Page<>(items, null);
        }
        items.remove(pageSize);
        ReceiptSummary last = items.get(pageSize - 1);
        return new Page<>(items, PageToken.receipt(last.eventDate(), last.id()));
    }

    /** Up to this many candidates, a status filter reads them alone; above, the log newest first. */
    static final int FEW_CANDIDATES = 5000;

    /**
     * The receipts that can show as FAILED or DISPATCHED, when there are fewer than {@link #FEW_CANDIDATES}:
     * those with a delivery in the states that make the status (index delivery_instance_status) and, for FAILED,
     * the stored failed polls (receipt_instance_stored_status, V12). Null for the other statuses, or when there are
     * more: then reading the log newest first and deriving each receipt's status is the better bet (it is quick
     * when such receipts are common among the recent ones). Without this, a filter for a status few receipts have
     * reads a log of 100,000 receipts to its end, deriving each one.
     */
    private static Set<String> fewCandidates(Connection connection, long organizationId, long instanceId,
            ReceiptStatus status) throws SQLException {
        String delivered = switch (status) {
            case FAILED -> "'FAILED'";
            case DISPATCHED -> "'PENDING', 'QUEUED'";
            default -> null;
        };
        if (delivered == null) {
            return null;
        }
        // First only how many, from the two indexes alone: this decides the plan and returns nothing to anyone,
        // and the instance's organization was checked by the caller (the rows below are scoped again).
        try (PreparedStatement count = connection.prepareStatement("""
                SELECT count(*) FROM (SELECT 1 FROM delivery WHERE instance_id = ? AND status IN (%s)
                UNION ALL SELECT 1 FROM receipt WHERE instance_id = ? AND status = ? LIMIT ?) c"""
                .formatted(delivered))) {
            count.setLong(1, instanceId);
            count.setLong(2, instanceId);
            count.setString(3, status.name());
            count.setInt(4, FEW_CANDIDATES);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                if (rs.getInt(1) >= FEW_CANDIDATES) {
                    return null;
                }
            }
        }
        // The notification is looked up per delivery (a subquery, not a join): there are few, by construction.
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT (SELECT n.receipt_id FROM notification n WHERE n.id = d.notification_id) FROM delivery d
                WHERE d.organization_id = ? AND d.instance_id = ? AND d.status IN (%s)
                UNION ALL
                SELECT f.id FROM receipt f WHERE f.organization_id = ? AND f.instance_id = ? AND f.status = ?"""
                .formatted(delivered))) {
            select.setLong(1, organizationId);
            select.setLong(2, instanceId);
            select.setLong(3, organizationId);
            select.setLong(4, instanceId);
            select.setString(5, status.name());
            Set<String> ids = new LinkedHashSet<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) != null) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        }
    }

    /**
     * One receipt with its events, notifications and their deliveries. {@code reference} is a receipt id, or the
     * id of one of its notifications (a callback's {@code message.eventId}).
     */
    public ReceiptDetail get(long organizationId, long instanceId, String reference) {
        try (Connection connection = dataSource.getConnection()) {
            ReceiptDetail receipt = receipt(connection, organizationId, instanceId, reference);
            if (receipt == null) {
                throw Problem.notFound("instance " + instanceId + " has no event '" + reference + "'; use the id "
                        + "of GET /instances/" + instanceId + "/events, or a callback's message.eventId");
            }
            Map<String, List<DeliveryView>> deliveries = deliveries(connection, organizationId, receipt.id());
            List<ReceiptDetail.NotificationView> notifications = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT id, page, pages, first_event, last_event, created_at FROM notification
                    WHERE receipt_id = ? ORDER BY page, id""")) {
                select.setString(1, receipt.id());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString("id");
                        notifications.add(new ReceiptDetail.NotificationView(id, rs.getInt("page"),
                                rs.getInt("pages"), rs.getInt("last_event") - rs.getInt("first_event") + 1,
                                Rows.instant(rs, "created_at"), deliveries.getOrDefault(id, List.of())));
                    }
                }
            }
            return new ReceiptDetail(receipt.id(), receipt.eventDate(), receipt.source(), receipt.status(),
                    receipt.reason(), receipt.elementKey(), receipt.contentType(), receipt.duplicateOf(),
                    receipt.pollDate(), receipt.providerData(), events(connection, receipt), notifications,
                    receipt.traceId());
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the event", e);
        }
    }

    private static ReceiptDetail receipt(Connection connection, long organizationId, long instanceId,
            String reference) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT r.*, " + ReceiptStatus.SQL
                + """
                         AS api_status FROM receipt r
                        WHERE r.organization_id = ? AND r.instance_id = ?
                          AND r.id = coalesce((SELECT receipt_id FROM notification WHERE id = ?), ?)""")) {
            select.setLong(1, organizationId);
            select.setLong(2, instanceId);
            select.setString(3, reference);
            select.setString(4, reference);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new ReceiptDetail(rs.getString("id"), Rows.instant(rs, "received_at"),
                        rs.getString("source"), ReceiptStatus.valueOf(rs.getString("api_status")),
                        rs.getString("reason"), rs.getString("element_key"), rs.getString("content_type"),
                        rs.getString("duplicate_of"), Rows.instant(rs, "poll_date"), rs.getString("body"), null,
                        null, rs.getString("trace_id"));
            }
        }
    }

    private static List<ReceiptDetail.EventView> events(Connection connection, ReceiptDetail receipt)
            throws SQLException {
        List<ReceiptDetail.EventView> events = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT event_type, object_type, object_id, event_date FROM event WHERE receipt_id = ? ORDER BY seq""")) {
            select.setString(1, receipt.id());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    events.add(new ReceiptDetail.EventView(receipt.elementKey(), rs.getString("event_type"),
                            rs.getString("object_type"), rs.getString("object_id"), Rows.instant(rs, "event_date")));
                }
            }
        }
        return events;
    }

    private static Map<String, List<DeliveryView>> deliveries(Connection connection, long organizationId,
            String receiptId) throws SQLException {
        Map<String, List<DeliveryView>> byNotification = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + Rows.DELIVERY_COLUMNS + """
                 FROM delivery d JOIN notification n ON n.id = d.notification_id
                WHERE n.receipt_id = ? AND d.organization_id = ? ORDER BY d.id""")) {
            select.setString(1, receiptId);
            select.setLong(2, organizationId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    DeliveryView delivery = Rows.delivery(rs);
                    byNotification.computeIfAbsent(delivery.notificationId(), k -> new ArrayList<>()).add(delivery);
                }
            }
        }
        return byNotification;
    }

    /** The stored statuses that can show as {@code status}: narrows the scan before the derivation runs. */
    private static String storedFor(ReceiptStatus status) {
        return switch (status) {
            case RECEIVED, NOTIFIED, DISPATCHED -> "'RECEIVED'";
            case FAILED -> "'RECEIVED', 'FAILED'";
            case REJECTED -> "'REJECTED'";
            case DUPLICATE -> "'DUPLICATE'";
        };
    }
}
