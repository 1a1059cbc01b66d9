package io.switchboard.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.api.RequestIds;
import io.switchboard.delivery.DeliveryLanes;
import io.switchboard.delivery.DeliveryQueue;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.trace.TraceContext;
import io.switchboard.store.Columns;
import io.switchboard.store.Text;

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

    /**
     * One notification of a receipt: events {@code from} (inclusive) to {@code to} (exclusive) of the receipt's
     * events; {@code raw} null means the receipt's body.
     */
    public record Page(String id, int page, int pages, int from, int to, String raw) {
    }

    /** A receipt to store: the body as received and how to show it again, and the trace it belongs to. */
    public record Incoming(InstanceSettings instance, String source, String contentType, String bodyKind, String body,
            Optional<String> vendorDeliveryId, Instant receivedAt, Instant pollDate, TraceContext trace) {

        public Incoming {
            trace = trace == null ? TraceContext.currentOrFresh() : trace;
        }

        /** A receipt in a trace of its own (one that came without a trace, or a poll). */
        public Incoming(InstanceSettings instance, String source, String contentType, String bodyKind, String body,
                Optional<String> vendorDeliveryId, Instant receivedAt, Instant pollDate) {
            this(instance, source, contentType, bodyKind, body, vendorDeliveryId, receivedAt, pollDate, null);
        }
    }

    /**
     * A receipt ready to be written, its id and its notifications' ids chosen beforehand, with a delivery of each
     * page to each target URL. With {@code claimFor}, the PENDING deliveries are created already claimed for that
     * lease and returned, for this node's workers to send at once without claiming them again (if the node dies
     * first, the lease ends and any node sends them).
     */
    public record Write(String receiptId, Incoming incoming, List<Event> events, List<Page> pages,
            List<String> targetUrls, Optional<Duration> claimFor) {
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

    /** A receipt of events paged by {@code pageSize} (a webhook's 20). */
    public static Write write(Incoming incoming, List<Event> events, int pageSize, List<String> targetUrls,
            Optional<Duration> claimFor) {
        List<Page> pages = new ArrayList<>();
        for (Pages.Page<Event> page : Pages.split(events, pageSize)) {
            pages.add(new Page("ntf_" + RequestIds.next(), page.page(), page.pages(), page.from(), page.to(), null));
        }
        return new Write("rcp_" + RequestIds.next(), incoming, events, pages, targetUrls, claimFor);
    }

    /**
     * One poll as one receipt (source {@code polling}): the events of every resource, each resource's events
     * paged by {@code pageSize} with that resource's raw on each of its pages (pages are numbered across the
     * receipt).
     */
    public static Write pollWrite(Incoming incoming, List<PollResource> resources, int pageSize,
            List<String> targetUrls) {
        List<Event> events = new ArrayList<>();
        List<int[]> bounds = new ArrayList<>();
        List<String> raws = new ArrayList<>();
        for (PollResource resource : resources) {
            for (Pages.Page<Event> page : Pages.split(resource.events(), pageSize)) {
                bounds.add(new int[] { events.size() + page.from(), events.size() + page.to() });
                raws.add(resource.raw());
            }
            events.addAll(resource.events());
        }
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < bounds.size(); i++) {
            pages.add(new Page("ntf_" + RequestIds.next(), i + 1, bounds.size(), bounds.get(i)[0], bounds.get(i)[1],
                    raws.get(i)));
        }
        return new Write("rcp_" + RequestIds.next(), incoming, events, pages, targetUrls, Optional.empty());
    }

    /** Stores a receipt with its events paged by {@code pageSize}, and a delivery of each page to each target. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Stored store(Incoming incoming, List<Event> events, int pageSize, List<String> targetUrls) {
        return store(List.of(write(incoming, events, pageSize, targetUrls, Optional.empty()))).get(0);
    }

    /** Stores one poll as one receipt (see {@link #pollWrite}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Stored storePoll(Incoming incoming, List<PollResource> resources, int pageSize, List<String> targetUrls) {
        return store(List.of(pollWrite(incoming, resources, pageSize, targetUrls))).get(0);
    }

    /**
     * Stores receipts, in the caller's transaction, with one statement for all of them; what each became, in
     * order. A vendor delivery id seen before for the instance (or earlier in {@code writes}) stores only a
     * DUPLICATE log entry.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Stored> store(List<Write> writes) {
        try (Connection connection = dataSource.getConnection()) {
            Inserted inserted = insertAll(connection, writes);
            List<Stored> results = new ArrayList<>(writes.size());
            for (Write write : writes) {
                Incoming incoming = write.incoming();
                if (!inserted.receipts().contains(write.receiptId())) {
                    String original = original(connection, incoming);
                    insertReceipt(connection, "rcp_" + RequestIds.next(), incoming, "DUPLICATE",
                            "a retry of vendor delivery " + incoming.vendorDeliveryId().orElse(""), original);
                    results.add(new Stored(original, 0, 0, 0, Optional.of(original), List.of()));
                    continue;
                }
                List<DeliveryQueue.Claimed> pending = new ArrayList<>();
                int laned = 0;
                for (Page page : write.pages()) {
                    for (Pending delivery : inserted.pending().getOrDefault(page.id(), List.of())) {
                        if (delivery.laned()) {
                            // made due in its lane's turn, never handed to this node's workers; counted as pending
                            // (the workers are woken) only when this commit made some delivery of a lane due
                            laned += inserted.lanedDue() > 0 ? 1 : 0;
                            continue;
                        }
                        pending.add(new DeliveryQueue.Claimed(delivery.id(), page.id(),
                                incoming.instance().organizationId(), incoming.instance().id(), "callback",
                                delivery.url(), 0, 0, null));
                    }
                }
                int hooked = runHooks(connection, write);
                receiptsCounter.increment();
                eventsCounter.increment(write.events().size());
                notificationsCounter.increment(write.pages().size());
                results.add(new Stored(write.receiptId(), write.events().size(), write.pages().size(),
                        pending.size() + laned + hooked, Optional.empty(),
                        write.claimFor().isPresent() ? pending : List.of()));
            }
            return results;
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the receipt", e);
        }
    }

    /**
     * All of a batch in one statement; see {@link #insertAll}. {@code %s}: how the deliveries are inserted, in order
     * for a batch with an ordered instance's (their ids are their lane's order) and as they come otherwise.
     */
    private static final String INSERT_ALL = """
            WITH r AS (
                INSERT INTO receipt (id, organization_id, instance_id, element_key, source, status,
                                     vendor_delivery_id, content_type, body_kind, body, event_count,
                                     notification_count, poll_date, received_at, trace_id, trace_span_id,
                                     trace_state)
                SELECT t.id, t.organization_id, t.instance_id, t.element_key, t.source, 'RECEIVED',
                       t.vendor_delivery_id, t.content_type, t.body_kind, t.body, t.event_count,
                       t.notification_count, t.poll_date, t.received_at, t.trace_id, t.trace_span_id,
                       t.trace_state
                FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::int[], ?::int[], ?::timestamptz[], ?::timestamptz[],
                            ?::text[], ?::text[], ?::text[])
                     AS t(id, organization_id, instance_id, element_key, source, vendor_delivery_id,
                          content_type, body_kind, body, event_count, notification_count, poll_date,
                          received_at, trace_id, trace_span_id, trace_state)
                ON CONFLICT (instance_id, vendor_delivery_id) WHERE vendor_delivery_id IS NOT NULL
                    AND status = 'RECEIVED' DO NOTHING
                RETURNING id),
            e AS (
                INSERT INTO event (receipt_id, seq, event_type, object_type, object_id, event_date)
                SELECT t.receipt_id, t.seq, t.event_type, t.object_type, t.object_id, t.event_date
                FROM unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                     AS t(receipt_id, seq, event_type, object_type, object_id, event_date)
                WHERE t.receipt_id IN (SELECT id FROM r)),
            n AS (
                INSERT INTO notification (id, receipt_id, page, pages, first_event, last_event, raw)
                SELECT t.id, t.receipt_id, t.page, t.pages, t.first_event, t.last_event, t.raw
                FROM unnest(?::text[], ?::text[], ?::int[], ?::int[], ?::int[], ?::int[], ?::text[])
                     AS t(id, receipt_id, page, pages, first_event, last_event, raw)
                WHERE t.receipt_id IN (SELECT id FROM r)),
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
                WHERE t.receipt_id IN (SELECT id FROM r)
                %s
                RETURNING id, notification_id, status, url, lane)
            SELECT 'r', NULL::bigint, id, NULL, NULL FROM r
            UNION ALL
            SELECT 'd', d.id, d.notification_id, d.url, d.lane FROM d WHERE d.status = 'PENDING'""";
    private static final String INSERT_ALL_UNORDERED = INSERT_ALL.formatted("");
    private static final String INSERT_ALL_IN_ORDER = INSERT_ALL.formatted("ORDER BY t.ord");

    /** A delivery created PENDING; {@code laned}: waiting in an ordered instance's lane. */
    private record Pending(long id, String url, boolean laned) {
    }

    /**
     * What {@link #insertAll} wrote: the receipts inserted (not duplicates), the PENDING deliveries of each
     * notification, in id order, and how many deliveries waiting in a lane it made due.
     */
    private record Inserted(Set<String> receipts, Map<String, List<Pending>> pending, int lanedDue) {
    }

    /**
     * The receipts, their events, their notifications and their deliveries in one statement (one round trip):
     * each data-modifying CTE reads its rows from arrays, and inserts nothing for a receipt whose insert found a
     * duplicate. Foreign keys are checked at the end of the statement, so a delivery may refer to a notification
     * inserted beside it. Receipts are inserted in vendor-delivery-id order, so that two transactions inserting
     * the same ids take their unique-index locks in the same order and never deadlock.
     */
    private static Inserted insertAll(Connection connection, List<Write> writes) throws SQLException {
        List<Write> ordered = new ArrayList<>(writes);
        ordered.sort(Comparator.comparing((Write w) -> w.incoming().instance().id())
                .thenComparing(w -> w.incoming().vendorDeliveryId().orElse("")));
        Columns receipts = new Columns("text", "int8", "int8", "text", "text", "text", "text", "text", "text", "int4",
                "int4", "timestamptz", "timestamptz", "text", "text", "text");
        Columns events = new Columns("text", "int4", "text", "text", "text", "timestamptz");
        Columns notifications = new Columns("text", "text", "int4", "int4", "int4", "int4", "text");
        Columns deliveries = new Columns("text", "text", "int8", "int8", "text", "float8", "text");
        for (Write write : ordered) {
            Incoming incoming = write.incoming();
            InstanceSettings instance = incoming.instance();
            receipts.add(write.receiptId(), instance.organizationId(), instance.id(), instance.elementKey(),
                    incoming.source(), incoming.vendorDeliveryId().orElse(null), incoming.contentType(),
                    incoming.bodyKind(), incoming.body(), write.events().size(), write.pages().size(),
                    incoming.pollDate() == null ? null : Timestamp.from(incoming.pollDate()),
                    Timestamp.from(incoming.receivedAt()), incoming.trace().traceId(), incoming.trace().spanId(),
                    incoming.trace().traceState());
            for (int i = 0; i < write.events().size(); i++) {
                Event event = write.events().get(i);
                events.add(write.receiptId(), i, event.eventType().name(), event.objectType(), event.objectId(),
                        Timestamp.from(event.date()));
            }
            for (Page page : write.pages()) {
                notifications.add(page.id(), write.receiptId(), page.page(), page.pages(), page.from(),
                        page.to() - 1, page.raw());
            }
        }
        // Deliveries in the order the receipts were accepted, then page order: an ordered instance's lane sends them
        // in id order, and the ids are drawn in this order (the receipts above are sorted for their locks).
        Set<String> lanes = new TreeSet<>();
        for (Write write : writes) {
            InstanceSettings instance = write.incoming().instance();
            double lease = write.claimFor().map(d -> d.toMillis() / 1000.0).orElse(0.0);
            String lane = instance.ordered() && !write.targetUrls().isEmpty() && !write.pages().isEmpty()
                    ? DeliveryLanes.ordered(instance.id()) : null;
            if (lane != null) {
                lanes.add(lane);
            }
            for (Page page : write.pages()) {
                for (String url : write.targetUrls()) {
                    deliveries.add(page.id(), write.receiptId(), instance.organizationId(), instance.id(), url,
                            lease, lane);
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(lanes.isEmpty() ? INSERT_ALL_UNORDERED
                : INSERT_ALL_IN_ORDER)) {
            int i = 1;
            i = receipts.bind(connection, insert, i);
            i = events.bind(connection, insert, i);
            i = notifications.bind(connection, insert, i);
            deliveries.bind(connection, insert, i);
            Set<String> inserted = new HashSet<>();
            Map<String, List<Pending>> pending = new HashMap<>();
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    if ("r".equals(rs.getString(1))) {
                        inserted.add(rs.getString(3));
                    } else {
                        pending.computeIfAbsent(rs.getString(3), k -> new ArrayList<>())
                                .add(new Pending(rs.getLong(2), rs.getString(4), rs.getString(5) != null));
                    }
                }
            }
            int lanedDue = lanes.isEmpty() ? 0 : DeliveryLanes.advance(connection, lanes);
            pending.values().forEach(list -> list.sort(Comparator.comparingLong(Pending::id)));
            return new Inserted(inserted, pending, lanedDue);
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

    /** Lets each hook add its rows for a new receipt with events; returns the PENDING deliveries they created. */
    private int runHooks(Connection connection, Write write) throws SQLException {
        List<Event> events = write.events();
        if (events.isEmpty() || hooks.isEmpty()) {
            return 0;
        }
        String[] eventNotifications = new String[events.size()];
        for (Page page : write.pages()) {
            for (int i = page.from(); i < page.to(); i++) {
                eventNotifications[i] = page.id();
            }
        }
        ReceiptHook.StoredReceipt stored = new ReceiptHook.StoredReceipt(write.incoming().instance(),
                write.receiptId(), events, java.util.Arrays.asList(eventNotifications));
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
                                     poll_date, received_at, trace_id, trace_span_id, trace_state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, id);
            insert.setLong(2, incoming.instance().organizationId());
            insert.setLong(3, incoming.instance().id());
            insert.setString(4, incoming.instance().elementKey());
            insert.setString(5, incoming.source());
            insert.setString(6, status);
            insert.setString(7, Text.storable(reason));
            insert.setString(8, Text.storable(incoming.vendorDeliveryId().orElse(null)));
            insert.setString(9, duplicateOf);
            insert.setString(10, Text.storable(incoming.contentType()));
            insert.setString(11, incoming.bodyKind());
            insert.setString(12, Text.storable(incoming.body()));
            insert.setTimestamp(13, incoming.pollDate() == null ? null : Timestamp.from(incoming.pollDate()));
            insert.setTimestamp(14, Timestamp.from(incoming.receivedAt()));
            insert.setString(15, incoming.trace().traceId());
            insert.setString(16, incoming.trace().spanId());
            insert.setString(17, Text.storable(incoming.trace().traceState()));
            insert.executeUpdate();
        }
    }

    private static String original(Connection connection, Incoming incoming) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id FROM receipt WHERE instance_id = ? AND vendor_delivery_id = ? AND status = 'RECEIVED'""")) {
            select.setLong(1, incoming.instance().id());
            select.setString(2, Text.storable(incoming.vendorDeliveryId().orElseThrow()));
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("a duplicate without its original");
                }
                return rs.getString(1);
            }
        }
    }

}
