package io.switchboard.history;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.OrderReceiver;
import io.switchboard.SwitchboardConfig;
import io.switchboard.TestTenant;

/**
 * A replay of 10,000 notifications does not starve the live deliveries of the same instance to the same callback
 * (API.md §7 "Replay"): a replay has at most its window under way, so with every replayed callback held unanswered
 * by the receiver (the worst case: a replay that takes all the time it can) live webhooks are still delivered, each
 * once, while none of the replay is done. The rates are measured by {@code bench/replay.sh}.
 */
@QuarkusTest
class ReplayVersusLiveTest {

    private static final int RECEIPTS = 1000;
    private static final int PAGES = 10;
    private static final int LIVE = 40;

    @Inject
    DataSource dataSource;
    @Inject
    SwitchboardConfig config;

    @Test
    void liveDeliveriesGoWhileAReplayOfTenThousandHasItsWindowInFlight() throws Exception {
        int window = config.delivery().replayWindow();
        TestTenant tenant = TestTenant.of(getClass());
        CountDownLatch release = new CountDownLatch(1);
        try (OrderReceiver receiver = new OrderReceiver(0)) {
            receiver.answer(arrival -> {
                if (arrival.replayId() != null) {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return 200;
            });
            // 60 s: a held callback does not time out (and come back as a retry) while the test looks
            long instanceId = ((Number) tenant.createInstance("""
                    {"element": {"key": "webhook"}, "name": "replay load",
                     "configuration": {"event.notification.enabled": "true",
                                       "event.notification.timeout": "60s",
                                       "event.notification.callback.url": "%s"}}""".formatted(receiver.url("/cb")))
                    .get("id")).longValue();
            store(tenant.organizationId(), instanceId);
            String replayId;
            try {
                replayId = tenant.platform()
                        .body("{\"from\": \"2000-01-01T00:00:00Z\", \"status\": [\"RECEIVED\"]}")
                        .post(TestTenant.BASE + "/instances/" + instanceId + "/events/replay").then().statusCode(202)
                        .body("notifications", equalTo(RECEIPTS * PAGES)).extract().path("id");
                await().atMost(Duration.ofSeconds(20)).until(() -> replayed(receiver) == window);

                List<String> sent = new ArrayList<>();
                for (int i = 0; i < LIVE; i++) {
                    String id = "live-" + i;
                    given().contentType(ContentType.JSON).body("{\"id\": \"" + id + "\"}")
                            .post(TestTenant.BASE + "/events/webhook/" + instanceId).then().statusCode(200);
                    sent.add(id);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> live(receiver).size() == LIVE);

                assertEquals(sent, live(receiver).stream().sorted(ReplayVersusLiveTest::bySuffix).toList(),
                        "every live webhook delivered once");
                assertEquals(window, replayed(receiver), "the replay kept to its window meanwhile");
                tenant.platform().get(TestTenant.BASE + "/instances/" + instanceId + "/events/replay/" + replayId)
                        .then().statusCode(200).body("status", equalTo("RUNNING")).body("delivered", equalTo(0))
                        .body("pending", equalTo(RECEIPTS * PAGES));
                tenant.platform().delete(TestTenant.BASE + "/instances/" + instanceId + "/events/replay/" + replayId)
                        .then().statusCode(200).body("status", equalTo("CANCELLED"));
            } finally {
                release.countDown();
            }
        }
    }

    private static int bySuffix(String a, String b) {
        return Integer.compare(Integer.parseInt(a.substring(a.indexOf('-') + 1)),
                Integer.parseInt(b.substring(b.indexOf('-') + 1)));
    }

    private static long replayed(OrderReceiver receiver) {
        return receiver.arrivals().stream().filter(a -> a.replayId() != null).count();
    }

    private static List<String> live(OrderReceiver receiver) {
        return receiver.arrivals().stream().filter(a -> a.replayId() == null).map(OrderReceiver.Arrival::rawId)
                .toList();
    }

    /** 1,000 stored receipts of 10 notifications (one event each), as ingest would have left them. */
    private void store(long organizationId, long instanceId) throws SQLException {
        String prefix = "rcp_load_" + instanceId + "_";
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO receipt (id, organization_id, instance_id, element_key, source, status, body_kind,
                                         body, event_count, notification_count, received_at)
                    SELECT ?::text || g, ?, ?, 'webhook', 'webhook', 'RECEIVED', 'json', '[{"id": "stored"}]', ?, ?,
                           now() - interval '1 hour' + g * interval '1 ms'
                    FROM generate_series(1, ?) g""")) {
                insert.setString(1, prefix);
                insert.setLong(2, organizationId);
                insert.setLong(3, instanceId);
                insert.setInt(4, PAGES);
                insert.setInt(5, PAGES);
                insert.setInt(6, RECEIPTS);
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO event (receipt_id, seq, event_type, object_type, object_id, event_date)
                    SELECT ?::text || g, p, 'UPDATED', 'objects', 'o' || p, now()
                    FROM generate_series(1, ?) g, generate_series(0, ? - 1) p""")) {
                insert.setString(1, prefix);
                insert.setInt(2, RECEIPTS);
                insert.setInt(3, PAGES);
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO notification (id, receipt_id, page, pages, first_event, last_event)
                    SELECT 'ntf_load_' || ?::text || '_' || g || '_' || p, ?::text || g, p, ?, p - 1, p - 1
                    FROM generate_series(1, ?) g, generate_series(1, ?) p""")) {
                insert.setLong(1, instanceId);
                insert.setString(2, prefix);
                insert.setInt(3, PAGES);
                insert.setInt(4, RECEIPTS);
                insert.setInt(5, PAGES);
                insert.executeUpdate();
            }
        }
    }
}
