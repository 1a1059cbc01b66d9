package io.switchboard.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.delivery.DeliveryRows;
import io.switchboard.store.TimeColumns;
import io.switchboard.store.Jdbc;

/** {@link Receipts} on PostgreSQL; the derived status composes the delivery package's {@link DeliveryRows}. */
@ApplicationScoped
public class PostgresReceipts implements Receipts {

    /** The API status of a receipt aliased {@code r}. */
    static final String STATUS = "CASE WHEN r.status <> 'RECEIVED' THEN r.status ELSE ("
            + DeliveryRows.receiptStatus("notification n", "n.receipt_id = r.id") + ") END";

    private static final String SUMMARY = "r.id, r.received_at, r.source, r.reason, r.event_count, "
            + "r.notification_count, " + STATUS + " AS api_status";

    @Inject DataSource dataSource;

    @Override
    public List<Summary> list(LogQuery query, Collection<String> candidates) {
        List<Summary> items = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            List<Object> params = new ArrayList<>(List.of(query.organizationId(), query.instanceId()));
            StringBuilder where = new StringBuilder("r.organization_id = ? AND r.instance_id = ?");
            if (query.from() != null) {
                where.append(" AND r.received_at >= ?");
                params.add(TimeColumns.timestamp(query.from()));
            }
            if (query.to() != null) {
                where.append(" AND r.received_at < ?");
                params.add(TimeColumns.timestamp(query.to()));
            }
            if (query.afterId() != null) {
                where.append(" AND (r.received_at, r.id) < (?, ?)");
                params.add(TimeColumns.timestamp(query.afterReceivedAt()));
                params.add(query.afterId());
            }
            if (query.status() != null) {
                where.append(" AND r.status IN (").append(storedFor(query.status())).append(")");
            }
            String sql;
            if (candidates != null) {
                // Each candidate by its primary key (the LATERAL ... OFFSET 0 keeps the planner from turning this
                // into a scan of the instance's whole log), sorted, and then derived one by one until the page is
                // full: most candidates have the status, so few are derived.
                params.add(0, connection.createArrayOf("text", candidates.toArray()));
                params.add(query.status());
                sql = "SELECT * FROM (SELECT " + SUMMARY + " FROM (SELECT r.* FROM unnest(?::text[]) c(id) "
                        + "JOIN LATERAL (SELECT * FROM receipt r0 WHERE r0.id = c.id OFFSET 0) r ON true "
                        + "WHERE " + where + " ORDER BY r.received_at DESC, r.id DESC OFFSET 0) r) x "
                        + "WHERE api_status = ? LIMIT ?";
            } else {
                String outer = "";
                if (query.status() != null) {
                    outer = " WHERE api_status = ?";
                    params.add(query.status());
                }
                sql = "SELECT * FROM (SELECT " + SUMMARY + " FROM receipt r WHERE " + where + ") x" + outer
                        + " ORDER BY received_at DESC, id DESC LIMIT ?";
            }
            params.add(query.limit());
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    select.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        items.add(new Summary(rs.getString("id"), TimeColumns.instant(rs, "received_at"),
                                rs.getString("source"), rs.getString("api_status"), rs.getInt("event_count"),
                                rs.getInt("notification_count"), rs.getString("reason")));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the event log", e);
        }
        return items;
    }

    /** The stored statuses that can show as {@code status}: narrows the scan before the derivation runs. */
    private static String storedFor(String status) {
        return switch (status) {
            case "FAILED" -> "'RECEIVED', 'FAILED'";
            case "REJECTED" -> "'REJECTED'";
            case "DUPLICATE" -> "'DUPLICATE'";
            default -> "'RECEIVED'"; // RECEIVED, NOTIFIED, DISPATCHED
        };
    }

    @Override
    public int countStored(long instanceId, String status, int limit) {
        return (int) Jdbc.number(dataSource, """
                SELECT count(*) FROM (SELECT 1 FROM receipt WHERE instance_id = ? AND status = ? LIMIT ?) c
                """, Jdbc.params(instanceId, status, limit), "could not count receipts");
    }

    @Override
    public List<String> storedWith(long organizationId, long instanceId, String status) {
        return strings("SELECT f.id FROM receipt f WHERE f.organization_id = ? AND f.instance_id = ? "
                + "AND f.status = ?", organizationId, instanceId, status);
    }

    @Override
    public Map<String, String> receiptsOf(Collection<String> notificationIds) {
        Map<String, String> receipts = new HashMap<>();
        if (notificationIds.isEmpty()) {
            return receipts;
        }
        Jdbc.list(dataSource, "SELECT id, receipt_id FROM notification WHERE id = ANY (?)",
                Jdbc.params((Object) notificationIds.toArray(new String[0])),
                rs -> Map.entry(rs.getString(1), rs.getString(2)), "could not read notifications")
                .forEach(row -> receipts.put(row.getKey(), row.getValue()));
        return receipts;
    }

    @Override
    public Optional<Detail> find(long organizationId, long instanceId, String reference) {
        return Jdbc.first(dataSource, "SELECT r.*, " + STATUS + """
                 AS api_status FROM receipt r
                WHERE r.organization_id = ? AND r.instance_id = ?
                  AND r.id = coalesce((SELECT receipt_id FROM notification WHERE id = ?), ?)""",
                Jdbc.params(organizationId, instanceId, reference, reference),
                rs -> new Detail(rs.getString("id"), TimeColumns.instant(rs, "received_at"),
                        rs.getString("source"), rs.getString("api_status"), rs.getString("reason"),
                        rs.getString("element_key"), rs.getString("content_type"), rs.getString("duplicate_of"),
                        TimeColumns.instant(rs, "poll_date"), rs.getString("body"), rs.getString("trace_id")),
                "could not read the event");
    }

    @Override
    public List<Notification> notifications(String receiptId) {
        return Jdbc.list(dataSource, """
                SELECT id, page, pages, first_event, last_event, created_at FROM notification
                WHERE receipt_id = ? ORDER BY page, id""", Jdbc.params(receiptId),
                rs -> new Notification(rs.getString("id"), rs.getInt("page"), rs.getInt("pages"),
                        rs.getInt("last_event") - rs.getInt("first_event") + 1, TimeColumns.instant(rs, "created_at")),
                "could not read the event");
    }

    @Override
    public List<StoredEvent> events(String receiptId) {
        return Jdbc.list(dataSource, """
                SELECT event_type, object_type, object_id, event_date FROM event WHERE receipt_id = ? ORDER BY seq""",
                Jdbc.params(receiptId), rs -> new StoredEvent(rs.getString("event_type"), rs.getString("object_type"),
                        rs.getString("object_id"), TimeColumns.instant(rs, "event_date")), "could not read the event");
    }

    @Override
    public Replayable replayable(long organizationId, long instanceId, Instant from, Instant to,
            Collection<String> statuses) {
        Set<String> receipts = new LinkedHashSet<>();
        List<String> notifications = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                WITH chosen AS (
                    SELECT r.id, r.received_at FROM receipt r
                    WHERE r.organization_id = ? AND r.instance_id = ? AND r.status = 'RECEIVED'
                      AND r.received_at >= ? AND r.received_at < ? AND r.notification_count > 0
                      AND (%s) = ANY(?))
                SELECT c.id, n.id FROM chosen c LEFT JOIN notification n ON n.receipt_id = c.id
                ORDER BY c.received_at, c.id, n.page""".formatted(STATUS))) {
            select.setLong(1, organizationId);
            select.setLong(2, instanceId);
            select.setTimestamp(3, Timestamp.from(from));
            select.setTimestamp(4, Timestamp.from(to));
            select.setArray(5, connection.createArrayOf("text", statuses.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    receipts.add(rs.getString(1));
                    if (rs.getString(2) != null) {
                        notifications.add(rs.getString(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not choose the receipts to replay", e);
        }
        return new Replayable(receipts.size(), notifications);
    }

    private List<String> strings(String sql, long organizationId, long instanceId, String value) {
        return Jdbc.list(dataSource, sql, Jdbc.params(organizationId, instanceId, value), rs -> rs.getString(1),
                "could not read receipts");
    }
}
