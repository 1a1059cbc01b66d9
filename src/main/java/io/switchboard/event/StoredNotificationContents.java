package io.switchboard.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.delivery.NotificationContents;
import io.switchboard.delivery.NotificationRenderer.EventLine;
import io.switchboard.delivery.NotificationRenderer.Page;
import io.switchboard.trace.TraceContext;

/** {@link NotificationContents} from the stored notifications, receipts and events. */
@ApplicationScoped
public class StoredNotificationContents implements NotificationContents {

    private final DataSource dataSource;

    public StoredNotificationContents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Contents load(List<String> notificationIds) {
        try (Connection connection = dataSource.getConnection()) {
            List<Page> pages = pages(connection, notificationIds);
            return new Contents(pages, events(connection, pages.stream().map(Page::receiptId).distinct().toList()));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read notifications", e);
        }
    }

    private static List<Page> pages(Connection connection, List<String> ids) throws SQLException {
        List<Page> pages = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT n.id, n.receipt_id, n.page, n.pages, n.first_event, n.last_event, n.raw,
                       r.instance_id, r.element_key, r.source, r.body_kind, CASE WHEN n.raw IS NULL THEN r.body END,
                       r.poll_date, i.name, i.tags::text, r.received_at, r.trace_id, r.trace_span_id, r.trace_state
                FROM notification n JOIN receipt r ON r.id = n.receipt_id JOIN instance i ON i.id = r.instance_id
                WHERE n.id = ANY(?)""")) {
            select.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    pages.add(new Page(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                            rs.getInt(6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getTimestamp(13), rs.getString(14),
                            rs.getString(15), rs.getTimestamp(16).toInstant(), trace(rs.getString(17),
                                    rs.getString(18), rs.getString(19))));
                }
            }
        }
        return pages;
    }

    private static TraceContext trace(String traceId, String spanId, String traceState) {
        return traceId == null || spanId == null ? null : new TraceContext(traceId, spanId, true, traceState);
    }

    /** Events of each receipt in order. */
    private static Map<String, List<EventLine>> events(Connection connection, List<String> receiptIds)
            throws SQLException {
        Map<String, List<EventLine>> events = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT receipt_id, event_type, object_type, object_id, event_date FROM event
                WHERE receipt_id = ANY(?) ORDER BY receipt_id, seq""")) {
            select.setArray(1, connection.createArrayOf("text", receiptIds.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    events.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new EventLine(
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()));
                }
            }
        }
        return events;
    }
}
