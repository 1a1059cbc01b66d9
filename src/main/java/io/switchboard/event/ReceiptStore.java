package io.switchboard.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.api.RequestIds;
import io.switchboard.delivery.DeliveryQueue;
import io.switchboard.instance.InstanceSettings;

/**
 * Writes what arrived: the receipt (the vendor body, once), its events, its notifications (pages of events)
 * and one delivery per notification and target, all in the caller's transaction. Webhooks and polls share it.
 * Each {@link ReceiptHook} (subscription matching) then adds its rows on the same connection and transaction.
 */
@ApplicationScoped
public class ReceiptStore {

    /** What one receipt became. {@code duplicateOf} is set when the vendor delivery id was seen before. */
    public record Stored(String id, int events, int notifications, int pendingDeliveries, Optional<String> duplicateOf,
            List<DeliveryQueue.Claimed> claimed) {
    }

    /**
     * One resource of a poll: its events, in order, and its {@code raw} JSON (every object the vendor returned for
     * it, {@code {"objectType": "contacts", "contacts": [...]}}), which each of its pages carries.
     */
    public record PollResource(String objectType, List<Event> events, String raw) {
    }

    /** A notification to insert: events {@code from} (inclusive) to {@code to} (exclusive); raw null = the body. */
    private record PageRow(int page, int pages, int from, int to, String raw) {
    }

    /** A receipt to store: the body as received and how to show it again. */
    public record Incoming(InstanceSettings instance, String source, String contentType, String bodyKind, String body,
            Optional<String> vendorDeliveryId, Instant receivedAt, Instant pollDate) {
    }

    private final DataSource dataSource;
    private final Counter receiptsCounter;
    private final Counter eventsCounter;
    private final Counter notificationsCounter;
    private final List<ReceiptHook> hooks;

    public ReceiptStore(DataSource dataSource, MeterRegistry metrics, Instance<ReceiptHook> hooks) {
        this.dataSource = dataSource;
        this.hooks = hooks.stream().toList();
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
        return store(incoming, events, pageSize, targetUrls, Optional.empty());
    }

    /**
     * As {@link #store(Incoming, List, int, List)}; with {@code claimFor}, the PENDING deliveries are created
     * already claimed for that lease and returned, for this node's workers to send at once without claiming them
     * again (if the node dies first, the lease ends and any node sends them).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Stored store(Incoming incoming, List<Event> events, int pageSize, List<String> targetUrls,
            Optional<Duration> claimFor) {
        String receiptId = "rcp_" + RequestIds.next();
        List<PageRow> pages = Pages.split(events, pageSize).stream()
                .map(page -> new PageRow(page.page(), page.pages(), page.from(), page.to(), null)).toList();
        List<String> pageIds = newPageIds(pages.size());
        try (Connection connection = dataSource.getConnection()) {
            Optional<List<DeliveryQueue.Claimed>> pending = insertAll(connection, receiptId, incoming, events, pages,
                    pageIds, targetUrls, claimFor);
            if (pending.isEmpty()) {
                String original = original(connection, incoming);
                insertReceipt(connection, "rcp_" + RequestIds.next(), incoming, "DUPLICATE",
                        "a retry of vendor delivery " + incoming.vendorDeliveryId().orElse(""), original);
                return new Stored(original, 0, 0, 0, Optional.of(original), List.of());
            }
            int hooked = runHooks(connection, receiptId, incoming, events, pages, pageIds);
            receiptsCounter.increment();
            eventsCounter.increment(events.size());
            notificationsCounter.increment(pages.size());
            return new Stored(receiptId, events.size(), pages.size(), pending.get().size() + hooked, Optional.empty(),
                    claimFor.isPresent() ? pending.get() : List.of());
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the receipt", e);
        }
    }

    /**
     * The receipt, its events, its notifications and their deliveries in one statement (one round trip): each
     * data-modifying CTE reads its rows from arrays, and inserts nothing when the receipt's insert found a
     * duplicate. Foreign keys are checked at the end of the statement, so a delivery may refer to a
     * notification inserted beside it.
     *
     * @return the deliveries created PENDING, or empty for a duplicate vendor delivery id
     */
    private static Optional<List<DeliveryQueue.Claimed>> insertAll(Connection connection, String receiptId,
            Incoming incoming, List<Event> events, List<PageRow> pages, List<String> pageIds, List<String> targetUrls,
            Optional<Duration> claimFor) throws SQLException {
        int n = events.size();
        Integer[] seq = new Integer[n];
        String[] eventTypes = new String[n];
        String[] objectTypes = new String[n];
        String[] objectIds = new String[n];
        Timestamp[] dates = new Timestamp[n];
        for (int i = 0; i < n; i++) {
            Event event = events.get(i);
            seq[i] = i;
            eventTypes[i] = event.eventType().name();
            objectTypes[i] = event.objectType();
            objectIds[i] = event.objectId();
            dates[i] = Timestamp.from(event.date());
        }
        int p = pages.size();
        String[] notificationIds = new String[p];
        Integer[] pageNumbers = new Integer[p];
        Integer[] firsts = new Integer[p];
        Integer[] lasts = new Integer[p];
        String[] raws = new String[p];
        for (int i = 0; i < p; i++) {
            notificationIds[i] = pageIds.get(i);
            pageNumbers[i] = pages.get(i).page();
            firsts[i] = pages.get(i).from();
            lasts[i] = pages.get(i).to() - 1;
            raws[i] = pages.get(i).raw();
        }
        List<String> deliveryNotifications = new ArrayList<>();
        List<String> deliveryUrls = new ArrayList<>();
        for (String url : targetUrls) {
            for (String notificationId : notificationIds) {
                deliveryNotifications.add(notificationId);
                deliveryUrls.add(url);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                WITH r AS (
                    INSERT INTO receipt (id, organization_id, instance_id, element_key, source, status,
                                         vendor_delivery_id, content_type, body_kind, body, event_count,
                                         notification_count, poll_date, received_at)
                    VALUES (?, ?, ?, ?, ?, 'RECEIVED', ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (instance_id, vendor_delivery_id) WHERE vendor_delivery_id IS NOT NULL
                        AND status = 'RECEIVED' DO NOTHING
                    RETURNING id),
                e AS (
                    INSERT INTO event (receipt_id, seq, event_type, object_type, object_id, event_date)
                    SELECT r.id, t.seq, t.event_type, t.object_type, t.object_id, t.event_date
                    FROM r, unnest(?::int[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                         AS t(seq, event_type, object_type, object_id, event_date)),
                n AS (
                    INSERT INTO notification (id, receipt_id, page, pages, first_event, last_event, raw)
                    SELECT t.id, r.id, t.page, ?, t.first_event, t.last_event, t.raw
                    FROM r, unnest(?::text[], ?::int[], ?::int[], ?::int[], ?::text[])
                         AS t(id, page, first_event, last_event, raw)),
                d AS (
                    INSERT INTO delivery (notification_id, organization_id, instance_id, target, url, status,
                                          next_attempt_at)
                    SELECT t.notification_id, ?, ?, 'callback', t.url, s.status,
                           CASE WHEN s.status = 'PENDING' THEN now() + make_interval(secs => ?) END
                    FROM r, unnest(?::text[], ?::text[]) AS t(notification_id, url)
                    CROSS JOIN LATERAL (SELECT CASE WHEN EXISTS (
                        -- FOR SHARE: a concurrent resume of this URL waits for this commit and then resumes
                        -- what is created QUEUED here too.
                        SELECT 1 FROM paused_target pt WHERE pt.organization_id = ? AND pt.url = t.url FOR SHARE)
                        THEN 'QUEUED' ELSE 'PENDING' END AS status) s
                    RETURNING id, notification_id, url, status)
                SELECT (SELECT count(*) FROM r),
                       (SELECT array_agg(id ORDER BY id) FROM d WHERE status = 'PENDING'),
                       (SELECT array_agg(notification_id ORDER BY id) FROM d WHERE status = 'PENDING'),
                       (SELECT array_agg(url ORDER BY id) FROM d WHERE status = 'PENDING')""")) {
            int i = 1;
            insert.setString(i++, receiptId);
            insert.setLong(i++, incoming.instance().organizationId());
            insert.setLong(i++, incoming.instance().id());
            insert.setString(i++, incoming.instance().elementKey());
            insert.setString(i++, incoming.source());
            insert.setString(i++, incoming.vendorDeliveryId().orElse(null));
            insert.setString(i++, incoming.contentType());
            insert.setString(i++, incoming.bodyKind());
            insert.setString(i++, incoming.body());
            insert.setInt(i++, n);
            insert.setInt(i++, p);
            insert.setTimestamp(i++, incoming.pollDate() == null ? null : Timestamp.from(incoming.pollDate()));
            insert.setTimestamp(i++, Timestamp.from(incoming.receivedAt()));
            insert.setArray(i++, connection.createArrayOf("int4", seq));
            insert.setArray(i++, connection.createArrayOf("text", eventTypes));
            insert.setArray(i++, connection.createArrayOf("text", objectTypes));
            insert.setArray(i++, connection.createArrayOf("text", objectIds));
            insert.setArray(i++, connection.createArrayOf("timestamptz", dates));
            insert.setInt(i++, p);
            insert.setArray(i++, connection.createArrayOf("text", notificationIds));
            insert.setArray(i++, connection.createArrayOf("int4", pageNumbers));
            insert.setArray(i++, connection.createArrayOf("int4", firsts));
            insert.setArray(i++, connection.createArrayOf("int4", lasts));
            insert.setArray(i++, connection.createArrayOf("text", raws));
            insert.setLong(i++, incoming.instance().organizationId());
            insert.setLong(i++, incoming.instance().id());
            insert.setDouble(i++, claimFor.map(lease -> lease.toMillis() / 1000.0).orElse(0.0));
            insert.setArray(i++, connection.createArrayOf("text", deliveryNotifications.toArray()));
            insert.setArray(i++, connection.createArrayOf("text", deliveryUrls.toArray()));
            insert.setLong(i, incoming.instance().organizationId());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return Optional.empty();
                }
                List<DeliveryQueue.Claimed> created = new ArrayList<>();
                if (rs.getArray(2) != null) {
                    Long[] ids = (Long[]) rs.getArray(2).getArray();
                    String[] notifications = (String[]) rs.getArray(3).getArray();
                    String[] urls = (String[]) rs.getArray(4).getArray();
                    for (int k = 0; k < ids.length; k++) {
                        created.add(new DeliveryQueue.Claimed(ids[k], notifications[k],
                                incoming.instance().organizationId(), incoming.instance().id(), "callback", urls[k], 0, 0));
                    }
                }
                return Optional.of(created);
            }
        }
    }

    /**
     * Stores one poll as one receipt (source {@code polling}): the events of every resource, each resource's events
     * paged by {@code pageSize} with that resource's raw on each of its pages (pages are numbered across the
     * receipt), and a delivery of each page to each target URL.
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
        List<String> pageIds = newPageIds(numbered.size());
        try (Connection connection = dataSource.getConnection()) {
            int pending = insertAll(connection, receiptId, incoming, events, numbered, pageIds, targetUrls,
                    Optional.empty()).orElseThrow(() -> new IllegalStateException("a poll receipt cannot be a duplicate"))
                    .size();
            pending += runHooks(connection, receiptId, incoming, events, numbered, pageIds);
            receiptsCounter.increment();
            eventsCounter.increment(events.size());
            notificationsCounter.increment(numbered.size());
            return new Stored(receiptId, events.size(), numbered.size(), pending, Optional.empty(), List.of());
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the poll", e);
        }
    }

    /** Logs a failed poll with its reason (status FAILED); nothing is sent. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String failPoll(Incoming incoming, String reason) {
        String receiptId = "rcp_" + RequestIds.next();
        try (Connection connection = dataSource.getConnection()) {
            insertReceipt(connection, receiptId, incoming, "FAILED", reason, null);
            return receiptId;
        } catch (SQLException e) {
            throw new IllegalStateException("could not log the failed poll", e);
        }
    }

    private static List<String> newPageIds(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add("ntf_" + RequestIds.next());
        }
        return ids;
    }

    /** Lets each hook add its rows for a new receipt with events; returns the PENDING deliveries they created. */
    private int runHooks(Connection connection, String receiptId, Incoming incoming, List<Event> events,
            List<PageRow> pages, List<String> pageIds) throws SQLException {
        if (events.isEmpty() || hooks.isEmpty()) {
            return 0;
        }
        String[] eventNotifications = new String[events.size()];
        for (int page = 0; page < pages.size(); page++) {
            for (int i = pages.get(page).from(); i < pages.get(page).to(); i++) {
                eventNotifications[i] = pageIds.get(page);
            }
        }
        ReceiptHook.StoredReceipt stored = new ReceiptHook.StoredReceipt(incoming.instance(), receiptId, events,
                java.util.Arrays.asList(eventNotifications));
        int pending = 0;
        for (ReceiptHook hook : hooks) {
            pending += hook.stored(connection, stored);
        }
        return pending;
    }

    /** Logs a refused delivery (bad signature, unreadable body) with its reason; nothing is sent. */
    @Transactional
    public String reject(Incoming incoming, String reason) {
        String receiptId = "rcp_" + RequestIds.next();
        try (Connection connection = dataSource.getConnection()) {
            insertReceipt(connection, receiptId, incoming, "REJECTED", reason, null);
            return receiptId;
        } catch (SQLException e) {
            throw new IllegalStateException("could not log the rejected receipt", e);
        }
    }

    /** Inserts a receipt without events: a REJECTED or DUPLICATE log entry. */
    private static void insertReceipt(Connection connection, String id, Incoming incoming, String status,
            String reason, String duplicateOf) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO receipt (id, organization_id, instance_id, element_key, source, status, reason,
                                     vendor_delivery_id, duplicate_of, content_type, body_kind, body, event_count,
                                     poll_date, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""")) {
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
            insert.setTimestamp(13, incoming.pollDate() == null ? null : Timestamp.from(incoming.pollDate()));
            insert.setTimestamp(14, Timestamp.from(incoming.receivedAt()));
            insert.executeUpdate();
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

}
