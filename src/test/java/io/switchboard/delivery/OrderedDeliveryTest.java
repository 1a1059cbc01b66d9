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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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

    /** 60 s: a slow moment of this machine does not time a callback out into a retry the test did not expect. */
    long orderedInstance(String ordered) {
        return orderedInstance(ordered, ", \"event.notification.timeout\": \"60s\"");
    }

    /** {@code extra}: more configuration, e.g. {@code , "event.notification.timeout": "60s"}. */
    long orderedInstance(String ordered, String extra) {
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "ordered",
                 "configuration": {"event.notification.enabled": "true",
                                   "event.notification.callback.url": "%s",
                                   "event.notification.ordered": "%s"%s}}"""
                .formatted(receiver.url("/cb"), ordered, extra));
        return ((Number) created.get("id")).longValue();
    }

    /** Every request is held unanswered until the latch returned opens (the test opens it in a finally). */
    CountDownLatch holdEveryRequest() {
        CountDownLatch release = new CountDownLatch(1);
        receiver.answer(arrival -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        return release;
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
    void nothingBehindTheHeadIsSentWhileTheHeadIsInFlight() {
        long instanceId = orderedInstance("true"); // its 60 s timeout: the held head does not come back as a retry
        CountDownLatch release = holdEveryRequest();
        List<String> expected;
        try {
            expected = send(instanceId, 1, 1, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> receiver.count() == 1);
            assertEquals(List.of(expected.get(0)), allArrivals(), "the head, held; the others wait");
            assertEquals("2", TestDb.value(dataSource, """
                    SELECT count(*) FROM delivery
                    WHERE instance_id = ? AND status = 'PENDING' AND next_attempt_at IS NULL""", instanceId),
                    "the two behind it are not even due");
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() == expected.size());
        assertEquals(expected, allArrivals());
        assertEquals(1, receiver.maxInFlight());
    }

    @Test
    void aHeadThatFailsForGoodReleasesTheNext() {
        long instanceId = orderedInstance("true");
        List<String> expected = new ArrayList<>();
        AtomicReference<String> head = new AtomicReference<>();
        receiver.answer(arrival -> {
            head.compareAndSet(null, arrival.receiptId());
            return arrival.receiptId().equals(head.get()) ? 500 : 200;
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
        // the head fails once and waits an hour for its retry: it holds the next until it is cancelled
        long instanceId = orderedInstance("true", ", \"event.notification.retry.schedule\": \"1h\"");
        receiver.answer(arrival -> 500);
        List<String> expected = send(instanceId, 1, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(TestDb.value(dataSource,
                "SELECT count(*) FROM delivery WHERE instance_id = ? AND attempts = 1", instanceId)));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> receiver.count() == 1);
        receiver.answer(arrival -> 200);
        // Cancelled by something other than the workers: the lane sweep (1 s in tests) lets the next go.
        TestDb.rows(dataSource, """
                UPDATE delivery SET status = 'CANCELLED', next_attempt_at = NULL
                WHERE id = (SELECT min(id) FROM delivery WHERE instance_id = ?) RETURNING id""", instanceId);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() == 2);
        assertEquals(expected, allArrivals(), "the head once, then the next");
    }

    @Test
    void unorderedDeliveriesStillGoManyAtOnce() {
        long instanceId = orderedInstance("false", ", \"event.notification.timeout\": \"60s\"");
        CountDownLatch release = holdEveryRequest();
        try {
            List<String> expected = send(instanceId, 100);
            // no answer is given until all five pages have arrived: they are in flight at once
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.count() == expected.size());
            assertEquals(expected.size(), receiver.maxInFlight());
        } finally {
            release.countDown();
        }
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
