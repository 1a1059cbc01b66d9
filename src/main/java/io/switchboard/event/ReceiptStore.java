package io.switchboard.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.api.RequestIds;
import io.switchboard.delivery.DeliveryQueue;
import io.switchboard.instance.InstanceSettings;

/**
 * Writes what arrived: the receipt (the vendor body, once), its events, its notifications (pages of events)
 * and one delivery per notification and target, all in the caller's transaction. Webhooks and polls share it.
 */
@ApplicationScoped
public class ReceiptStore {

    /** What one receipt became. {@code duplicateOf} is set when the vendor delivery id was seen before. */
    public record Stored(String id, int events, int notifications, int pendingDeliveries, Optional<String> duplicateOf) {
    }

    /**
     * One resource of a poll: its events, in order, and its {@code raw} JSON (every object the vendor returned for
     * it, {@code {"objectType": "contacts", "contacts": [...]}}), which each of its pages carries.
     */
    public record PollResource(String objectType, List<Event> events, String raw) {
    }

    /** A receipt to store: the body as received and how to show it again. */
    public record Incoming(InstanceSettings instance, String source, String contentType, String bodyKind, String body,
            Optional<String> vendorDeliveryId, Instant receivedAt, Instant pollDate) {
    }

    private final DataSource dataSource;
    private final DeliveryQueue deliveries;
    private final Counter receiptsCounter;
    private final Counter eventsCounter;
    private final Counter notificationsCounter;

    public ReceiptStore(DataSource dataSource, DeliveryQueue deliveries, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.deliveries = deliveries;
        this.receiptsCounter = metrics.counter("switchboard.receipts");
        this.eventsCounter = metrics.counter("switchboard.events");
        this.notificationsCounter = metrics.counter("switchboard.notifications");
    }

    /**
     * Stores a receipt with its events paged by {@code pageSize}, and a delivery of each page to each target URL.
     * A vendor delivery id seen before for the instance stores only a DUPLICATE log entry.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Stored store(Incoming incoming, List<Event> events, int pageSize, List<String> targetUrls) {
        String receiptId = "rcp_" + RequestIds.next();
        try (Connection connection = dataSource.getConnection()) {
            if (!insertReceipt(connection, receiptId, incoming, "RECEIVED", null, null, events.size())) {
                String original = original(connection, incoming);
                insertReceipt(connection, "rcp_" + RequestIds.next(), incoming, "DUPLICATE",
                        "a retry of vendor delivery " + incoming.vendorDeliveryId().orElse(""), original, 0);
                return new Stored(original, 0, 0, 0, Optional.of(original));
            }
            insertEvents(connection, receiptId, events);
            List<PageRow> pages = Pages.split(events, pageSize).stream()
                    .map(page -> new PageRow(page.page(), page.pages(), page.from(), page.to(), null)).toList();
            return finish(connection, receiptId, incoming, events.size(), pages, targetUrls);
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the receipt", e);
        }
    }

    /**
     * Stores one poll as one receipt (source {@code polling}): the events of every resource, each resource's events
     * paged by {@code pageSize} with that resource's raw on each of its pages (pages are numbered across the
     * receipt), and a delivery of each page to each target URL. The receipt body is every resource's raw, by
     * resource name, so that the event log shows what the vendor returned.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Stored storePoll(Incoming incoming, List<PollResource> resources, int pageSize, List<String> targetUrls) {
        String receiptId = "rcp_" + RequestIds.next();
        List<Event> events = new ArrayList<>();
        List<PageRow> pages = new ArrayList<>();
        for (PollResource resource : resources) {
            for (Pages.Page<Event> page : Pages.split(resource.events(), pageSize)) {
                pages.add(new PageRow(0, 0, events.size() + page.from(), events.size() + page.to(), resource.raw()));
            }
            events.addAll(resource.events());
        }
        List<PageRow> numbered = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            PageRow page = pages.get(i);
            numbered.add(new PageRow(i + 1, pages.size(), page.from(), page.to(), page.raw()));
        }
        try (Connection connection = dataSource.getConnection()) {
            insertReceipt(connection, receiptId, incoming, "RECEIVED", null, null, events.size());
            insertEvents(connection, receiptId, events);
            return finish(connection, receiptId, incoming, events.size(), numbered, targetUrls);
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the poll", e);
        }
    }

    /** Logs a failed poll with its reason (status FAILED); nothing is sent. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String failPoll(Incoming incoming, String reason) {
        String receiptId = "rcp_" + RequestIds.next();
        try (Connection connection = dataSource.getConnection()) {
            insertReceipt(connection, receiptId, incoming, "FAILED", reason, null, 0);
            return receiptId;
        } catch (SQLException e) {
            throw new IllegalStateException("could not log the failed poll", e);
        }
    }

    /** A notification to insert: events {@code from} (inclusive) to {@code to} (exclusive); raw null = the body. */
    private record PageRow(int page, int pages, int from, int to, String raw) {
    }

    private Stored finish(Connection connection, String receiptId, Incoming incoming, int eventCount,
            List<PageRow> pages, List<String> targetUrls) throws SQLException {
        List<String> notificationIds = insertNotifications(connection, receiptId, pages);
        if (!pages.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE receipt SET notification_count = ? WHERE id = ?")) {
                update.setInt(1, pages.size());
                update.setString(2, receiptId);
                update.executeUpdate();
            }
        }
        List<DeliveryQueue.NewDelivery> newDeliveries = new ArrayList<>();
        for (String url : targetUrls) {
            for (String notificationId : notificationIds) {
                newDeliveries.add(new DeliveryQueue.NewDelivery(notificationId, incoming.instance().organizationId(),
                        incoming.instance().id(), "callback", url));
            }
        }
        int pending = deliveries.enqueue(newDeliveries);
        receiptsCounter.increment();
        eventsCounter.increment(eventCount);
        notificationsCounter.increment(pages.size());
        return new Stored(receiptId, eventCount, pages.size(), pending, Optional.empty());
    }

    /** Logs a refused delivery (bad signature, unreadable body) with its reason; nothing is sent. */
    @Transactional
    public String reject(Incoming incoming, String reason) {
        String receiptId = "rcp_" + RequestIds.next();
        try (Connection connection = dataSource.getConnection()) {
            insertReceipt(connection, receiptId, incoming, "REJECTED", reason, null, 0);
            return receiptId;
        } catch (SQLException e) {
            throw new IllegalStateException("could not log the rejected receipt", e);
        }
    }

    /** Inserts a receipt; false when a RECEIVED receipt with the same vendor delivery id exists. */
    private static boolean insertReceipt(Connection connection, String id, Incoming incoming, String status,
            String reason, String duplicateOf, int eventCount) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO receipt (id, organization_id, instance_id, element_key, source, status, reason,
                                     vendor_delivery_id, duplicate_of, content_type, body_kind, body, event_count,
                                     poll_date, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (instance_id, vendor_delivery_id) WHERE vendor_delivery_id IS NOT NULL
                    AND status = 'RECEIVED' DO NOTHING""")) {
            insert.setString(1, id);
            insert.setLong(2, incoming.instance().organizationId());
            insert.setLong(3, incoming.instance().id());
            insert.setString(4, incoming.instance().elementKey());
            insert.setString(5, incoming.source());
            insert.setString(6, status);
            insert.setString(7, reason);
            insert.setString(8, incoming.vendorDeliveryId().orElse(null));
            insert.setString(9, duplicateOf);
            insert.setString(10, incoming.contentType());
            insert.setString(11, incoming.bodyKind());
            insert.setString(12, incoming.body());
            insert.setInt(13, eventCount);
            insert.setTimestamp(14, incoming.pollDate() == null ? null : Timestamp.from(incoming.pollDate()));
            insert.setTimestamp(15, Timestamp.from(incoming.receivedAt()));
            return insert.executeUpdate() == 1;
        }
    }

    private static String original(Connection connection, Incoming incoming) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id FROM receipt WHERE instance_id = ? AND vendor_delivery_id = ? AND status = 'RECEIVED'""")) {
            select.setLong(1, incoming.instance().id());
            select.setString(2, incoming.vendorDeliveryId().orElseThrow());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("a duplicate without its original");
                }
                return rs.getString(1);
            }
        }
    }

    private static void insertEvents(Connection connection, String receiptId, List<Event> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO event (receipt_id, seq, event_type, object_type, object_id, event_date)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < events.size(); i++) {
                Event event = events.get(i);
                insert.setString(1, receiptId);
                insert.setInt(2, i);
                insert.setString(3, event.eventType().name());
                insert.setString(4, event.objectType());
                insert.setString(5, event.objectId());
                insert.setTimestamp(6, Timestamp.from(event.date()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<String> insertNotifications(Connection connection, String receiptId, List<PageRow> pages)
            throws SQLException {
        List<String> ids = new ArrayList<>();
        if (pages.isEmpty()) {
            return ids;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO notification (id, receipt_id, page, pages, first_event, last_event, raw)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (PageRow page : pages) {
                String id = "ntf_" + RequestIds.next();
                ids.add(id);
                insert.setString(1, id);
                insert.setString(2, receiptId);
                insert.setInt(3, page.page());
                insert.setInt(4, page.pages());
                insert.setInt(5, page.from());
                insert.setInt(6, page.to() - 1);
                insert.setString(7, page.raw());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return ids;
    }
}
