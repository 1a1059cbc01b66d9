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
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.delivery.NotificationContents;
import io.switchboard.delivery.NotificationRenderer.EventLine;
import io.switchboard.delivery.NotificationRenderer.Page;
import io.switchboard.instance.InstanceLabels;
import io.switchboard.trace.TraceContext;

/**
 * {@link NotificationContents} from the stored notifications, receipts and events; each instance's name and tags
 * from {@link InstanceLabels} (mostly cached, else one read for the batch).
 */
@ApplicationScoped
public class StoredNotificationContents implements NotificationContents {

    @Inject DataSource dataSource;
    @Inject InstanceLabels labels;
    @Inject ObjectMapper mapper;

    @Override
    public Contents load(List<String> notificationIds) {
        List<Page> pages;
        Map<String, List<EventLine>> events;
        try (Connection connection = dataSource.getConnection()) {
            pages = pages(connection, notificationIds);
            events = events(connection, pages.stream().map(Page::receiptId).distinct().toList());
        } catch (SQLException e) {
            throw new IllegalStateException("could not read notifications", e);
        }
        return new Contents(labelled(pages), events);
    }

    /** The pages with their instance's name and tags; one of an instance that is gone is left out. */
    private List<Page> labelled(List<Page> pages) {
        Map<Long, InstanceLabels.Label> found = labels.of(pages.stream().map(Page::instanceId).distinct().toList());
        Map<Long, String> tags = new HashMap<>();
        List<Page> labelled = new ArrayList<>(pages.size());
        for (Page page : pages) {
            InstanceLabels.Label label = found.get(page.instanceId());
            if (label != null) {
                labelled.add(page.withInstance(label.name(), tags.computeIfAbsent(page.instanceId(),
                        id -> json(label.tags()))));
            }
        }
        return labelled;
    }

    private String json(List<String> tags) {
        try {
            return mapper.writeValueAsString(tags == null ? List.of() : tags);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Page> pages(Connection connection, List<String> ids) throws SQLException {
        List<Page> pages = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT n.id, n.receipt_id, n.page, n.pages, n.first_event, n.last_event, n.raw,
                       r.instance_id, r.element_key, r.source, r.body_kind, CASE WHEN n.raw IS NULL THEN r.body END,
                       r.poll_date, r.received_at, r.trace_id, r.trace_span_id, r.trace_state
                FROM notification n JOIN receipt r ON r.id = n.receipt_id
                WHERE n.id = ANY(?)""")) {
            select.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    pages.add(new Page(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                            rs.getInt(6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getTimestamp(13), null, null,
                            rs.getTimestamp(14).toInstant(), trace(rs.getString(15), rs.getString(16),
                                    rs.getString(17))));
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
