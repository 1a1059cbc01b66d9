package io.switchboard.delivery;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.OrderReceiver;
import io.switchboard.TestDb;
import io.switchboard.TestTenant;

/**
 * {@code event.notification.ordered=true} (API.md §7): one notification at a time, receipts in acceptance order and
 * pages in page order; a failing head is retried and holds the rest; when it ends the next goes (test retry
 * schedule 200ms,400ms,800ms).
 */
@QuarkusTest
class OrderedDeliveryTest {

    @Inject
    DataSource dataSource;

    TestTenant tenant;
    OrderReceiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        tenant = TestTenant.of(getClass());
        receiver = new OrderReceiver(20);
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    long orderedInstance(String ordered) {
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "ordered",
                 "configuration": {"event.notification.enabled": "true",
                                   "event.notification.callback.url": "%s",
                                   "event.notification.ordered": "%s"}}""".formatted(receiver.url("/cb"), ordered));
        return ((Number) created.get("id")).longValue();
    }

    /** Sends receipts one after the other; returns the notifications expected, as receiptId#page, in order. */
    static List<String> send(long instanceId, int... objectCounts) {
        List<String> expected = new ArrayList<>();
        for (int objects : objectCounts) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < objects; i++) {
                body.append(i == 0 ? "" : ",").append("{\"id\": \"o").append(i).append("\"}");
            }
            String receiptId = given().contentType(ContentType.JSON).body(body.append("]").toString())
                    .post(TestTenant.BASE + "/events/webhook/" + instanceId).then().statusCode(200)
                    .extract().path("id");
            for (int page = 1; page <= (objects + 19) / 20; page++) {
                expected.add(receiptId + "#" + page);
            }
        }
        return expected;
    }

    /** What arrived, as receiptId#page, each notification once (its first arrival), in arrival order. */
    List<String> firstArrivals() {
        return receiver.arrivals().stream().map(a -> a.receiptId() + "#" + a.page()).distinct().toList();
    }

    List<String> allArrivals() {
        return receiver.arrivals().stream().map(a -> a.receiptId() + "#" + a.page()).toList();
    }

    @Test
    void aFailingHeadIsRetriedAndHoldsTheRestWhichFollowInOrder() {
        long instanceId = orderedInstance("true");
        AtomicInteger answered = new AtomicInteger();
        receiver.answer(arrival -> answered.incrementAndGet() <= 2 ? 503 : 200);
        List<String> expected = send(instanceId, 25, 1, 3, 1, 1, 1);

        await().atMost(Duration.ofSeconds(20)).until(() -> firstArrivals().size() == expected.size());
        assertEquals(expected, firstArrivals(), "acceptance order, then page order");
        List<String> all = allArrivals();
        assertEquals(List.of(expected.get(0), expected.get(0), expected.get(0)), all.subList(0, 3),
                "the head is tried three times before anything behind it");
        assertEquals(expected.size() + 2, all.size(), "nothing else sent twice");
        assertEquals(1, receiver.maxInFlight(), "one notification at a time");
    }

    @Test
    void aHeadThatFailsForGoodReleasesTheNext() {
        long instanceId = orderedInstance("true");
        List<String> expected = new ArrayList<>();
        String[] head = new String[1];
        receiver.answer(arrival -> {
            if (head[0] == null) {
                head[0] = arrival.receiptId();
            }
            return arrival.receiptId().equals(head[0]) ? 500 : 200;
        });
        expected.addAll(send(instanceId, 1, 1, 1));

        await().atMost(Duration.ofSeconds(20)).until(() -> firstArrivals().size() == expected.size());
        List<String> all = allArrivals();
        // 1 + 3 retries of the head, then the others once each, in order
        assertEquals(List.of(expected.get(0), expected.get(0), expected.get(0), expected.get(0), expected.get(1),
                expected.get(2)), all);
        assertEquals("FAILED", TestDb.value(dataSource,
                "SELECT status FROM delivery WHERE instance_id = ? ORDER BY id LIMIT 1", instanceId));
        assertEquals(1, receiver.maxInFlight());
    }

    @Test
    void aCancelledHeadReleasesTheNext() {
        long instanceId = orderedInstance("true");
        receiver.answer(arrival -> 500);
        List<String> expected = send(instanceId, 1, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() >= 1);
        receiver.answer(arrival -> 200);
        // Cancelled by something other than the workers: the lane sweep (1 s in tests) lets the next go.
        TestDb.rows(dataSource, """
                UPDATE delivery SET status = 'CANCELLED', next_attempt_at = NULL
                WHERE id = (SELECT min(id) FROM delivery WHERE instance_id = ?) RETURNING id""", instanceId);
        await().atMost(Duration.ofSeconds(10)).until(() -> firstArrivals().contains(expected.get(1)));
        assertEquals(expected, firstArrivals());
    }

    @Test
    void unorderedDeliveriesStillGoManyAtOnce() {
        long instanceId = orderedInstance("false");
        receiver.holdMillis(300);
        List<String> expected = send(instanceId, 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> firstArrivals().size() == expected.size());
        assertTrue(receiver.maxInFlight() > 1, "five pages in flight at once, was " + receiver.maxInFlight());
    }

    @Test
    void aBadOrderedValueIsA400NamingTheKey() {
        tenant.platform().contentType(ContentType.JSON).body("""
                {"element": {"key": "webhook"}, "name": "bad",
                 "configuration": {"event.notification.ordered": "sometimes"}}""")
                .post(TestTenant.BASE + "/instances").then().statusCode(400)
                .body("errors.field", hasItem("event.notification.ordered"));
    }
}
