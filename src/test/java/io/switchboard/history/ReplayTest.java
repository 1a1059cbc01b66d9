package io.switchboard.history;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.switchboard.OrderReceiver;
import io.switchboard.SwitchboardConfig;
import io.switchboard.TestDb;
import io.switchboard.TestTenant;

/** Replay (API.md §7): stored notifications sent again, in order, with their ids; progress and cancel. */
@QuarkusTest
class ReplayTest {

    @Inject
    DataSource dataSource;
    @Inject
    SwitchboardConfig config;

    TestTenant tenant;
    OrderReceiver live;
    OrderReceiver replayed;

    @BeforeEach
    void setUp() throws Exception {
        tenant = TestTenant.of(getClass());
        live = new OrderReceiver(0);
        replayed = new OrderReceiver(0);
    }

    @AfterEach
    void tearDown() {
        live.close();
        replayed.close();
    }

    /**
     * An instance with a 60 s callback timeout: a held callback (or a slow moment of this machine) does not time out
     * into a retry while the test looks.
     */
    long instance(String extra) {
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "replayed",
                 "configuration": {"event.notification.enabled": "true", "event.notification.timeout": "60s",
                                   "event.notification.callback.url": "%s"%s}}""".formatted(live.url("/cb"), extra));
        return ((Number) created.get("id")).longValue();
    }

    static void send(long instanceId, int objects, String deliveryId) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < objects; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\": \"o").append(i).append("\"}");
        }
        var request = given().contentType(ContentType.JSON).body(body.append("]").toString());
        if (deliveryId != null) {
            request.header("webhook-id", deliveryId);
        }
        request.post(TestTenant.BASE + "/events/webhook/" + instanceId).then().statusCode(200);
    }

    ValidatableResponse replay(long instanceId, String body) {
        return tenant.platform().body(body).post(TestTenant.BASE + "/instances/" + instanceId + "/events/replay")
                .then();
    }

    Map<String, Object> progress(long instanceId, String replayId) {
        return tenant.platform().get(TestTenant.BASE + "/instances/" + instanceId + "/events/replay/" + replayId)
                .then().statusCode(200).extract().as(Map.class);
    }

    static List<String> eventIds(OrderReceiver receiver) {
        return receiver.arrivals().stream().map(OrderReceiver.Arrival::eventId).toList();
    }

    @Test
    void storedNotificationsAreSentAgainWithTheirIdsTheReplayHeaderAndTargetReplay() {
        long instanceId = instance("");
        String from = Instant.now().minusSeconds(5).toString();
        send(instanceId, 25, "first");
        send(instanceId, 1, null);
        send(instanceId, 1, "first"); // a vendor retry: a DUPLICATE receipt, never replayed
        await().atMost(Duration.ofSeconds(10)).until(() -> live.count() == 3);

        String replayId = replay(instanceId, "{\"from\": \"" + from + "\", \"callbackUrl\": \"" + replayed.url("/again")
                + "\"}").statusCode(202).body("id", startsWith("rpl_")).body("status", equalTo("RUNNING"))
                .body("receipts", equalTo(2)).body("notifications", equalTo(3)).extract().path("id");

        await().atMost(Duration.ofSeconds(10)).until(() -> replayed.count() == 3);
        assertEquals(Set.copyOf(eventIds(live)), Set.copyOf(eventIds(replayed)), "the original eventIds");
        assertEquals(Set.of(replayId), replayed.arrivals().stream().map(OrderReceiver.Arrival::replayId)
                .collect(Collectors.toSet()));
        assertEquals(Set.of(""), live.arrivals().stream().map(a -> a.replayId() == null ? "" : a.replayId())
                .collect(Collectors.toSet()), "live deliveries carry no replay header");
        await().atMost(Duration.ofSeconds(5)).until(() -> "DONE".equals(progress(instanceId, replayId).get("status")));
        assertEquals(Map.of("id", replayId, "status", "DONE", "notifications", 3, "delivered", 3, "failed", 0,
                "pending", 0), progress(instanceId, replayId));
        tenant.platform().get(TestTenant.BASE + "/instances/" + instanceId + "/deliveries").then().statusCode(200)
                .body("target", hasItem("replay"));
        // created in receipt then page order
        List<List<String>> order = TestDb.rows(dataSource, """
                SELECT n.receipt_id, n.page FROM delivery d JOIN notification n ON n.id = d.notification_id
                WHERE d.lane = ? ORDER BY d.id""", replayId);
        assertEquals("1", order.get(0).get(1));
        assertEquals("2", order.get(1).get(1));
        assertEquals(order.get(0).get(0), order.get(1).get(0));
    }

    @Test
    void anOrderedInstanceIsReplayedOneAtATimeInOrder() {
        long instanceId = instance(", \"event.notification.ordered\": \"true\"");
        String from = Instant.now().minusSeconds(5).toString();
        send(instanceId, 45, null);
        send(instanceId, 1, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.count() == 4);
        replayed.holdMillis(30);
        replay(instanceId, "{\"from\": \"" + from + "\", \"callbackUrl\": \"" + replayed.url("/again") + "\"}")
                .statusCode(202).body("notifications", equalTo(4));
        await().atMost(Duration.ofSeconds(10)).until(() -> replayed.count() == 4);
        assertEquals(eventIds(live), eventIds(replayed));
        assertEquals(1, replayed.maxInFlight());
    }

    @Test
    void cancelStopsWhatIsNotSentYet() {
        int window = config.delivery().replayWindow();
        assertTrue(window < 30, "the test needs a window smaller than its 30 notifications, was " + window);
        long instanceId = instance("");
        String from = Instant.now().minusSeconds(5).toString();
        send(instanceId, 600, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.count() == 30);
        CountDownLatch release = new CountDownLatch(1);
        replayed.answer(arrival -> {
            try {
                release.await(60, TimeUnit.SECONDS); // every replayed callback waits for the test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        String replayId;
        try {
            replayId = replay(instanceId, "{\"from\": \"" + from + "\", \"callbackUrl\": \""
                    + replayed.url("/held") + "\"}").statusCode(202).body("notifications", equalTo(30))
                    .extract().path("id");
            // the window's worth is sent and held; the rest is provably not sent: not even due
            await().atMost(Duration.ofSeconds(10)).until(() -> replayed.count() == window);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> replayed.count() == window);
            assertEquals(String.valueOf(30 - window), TestDb.value(dataSource, """
                    SELECT count(*) FROM delivery WHERE lane = ? AND status = 'PENDING' AND next_attempt_at IS NULL""",
                    replayId));
            tenant.platform().delete(TestTenant.BASE + "/instances/" + instanceId + "/events/replay/" + replayId)
                    .then().statusCode(200).body("status", equalTo("CANCELLED")).body("pending", equalTo(0));
        } finally {
            release.countDown();
        }
        // the held ones get their answers; nothing more of the replay goes out
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> replayed.count() == window);
        assertEquals(window, Set.copyOf(eventIds(replayed)).size(), "each in flight once");
        assertEquals(List.of(List.of("CANCELLED", "30")), TestDb.rows(dataSource,
                "SELECT status, count(*) FROM delivery WHERE lane = ? GROUP BY status", replayId));
        assertEquals("CANCELLED", progress(instanceId, replayId).get("status"));
    }

    @Test
    void badRequestsNameTheField() {
        long instanceId = instance("");
        replay(instanceId, "{}").statusCode(400).body("errors.field", hasItem("from"));
        replay(instanceId, "{\"from\": \"yesterday\"}").statusCode(400).body("errors.field", hasItem("from"));
        replay(instanceId, "{\"from\": \"2026-01-01T00:00:00Z\", \"callbackUrl\": \"ftp://example.com/x\"}")
                .statusCode(400).body("errors.field", hasItem("callbackUrl"));
        replay(instanceId, "{\"from\": \"2026-01-01T00:00:00Z\", \"status\": [\"REJECTED\"]}")
                .statusCode(400).body("errors.field", hasItem("status"));
        replay(instanceId, "{\"from\": \"2026-01-01T00:00:00Z\", \"to\": \"2025-01-01T00:00:00Z\"}")
                .statusCode(400).body("errors.field", hasItem("to"));
        long noCallback = ((Number) tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "pull only",
                 "configuration": {"event.notification.enabled": "true"}}""").get("id")).longValue();
        replay(noCallback, "{\"from\": \"2026-01-01T00:00:00Z\"}").statusCode(400)
                .body("errors.field", hasItem("callbackUrl"));
    }

    @Test
    void anotherOrganizationsInstanceIsNotFound() {
        long instanceId = instance("");
        String replayId = replay(instanceId, "{\"from\": \"2026-01-01T00:00:00Z\"}").statusCode(202)
                .extract().path("id");
        TestTenant other = TestTenant.of(getClass(), "other");
        other.platform().body("{\"from\": \"2026-01-01T00:00:00Z\"}")
                .post(TestTenant.BASE + "/instances/" + instanceId + "/events/replay").then().statusCode(404);
        other.platform().get(TestTenant.BASE + "/instances/" + instanceId + "/events/replay/" + replayId)
                .then().statusCode(404);
        other.platform().delete(TestTenant.BASE + "/instances/" + instanceId + "/events/replay/" + replayId)
                .then().statusCode(404);
        tenant.platform().get(TestTenant.BASE + "/instances/" + instanceId + "/events/replay/rpl_nope")
                .then().statusCode(404);
    }
}
