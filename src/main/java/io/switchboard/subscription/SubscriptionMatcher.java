package io.switchboard.subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.api.RequestIds;
import io.switchboard.delivery.UrlDeliveryInsert;
import io.switchboard.event.Event;
import io.switchboard.event.ReceiptHook;

/**
 * Matches a stored receipt's events (webhook or poll) against the subscriptions and writes, in the receipt's
 * transaction, one subscription notification per matching event and subscription, and a delivery of it to the
 * subscription's address (target {@code subscription:<notification id>}), which the delivery workers send,
 * sign and retry like callbacks.
 */
@ApplicationScoped
public class SubscriptionMatcher implements ReceiptHook {

    @Inject SubscriptionIndex index;
    @Inject NotificationRendering rendering;
    private final Counter matched;

    public SubscriptionMatcher(MeterRegistry metrics) {
        this.matched = metrics.counter("switchboard.subscription.notifications");
    }

    @Override
    public int stored(Connection connection, StoredReceipt receipt) throws SQLException {
        if (index.isEmpty()) {
            return 0;
        }
        List<String> ids = new ArrayList<>();
        List<String> subscriptionIds = new ArrayList<>();
        List<Long> userIds = new ArrayList<>();
        List<String> notifications = new ArrayList<>();
        List<Boolean> inFeed = new ArrayList<>();
        UrlDeliveryInsert pushes = new UrlDeliveryInsert(PushRenderer.PREFIX);
        List<Event> events = receipt.events();
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            for (Subscription s : index.matching(receipt.instance(), event)) {
                String id = "sbn_" + RequestIds.next();
                ids.add(id);
                subscriptionIds.add(s.id());
                userIds.add(s.userId());
                notifications.add(rendering.notification(id, s, event));
                inFeed.add(s.storesInFeed());
                if (s.deliveryAddress() != null) {
                    pushes.add(id, receipt.notificationOf(i), s.deliveryAddress());
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        matched.increment(ids.size());
        long organizationId = receipt.instance().organizationId();
        try (PreparedStatement insert = connection.prepareStatement("""
                WITH n AS (
                    INSERT INTO subscription_notification (id, subscription_id, organization_id, user_id, receipt_id,
                                                           notification, in_feed)
                    SELECT t.id, t.subscription_id, ?, t.user_id, ?, t.notification, t.in_feed
                    FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::boolean[])
                         AS t(id, subscription_id, user_id, notification, in_feed)),
                d AS (""" + UrlDeliveryInsert.SQL + """
                )
                SELECT count(*) FROM d WHERE status = 'PENDING'""")) {
            int p = 1;
            insert.setLong(p++, organizationId);
            insert.setString(p++, receipt.receiptId());
            insert.setArray(p++, connection.createArrayOf("text", ids.toArray()));
            insert.setArray(p++, connection.createArrayOf("text", subscriptionIds.toArray()));
            insert.setArray(p++, connection.createArrayOf("bigint", userIds.toArray()));
            insert.setArray(p++, connection.createArrayOf("text", notifications.toArray()));
            insert.setArray(p++, connection.createArrayOf("boolean", inFeed.toArray()));
            pushes.bind(connection, insert, p, organizationId, receipt.instance().id());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
