package io.switchboard.history;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
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

@QuarkusTest
@TestProfile(HistoryTestProfile.class)
class EventHistoryApiTest {

    static final String INSTANCES = TestTenant.BASE + "/instances";
    static final String NEXT = "Elements-Next-Page-Token";
    static final String CALLBACK = "http://127.0.0.1:9/callback";

    static TestTenant tenant;
    static TestTenant other;

    @Inject
    DataSource dataSource;
    HistoryRows rows;

    long instanceId;
    String instanceToken;

    @BeforeEach
    void setUp() {
        // Not @BeforeAll: RestAssured learns the random test port only before each test.
        tenant = TestTenant.of(getClass());
        other = TestTenant.of(getClass(), "other");
        rows = new HistoryRows(dataSource);
        Map<String, Object> instance = newInstance(tenant);
        instanceId = ((Number) instance.get("id")).longValue();
        instanceToken = (String) instance.get("token");
    }

    static Map<String, Object> newInstance(TestTenant owner) {
        return owner.createInstance("""
                {"element": {"key": "webhook"}, "name": "hooks",
                 "configuration": {"event.notification.enabled": "true",
                                   "event.notification.callback.url": "%s"}}""".formatted(CALLBACK));
    }

    String receiptWithDeliveries(long secondsAgo, String... statuses) {
        String receipt = rows.receipt(tenant.organizationId(), instanceId, "RECEIVED", secondsAgo);
        for (int i = 0; i < statuses.length; i++) {
            String notification = rows.notification(receipt, i + 1, statuses.length);
            rows.delivery(notification, tenant.organizationId(), instanceId, CALLBACK, statuses[i], 1, secondsAgo);
        }
        return receipt;
    }

    Response events(String query) {
        return tenant.platform().get(INSTANCES + "/" + instanceId + "/events" + query);
    }

    @Test
    void statusIsDerivedFromTheDeliveries() {
        String received = receiptWithDeliveries(80);
        String notified = receiptWithDeliveries(70, "DELIVERED", "CANCELLED");
        String dispatched = receiptWithDeliveries(60, "DELIVERED", "PENDING");
        String queued = receiptWithDeliveries(50, "DELIVERED", "QUEUED");
        String failed = receiptWithDeliveries(40, "DELIVERED", "FAILED");
        String rejected = rows.receipt(tenant.organizationId(), instanceId, "REJECTED", 30);
        String duplicate = rows.receipt(tenant.organizationId(), instanceId, "DUPLICATE", 20);
        String failedPoll = rows.receipt(tenant.organizationId(), instanceId, "FAILED", 10);

        events("").then().statusCode(200)
                .body("id", contains(failedPoll, duplicate, rejected, failed, queued, dispatched, notified, received))
                .body("status", contains("FAILED", "DUPLICATE", "REJECTED", "FAILED", "DISPATCHED", "DISPATCHED",
                        "NOTIFIED", "RECEIVED"))
                .body("[2].reason", equalTo("bad signature"))
                .body("[3].notifications", equalTo(2))
                .body("[3].events", equalTo(0))
                .body("[3].source", equalTo("webhook"))
                .body("[3].eventDate", notNullValue())
                .header(NEXT, nullValue());

        events("?status=FAILED").then().statusCode(200).body("id", contains(failedPoll, failed));
        events("?status=dispatched").then().statusCode(200).body("id", contains(queued, dispatched));
        events("?status=NOTIFIED").then().statusCode(200).body("id", contains(notified));
        events("?status=RECEIVED").then().statusCode(200).body("id", contains(received));
        events("?status=REJECTED").then().statusCode(200).body("id", contains(rejected));
        events("?status=DUPLICATE").then().statusCode(200).body("id", contains(duplicate));
        events("?status=LOST").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("status"))
                .body("detail", containsString("RECEIVED, NOTIFIED, DISPATCHED, FAILED, REJECTED, DUPLICATE"));
    }

    @Test
    void pagesFollowTheNextPageTokenUntilTheEnd() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            all.add(rows.receipt(tenant.organizationId(), instanceId, "RECEIVED", 100 - i));
        }
        // Equal times must neither repeat nor lose a row at a page boundary.
        rows.receivedAt(all.get(2), Instant.parse("2026-01-01T00:00:00Z"));
        rows.receivedAt(all.get(3), Instant.parse("2026-01-01T00:00:00Z"));
        rows.receivedAt(all.get(4), Instant.parse("2026-01-01T00:00:00Z"));

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Response page = events("?pageSize=2" + (token == null ? "" : "&nextPage=" + token));
            page.then().statusCode(200);
            List<String> ids = page.path("id");
            seen.addAll(ids);
            token = page.header(NEXT);
            pages++;
            assertEquals(pages < 4 ? 2 : 1, ids.size());
        } while (token != null);
        assertEquals(4, pages);

        List<Map<String, Object>> expected = rows.query(
                "SELECT id FROM receipt WHERE instance_id = ? ORDER BY received_at DESC, id DESC", instanceId);
        assertEquals(expected.stream().map(r -> r.get("id")).toList(), seen);

        events("?pageSize=500").then().statusCode(200).body("", hasSize(7)).header(NEXT, nullValue());
        events("?pageSize=5000").then().statusCode(200).body("", hasSize(7));
        events("?pageSize=0").then().statusCode(400).body("errors[0].field", equalTo("pageSize"));
        events("?pageSize=ten").then().statusCode(400).body("errors[0].field", equalTo("pageSize"));
        events("?nextPage=garbage!").then().statusCode(400).body("errors[0].field", equalTo("nextPage"));
    }

    @Test
    void pageSizeDefaultsToFifty() {
        rows.update("""
                INSERT INTO receipt (id, organization_id, instance_id, element_key, source, status, received_at)
                SELECT 'rcp_bulk_' || ? || '_' || g, ?, ?, 'webhook', 'webhook', 'RECEIVED', now() - g * interval '1 s'
                FROM generate_series(1, 51) g""", instanceId, tenant.organizationId(), instanceId);
        Response first = events("");
        first.then().statusCode(200).body("", hasSize(50)).header(NEXT, notNullValue());
        events("?nextPage=" + first.header(NEXT)).then().statusCode(200)
                .body("id", contains("rcp_bulk_" + instanceId + "_51"));
    }

    @Test
    void fromIsInclusiveAndToExclusive() {
        String early = rows.receipt(tenant.organizationId(), instanceId, "RECEIVED", 0);
        String middle = rows.receipt(tenant.organizationId(), instanceId, "RECEIVED", 0);
        String late = rows.receipt(tenant.organizationId(), instanceId, "RECEIVED", 0);
        rows.receivedAt(early, Instant.parse("2026-11-21T23:59:59.999Z"));
        rows.receivedAt(middle, Instant.parse("2026-11-22T10:15:30.123Z"));
        rows.receivedAt(late, Instant.parse("2026-11-23T00:00:00Z"));

        events("?from=2026-11-22T00:00:00Z").then().statusCode(200).body("id", contains(late, middle));
        events("?to=2026-11-23T00:00:00Z").then().statusCode(200).body("id", contains(middle, early));
        events("?from=2026-11-22&to=2026-11-23").then().statusCode(200).body("id", contains(middle));
        events("?from=2026-11-22T10:15:30.123Z&to=2026-11-22T10:15:30.124Z").then().statusCode(200)
                .body("id", contains(middle));
        tenant.platform().queryParam("from", "2026-11-22T11:15:30.123+01:00")
                .get(INSTANCES + "/" + instanceId + "/events").then().statusCode(200).body("id", contains(late, middle));
        // An offset's '+' sent unencoded arrives as a space, and still means '+'.
        events("?from=2026-11-22T11:15:30.123+01:00").then().statusCode(200).body("id", contains(late, middle));
        events("?from=yesterday").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("from"))
                .body("detail", containsString("ISO-8601"));
        events("?to=2026-13-01T00:00:00Z").then().statusCode(400).body("errors[0].field", equalTo("to"));
        events("?from=2026-11-23&to=2026-11-22").then().statusCode(400).body("errors[0].field", equalTo("to"));
    }

    @Test
    void oneReceiptShowsTheBodyEventsNotificationsAndDeliveries() {
        String receipt = rows.receipt(tenant.organizationId(), instanceId, "RECEIVED", 5);
        rows.event(receipt, 0, "CREATED", "orders", "o-1");
        rows.event(receipt, 1, "UPDATED", "orders", "o-2");
        String first = rows.notification(receipt, 1, 2);
        String second = rows.notification(receipt, 2, 2);
        long delivered = rows.delivery(first, tenant.organizationId(), instanceId, CALLBACK, "DELIVERED", 1, 5);
        long failed = rows.delivery(second, tenant.organizationId(), instanceId, CALLBACK, "FAILED", 4, 5);
        String body = (String) rows.query("SELECT body FROM receipt WHERE id = ?", receipt).get(0).get("body");

        tenant.platform().get(INSTANCES + "/" + instanceId + "/events/" + receipt).then().statusCode(200)
                .body("id", equalTo(receipt))
                .body("status", equalTo("FAILED"))
                .body("source", equalTo("webhook"))
                .body("eventDate", notNullValue())
                .body("providerData", equalTo(body))
                .body("events.eventType", contains("CREATED", "UPDATED"))
                .body("events.objectType", contains("orders", "orders"))
                .body("events.objectId", contains("o-1", "o-2"))
                .body("events[0].date", notNullValue())
                .body("notifications.id", contains(first, second))
                .body("notifications.page", contains(1, 2))
                .body("notifications.pages", contains(2, 2))
                .body("notifications[0].deliveries", hasSize(1))
                .body("notifications[0].deliveries[0].id", equalTo((int) delivered))
                .body("notifications[0].deliveries[0].status", equalTo("DELIVERED"))
                .body("notifications[0].deliveries[0].attempts", equalTo(1))
                .body("notifications[0].deliveries[0].lastStatusCode", equalTo(200))
                .body("notifications[0].deliveries[0].lastError", nullValue())
                .body("notifications[0].deliveries[0].url", equalTo(CALLBACK))
                .body("notifications[1].deliveries[0].id", equalTo((int) failed))
                .body("notifications[1].deliveries[0].status", equalTo("FAILED"))
                .body("notifications[1].deliveries[0].attempts", equalTo(4))
                .body("notifications[1].deliveries[0].lastStatusCode", equalTo(503))
                .body("notifications[1].deliveries[0].lastError", equalTo("the callback answered 503"))
                .body("notifications[1].deliveries[0].nextAttemptDate", nullValue());
    }

    @Test
    void aNotificationIdFindsItsReceipt() {
        String receipt = rows.receipt(tenant.organizationId(), instanceId, "RECEIVED", 5);
        rows.notification(receipt, 1, 2);
        String second = rows.notification(receipt, 2, 2);

        tenant.platform().get(INSTANCES + "/" + instanceId + "/events/" + second).then().statusCode(200)
                .body("id", equalTo(receipt))
                .body("notifications", hasSize(2));
    }

    @Test
    void anotherInstancesOrOrganizationsReceiptIsNotFound() {
        String receipt = rows.receipt(tenant.organizationId(), instanceId, "RECEIVED", 5);
        String notification = rows.notification(receipt, 1, 1);
        long sibling = ((Number) newInstance(tenant).get("id")).longValue();
        long foreign = ((Number) newInstance(other).get("id")).longValue();

        tenant.platform().get(INSTANCES + "/" + sibling + "/events/" + receipt).then().statusCode(404)
                .contentType("application/problem+json");
        tenant.platform().get(INSTANCES + "/" + sibling + "/events/" + notification).then().statusCode(404);
        tenant.platform().get(INSTANCES + "/" + instanceId + "/events/rcp_unknown").then().statusCode(404);
        other.platform().get(INSTANCES + "/" + instanceId + "/events/" + receipt).then().statusCode(404);
        other.platform().get(INSTANCES + "/" + instanceId + "/events").then().statusCode(404);
        other.platform().get(INSTANCES + "/" + foreign + "/events/" + receipt).then().statusCode(404);
        other.platform().get(INSTANCES + "/" + foreign + "/events").then().statusCode(200).body("", empty());
    }

    @Test
    void aDeletedInstancesEventsAreNotFound() {
        rows.receipt(tenant.organizationId(), instanceId, "RECEIVED", 5);
        tenant.platform().delete(INSTANCES + "/" + instanceId).then().statusCode(200);
        events("").then().statusCode(404);
    }

    @Test
    void theElementTokenFormsShowThatInstancesEvents() {
        String mine = rows.receipt(tenant.organizationId(), instanceId, "RECEIVED", 5);
        String notification = rows.notification(mine, 1, 1);
        Map<String, Object> sibling = newInstance(tenant);
        long siblingId = ((Number) sibling.get("id")).longValue();
        String theirs = rows.receipt(tenant.organizationId(), siblingId, "REJECTED", 5);
        String elementOnly = tenant.elementAuthorization(instanceToken);

        given().header("Authorization", elementOnly).get(INSTANCES + "/events").then().statusCode(200)
                .body("id", contains(mine));
        given().header("Authorization", elementOnly).get(INSTANCES + "/events/" + mine).then().statusCode(200)
                .body("id", equalTo(mine));
        given().header("Authorization", elementOnly).get(INSTANCES + "/events/" + notification).then()
                .statusCode(200).body("id", equalTo(mine));
        given().header("Authorization", elementOnly).get(INSTANCES + "/events/" + theirs).then().statusCode(404);
        given().header("Authorization", elementOnly).get(INSTANCES + "/events?status=REJECTED").then()
                .statusCode(200).body("", empty());

        // The three-part header names the instance too; with platform credentials alone, Element-Instances does.
        given().header("Authorization", tenant.authorization(instanceToken)).get(INSTANCES + "/events").then()
                .statusCode(200).body("id", contains(mine));
        tenant.platform().header("Element-Instances", Long.toString(siblingId)).get(INSTANCES + "/events").then()
                .statusCode(200).body("id", contains(theirs));
        tenant.platform().get(INSTANCES + "/events").then().statusCode(400)
                .body("detail", containsString("Element-Instances"));
        other.platform().header("Element-Instances", Long.toString(instanceId)).get(INSTANCES + "/events").then()
                .statusCode(404);

        // The /instances/{id} forms take platform credentials only.
        given().header("Authorization", elementOnly).get(INSTANCES + "/" + instanceId + "/events").then()
                .statusCode(403);
        given().header("Authorization", elementOnly).get(INSTANCES + "/" + instanceId + "/deliveries").then()
                .statusCode(403);
    }
}
