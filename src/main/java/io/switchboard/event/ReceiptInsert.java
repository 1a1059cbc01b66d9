package io.switchboard.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.switchboard.delivery.DeliveryLanes;
import io.switchboard.delivery.DeliveryRows;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.store.Columns;

/**
 * The receipts of a batch, their events, their notifications and their deliveries in one statement (one round
 * trip): each data-modifying CTE reads its rows from arrays, and inserts nothing for a receipt whose insert found a
 * duplicate. The deliveries' CTE is the delivery package's ({@link DeliveryRows}). Foreign keys are checked at the
 * end of the statement, so a delivery may refer to a notification inserted beside it. Receipts are inserted in
 * vendor-delivery-id order, so that two transactions inserting the same ids take their unique-index locks in the
 * same order and never deadlock.
 */
final class ReceiptInsert {

    /** All of a batch in one statement. {@code %s}: the deliveries' CTE. */
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
            %s
            SELECT 'r', NULL::bigint, id, NULL, NULL FROM r
            UNION ALL
            SELECT 'd', d.id, d.notification_id, d.url, d.lane FROM d WHERE d.status = 'PENDING'""";
    private static final String INSERT_ALL_UNORDERED = INSERT_ALL.formatted(DeliveryRows.cte("SELECT id FROM r",
            false));
    private static final String INSERT_ALL_IN_ORDER = INSERT_ALL.formatted(DeliveryRows.cte("SELECT id FROM r",
            true));

    /** A delivery created PENDING; {@code laned}: waiting in an ordered instance's lane. */
    record Pending(long id, String url, boolean laned) {
    }

    /**
     * What {@link #insertAll} wrote: the receipts inserted (not duplicates), the PENDING deliveries of each
     * notification, in id order, and how many deliveries waiting in a lane it made due.
     */
    record Inserted(Set<String> receipts, Map<String, List<Pending>> pending, int lanedDue) {
    }

    private ReceiptInsert() {
    }

    static Inserted insertAll(Connection connection, List<ReceiptStore.Write> writes) throws SQLException {
        List<ReceiptStore.Write> ordered = new ArrayList<>(writes);
        ordered.sort(Comparator.comparing((ReceiptStore.Write w) -> w.incoming().instance().id())
                .thenComparing(w -> w.incoming().vendorDeliveryId().orElse("")));
        Columns receipts = new Columns("text", "int8", "int8", "text", "text", "text", "text", "text", "text", "int4",
                "int4", "timestamptz", "timestamptz", "text", "text", "text");
        Columns events = new Columns("text", "int4", "text", "text", "text", "timestamptz");
        Columns notifications = new Columns("text", "text", "int4", "int4", "int4", "int4", "text");
        for (ReceiptStore.Write write : ordered) {
            ReceiptStore.Incoming incoming = write.incoming();
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
            for (ReceiptStore.Page page : write.pages()) {
                notifications.add(page.id(), write.receiptId(), page.page(), page.pages(), page.from(),
                        page.to() - 1, page.raw());
            }
        }
        DeliveryRows deliveries = new DeliveryRows();
        Set<String> lanes = deliveries(writes, deliveries);
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

    /**
     * Adds a delivery of each page to each target URL, in the order the receipts were accepted, then page order:
     * an ordered instance's lane sends them in id order, and the ids are drawn in this order (the receipts are
     * sorted for their locks). Returns the lanes of the ordered instances among them.
     */
    private static Set<String> deliveries(List<ReceiptStore.Write> writes, DeliveryRows deliveries) {
        Set<String> lanes = new TreeSet<>();
        for (ReceiptStore.Write write : writes) {
            InstanceSettings instance = write.incoming().instance();
            double lease = write.claimFor().map(d -> d.toMillis() / 1000.0).orElse(0.0);
            String lane = instance.ordered() && !write.targetUrls().isEmpty() && !write.pages().isEmpty()
                    ? DeliveryLanes.ordered(instance.id()) : null;
            if (lane != null) {
                lanes.add(lane);
            }
            for (ReceiptStore.Page page : write.pages()) {
                for (String url : write.targetUrls()) {
                    deliveries.add(page.id(), write.receiptId(), instance.organizationId(), instance.id(), url,
                            lease, lane);
                }
            }
        }
        return lanes;
    }
}
