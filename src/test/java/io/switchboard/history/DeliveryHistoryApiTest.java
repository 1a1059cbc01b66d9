package io.switchboard.history;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.switchboard.TestTenant;
import io.switchboard.delivery.DeliveryQueue;

@QuarkusTest
@TestProfile(HistoryTestProfile.class)
class DeliveryHistoryApiTest {

    static final String INSTANCES = TestTenant.BASE + "/instances";
    /** Per test: a URL paused by one test must not be paused for the next. */
    String url;
    String otherUrl;

    static TestTenant tenant;
    static TestTenant other;

    @Inject
    DeliveryQueue queue;

    @Inject
    DataSource dataSource;
    HistoryRows rows;

    long instanceId;
    String notification;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.of(getClass());
        other = TestTenant.of(getClass(), "other");
        rows = new HistoryRows(dataSource);
        url = "http://127.0.0.1:9/" + HistoryRows.id("callback");
        otherUrl = "http://127.0.0.1:9/" + HistoryRows.id("other");
        instanceId = instance(tenant);
        notification = notification(tenant, instanceId);
    }

    static long instance(TestTenant owner) {
        return ((Number) EventHistoryApiTest.newInstance(owner).get("id")).longValue();
    }

    String notification(TestTenant owner, long instance) {
        return rows.notification(rows.receipt(owner.organizationId(), instance, "RECEIVED", 5), 1, 1);
    }

    long delivery(String status, int attempts, long secondsAgo) {
        return rows.delivery(notification, tenant.organizationId(), instanceId, url, status, attempts, secondsAgo);
    }

    Response deliveries(String query) {
        return tenant.platform().get(INSTANCES + "/" + instanceId + "/deliveries" + query);
    }

    Response redeliver(long deliveryId) {
        return tenant.platform().post(INSTANCES + "/" + instanceId + "/deliveries/" + deliveryId + "/redeliver");
    }

    @Test
    void deliveriesAreListedNewestFirstAndFilteredByStatus() {
        long pending = delivery("PENDING", 1, 50);
        long delivered = delivery("DELIVERED", 1, 40);
        long failed = delivery("FAILED", 6, 30);
        long queued = delivery("QUEUED", 6, 20);
        long cancelled = delivery("CANCELLED", 0, 10);
        String receipt = (String) rows.query("SELECT receipt_id FROM notification WHERE id = ?", notification)
                .get(0).get("receipt_id");

        deliveries("").then().statusCode(200)
                .body("id", contains((int) cancelled, (int) queued, (int) failed, (int) delivered, (int) pending))
                .body("status", contains("CANCELLED", "QUEUED", "FAILED", "DELIVERED", "PENDING"))
                .body("[2].notificationId", equalTo(notification))
                .body("[2].receiptId", equalTo(receipt))
                .body("[2].url", equalTo(url))
                .body("[2].attempts", equalTo(6))
                .body("[2].lastStatusCode", equalTo(503))
                .body("[2].lastError", equalTo("the callback answered 503"))
                .body("[2].nextAttemptDate", nullValue())
                .body("[2].createdDate", notNullValue())
                .body("[2].deliveredDate", nullValue())
                .body("[3].deliveredDate", notNullValue())
                .body("[4].nextAttemptDate", notNullValue());

        for (String status : List.of("PENDING", "DELIVERED", "FAILED", "QUEUED", "CANCELLED")) {
            deliveries("?status=" + status).then().statusCode(200).body("status", contains(status));
        }
        deliveries("?status=LOST").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("status"))
                .body("detail", containsString("PENDING, DELIVERED, FAILED, QUEUED, CANCELLED"));

        Response first = deliveries("?pageSize=3");
        first.then().statusCode(200).body("id", contains((int) cancelled, (int) queued, (int) failed));
        String token = first.header(EventHistoryApiTest.NEXT);
        assertNotNull(token);
        Response second = deliveries("?pageSize=3&nextPage=" + token);
        second.then().statusCode(200).body("id", contains((int) delivered, (int) pending));
        assertNull(second.header(EventHistoryApiTest.NEXT));
    }

    @Test
    void redeliveringOneStartsAFreshRoundAndKeepsCountingAttempts() {
        long failed = delivery("FAILED", 6, 30);
        rows.update("UPDATE delivery SET round_attempts = 6 WHERE id = ?", failed);
        long delivered = delivery("DELIVERED", 1, 20);

        redeliver(failed).then().statusCode(200)
                .body("id", equalTo((int) failed))
                .body("status", equalTo("PENDING"))
                .body("attempts", equalTo(6))
                .body("nextAttemptDate", notNullValue());
        Map<String, Object> row = rows.deliveryRow(failed);
        assertEquals("PENDING", row.get("status"));
        assertEquals(0, row.get("round_attempts"));
        assertEquals(6, row.get("attempts"));
        assertEquals(1L, rows.count("SELECT count(*) FROM delivery WHERE id = ? AND next_attempt_at <= now()", failed));

        // A delivered notification can be sent again too.
        redeliver(delivered).then().statusCode(200).body("status", equalTo("PENDING"))
                .body("deliveredDate", nullValue());
    }

    @Test
    void aPendingDeliveryIsAlreadyOnItsWay() {
        long pending = delivery("PENDING", 1, 10);
        redeliver(pending).then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("already on its way"));
        assertEquals(1, rows.deliveryRow(pending).get("round_attempts"));
    }

    @Test
    void redeliveringAllFailedTouchesOnlyThatInstancesFailedDeliveries() {
        long a = delivery("FAILED", 6, 30);
        long b = delivery("FAILED", 6, 20);
        long delivered = delivery("DELIVERED", 1, 10);
        long siblingInstance = instance(tenant);
        long sibling = rows.delivery(notification(tenant, siblingInstance), tenant.organizationId(), siblingInstance,
                url, "FAILED", 6, 10);

        tenant.platform().post(INSTANCES + "/" + instanceId + "/deliveries/redeliver?status=FAILED").then()
                .statusCode(200).body("redelivered", equalTo(2));
        assertEquals("PENDING", rows.deliveryRow(a).get("status"));
        assertEquals("PENDING", rows.deliveryRow(b).get("status"));
        assertEquals(0, rows.deliveryRow(b).get("round_attempts"));
        assertEquals("DELIVERED", rows.deliveryRow(delivered).get("status"));
        assertEquals("FAILED", rows.deliveryRow(sibling).get("status"));

        tenant.platform().post(INSTANCES + "/" + instanceId + "/deliveries/redeliver?status=FAILED").then()
                .statusCode(200).body("redelivered", equalTo(0));
        tenant.platform().post(INSTANCES + "/" + instanceId + "/deliveries/redeliver").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        tenant.platform().post(INSTANCES + "/" + instanceId + "/deliveries/redeliver?status=DELIVERED").then()
                .statusCode(400).body("detail", containsString("FAILED, QUEUED"));
    }

    @Test
    void redeliveringAQueuedDeliveryResumesItsUrlOldestFirst() {
        long siblingInstance = instance(tenant);
        String siblingNotification = notification(tenant, siblingInstance);
        long oldest = delivery("QUEUED", 6, 300);
        long siblings = rows.delivery(siblingNotification, tenant.organizationId(), siblingInstance, url, "QUEUED",
                6, 200);
        long newest = delivery("QUEUED", 6, 100);
        long elsewhere = rows.delivery(notification, tenant.organizationId(), instanceId, otherUrl, "QUEUED", 6, 50);
        long otherInstance = instance(other);
        long otherOrgs = rows.delivery(notification(other, otherInstance), other.organizationId(), otherInstance,
                url, "QUEUED", 6, 50);
        rows.update("UPDATE delivery SET round_attempts = 6 WHERE id IN (?, ?, ?)", oldest, siblings, newest);
        rows.update("INSERT INTO paused_target (organization_id, url) VALUES (?, ?), (?, ?), (?, ?)",
                tenant.organizationId(), url, tenant.organizationId(), otherUrl, other.organizationId(), url);

        redeliver(newest).then().statusCode(200).body("status", equalTo("PENDING"));

        assertEquals(0L, rows.count("SELECT count(*) FROM paused_target WHERE organization_id = ? AND url = ?",
                tenant.organizationId(), url));
        assertEquals(1L, rows.count("SELECT count(*) FROM paused_target WHERE organization_id = ? AND url = ?",
                tenant.organizationId(), otherUrl));
        assertEquals(1L, rows.count("SELECT count(*) FROM paused_target WHERE organization_id = ? AND url = ?",
                other.organizationId(), url));
        for (long id : new long[] { oldest, siblings, newest }) {
            assertEquals("PENDING", rows.deliveryRow(id).get("status"));
            assertEquals(0, rows.deliveryRow(id).get("round_attempts"));
        }
        assertEquals("QUEUED", rows.deliveryRow(elsewhere).get("status"));
        assertEquals("QUEUED", rows.deliveryRow(otherOrgs).get("status"));

        // One at a time, oldest first, whichever node claims: the next only once the one before is done.
        for (long next : new long[] { oldest, siblings, newest }) {
            List<Long> claimed = claimedOf(List.of(oldest, siblings, newest));
            assertEquals(List.of(next), claimed, "claimed while " + next + " is the oldest left");
            assertEquals(List.of(), claimedOf(List.of(oldest, siblings, newest)), "nothing more while it is out");
            rows.update("UPDATE delivery SET status = 'DELIVERED' WHERE id = ?", next);
        }
    }

    private List<Long> claimedOf(List<Long> ids) {
        return queue.claim(1_000).stream().map(DeliveryQueue.Claimed::id).filter(ids::contains).toList();
    }

    @Test
    void redeliveringAllQueuedResumesEachOfTheirUrls() {
        long first = delivery("QUEUED", 6, 30);
        long second = rows.delivery(notification, tenant.organizationId(), instanceId, otherUrl, "QUEUED", 6, 20);
        long failed = delivery("FAILED", 6, 10);
        rows.update("INSERT INTO paused_target (organization_id, url) VALUES (?, ?), (?, ?)",
                tenant.organizationId(), url, tenant.organizationId(), otherUrl);

        tenant.platform().post(INSTANCES + "/" + instanceId + "/deliveries/redeliver?status=queued").then()
                .statusCode(200).body("redelivered", equalTo(2));
        assertEquals("PENDING", rows.deliveryRow(first).get("status"));
        assertEquals("PENDING", rows.deliveryRow(second).get("status"));
        assertEquals("FAILED", rows.deliveryRow(failed).get("status"));
        assertEquals(0L, rows.count("SELECT count(*) FROM paused_target WHERE organization_id = ? AND url IN (?, ?)",
                tenant.organizationId(), url, otherUrl));
    }

    @Test
    void anotherOrganizationsDeliveryIsNotFound() {
        long mine = delivery("FAILED", 6, 10);
        long foreignInstance = instance(other);
        long theirs = rows.delivery(notification(other, foreignInstance), other.organizationId(), foreignInstance,
                url, "FAILED", 6, 10);

        other.platform().post(INSTANCES + "/" + instanceId + "/deliveries/" + mine + "/redeliver").then()
                .statusCode(404).contentType("application/problem+json");
        other.platform().post(INSTANCES + "/" + foreignInstance + "/deliveries/" + mine + "/redeliver").then()
                .statusCode(404);
        other.platform().get(INSTANCES + "/" + instanceId + "/deliveries").then().statusCode(404);
        other.platform().post(INSTANCES + "/" + instanceId + "/deliveries/redeliver?status=FAILED").then()
                .statusCode(404);
        redeliver(theirs).then().statusCode(404);
        tenant.platform().post(INSTANCES + "/" + foreignInstance + "/deliveries/" + theirs + "/redeliver").then()
                .statusCode(404);
        assertEquals("FAILED", rows.deliveryRow(mine).get("status"));
        assertEquals("FAILED", rows.deliveryRow(theirs).get("status"));
    }
}
