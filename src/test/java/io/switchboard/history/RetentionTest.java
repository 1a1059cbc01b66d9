package io.switchboard.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.TestTenant;

@QuarkusTest
@TestProfile(HistoryTestProfile.class)
class RetentionTest {

    static final long DAY = 24 * 3600;
    static final String URL = "http://127.0.0.1:9/callback";

    static TestTenant tenant;

    @Inject
    DataSource dataSource;
    @Inject
    Retention retention;
    HistoryRows rows;
    long instanceId;
    final java.util.Map<String, String> notificationOf = new java.util.HashMap<>();

    @BeforeEach
    void setUp() {
        tenant = TestTenant.of(getClass());
        rows = new HistoryRows(dataSource);
        instanceId = ((Number) EventHistoryApiTest.newInstance(tenant).get("id")).longValue();
    }

    /** A receipt with one event, one notification, one delivery in {@code status} and one attempt. */
    String history(long instance, long secondsAgo, String status) {
        String receipt = rows.receipt(tenant.organizationId(), instance, "RECEIVED", secondsAgo);
        rows.event(receipt, 0, "CREATED", "orders", "o-1");
        String notification = rows.notification(receipt, 1, 1);
        notificationOf.put(receipt, notification);
        long delivery = rows.delivery(notification, tenant.organizationId(), instance, URL, status, 1, secondsAgo);
        rows.attempt(delivery, 1, 503, "the callback answered 503");
        return receipt;
    }

    /** What is left of a receipt's history; children are found by their own keys, so orphans count too. */
    long remaining(String receipt) {
        return rows.count("""
                SELECT (SELECT count(*) FROM receipt WHERE id = ?1)
                     + (SELECT count(*) FROM event WHERE receipt_id = ?1)
                     + (SELECT count(*) FROM notification WHERE receipt_id = ?1)
                     + (SELECT count(*) FROM delivery WHERE notification_id = ?2)
                     + (SELECT count(*) FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id
                        WHERE d.notification_id = ?2)"""
                .replace("?1", "'" + receipt + "'").replace("?2", "'" + notificationOf.get(receipt) + "'"));
    }

    @Test
    void receiptsOlderThanTheRetentionGoWithEverythingTheyBecame() {
        String expired = history(instanceId, 8 * DAY, "FAILED");
        String expiredPending = history(instanceId, 8 * DAY, "PENDING");
        String kept = history(instanceId, 6 * DAY, "DELIVERED");
        String fresh = history(instanceId, 60, "PENDING");

        Retention.Purged purged = retention.purge();

        assertTrue(purged.receipts() >= 2, "purged " + purged);
        assertEquals(0, remaining(expired));
        assertEquals(0, remaining(expiredPending));
        assertEquals(5, remaining(kept));
        assertEquals(5, remaining(fresh));
    }

    @Test
    void deletedInstancesGoOnceTheirDeletionIsOlderThanTheRetention() {
        long longGone = ((Number) EventHistoryApiTest.newInstance(tenant).get("id")).longValue();
        long justDeleted = ((Number) EventHistoryApiTest.newInstance(tenant).get("id")).longValue();
        String longGoneReceipt = history(longGone, 3600, "CANCELLED");
        String justDeletedReceipt = history(justDeleted, 3600, "CANCELLED");
        tenant.platform().delete(TestTenant.BASE + "/instances/" + longGone).then().statusCode(200);
        tenant.platform().delete(TestTenant.BASE + "/instances/" + justDeleted).then().statusCode(200);
        rows.update("UPDATE instance SET updated_at = now() - interval '8 days' WHERE id = ?", longGone);

        Retention.Purged purged = retention.purge();

        assertTrue(purged.instances() >= 1, "purged " + purged);
        assertEquals(0, remaining(longGoneReceipt));
        assertEquals(0L, rows.count("SELECT count(*) FROM instance WHERE id = ?", longGone));
        assertEquals(0L, rows.count("SELECT count(*) FROM instance_config WHERE instance_id = ?", longGone));
        assertEquals(5, remaining(justDeletedReceipt));
        assertEquals(1L, rows.count("SELECT count(*) FROM instance WHERE id = ?", justDeleted));
        assertEquals(1L, rows.count("SELECT count(*) FROM instance WHERE id = ?", instanceId));
    }

    @Test
    void manyExpiredReceiptsAreDeletedInSeveralBatches() {
        int expired = Retention.BATCH + 7;
        rows.update("""
                INSERT INTO receipt (id, organization_id, instance_id, element_key, source, status, received_at)
                SELECT 'rcp_old_' || ? || '_' || g, ?, ?, 'webhook', 'webhook', 'RECEIVED', now() - interval '30 days'
                FROM generate_series(1, ?) g""", instanceId, tenant.organizationId(), instanceId, expired);
        String kept = rows.receipt(tenant.organizationId(), instanceId, "RECEIVED", 60);

        Retention.Purged purged = retention.purge();

        assertTrue(purged.receipts() >= expired, "purged " + purged);
        assertEquals(0L, rows.count("SELECT count(*) FROM receipt WHERE instance_id = ? AND id LIKE 'rcp_old_%'",
                instanceId));
        assertEquals(1L, rows.count("SELECT count(*) FROM receipt WHERE id = ?", kept));
    }

    @Test
    void replaysOlderThanTheRetentionGoWithTheirLanes() {
        for (String[] replay : new String[][] { { "rpl_old_" + instanceId, "8 days" },
                { "rpl_new_" + instanceId, "1 hour" } }) {
            rows.update("""
                    INSERT INTO replay (id, organization_id, instance_id, url, status, from_at, to_at, receipts,
                                        notifications, created_at)
                    VALUES (?, ?, ?, ?, 'RUNNING', now() - interval '9 days', now(), 0, 0, now() - ?::interval)""",
                    replay[0], tenant.organizationId(), instanceId, URL, replay[1]);
            rows.update("INSERT INTO delivery_lane (lane, lane_window) VALUES (?, 8)", replay[0]);
        }

        retention.purge();

        assertEquals(0L, rows.count("SELECT count(*) FROM replay WHERE id = ?", "rpl_old_" + instanceId));
        assertEquals(0L, rows.count("SELECT count(*) FROM delivery_lane WHERE lane = ?", "rpl_old_" + instanceId));
        assertEquals(1L, rows.count("SELECT count(*) FROM replay WHERE id = ?", "rpl_new_" + instanceId));
        assertEquals(1L, rows.count("SELECT count(*) FROM delivery_lane WHERE lane = ?", "rpl_new_" + instanceId));
    }
}
