package io.switchboard.history;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.OrderReceiver;
import io.switchboard.TestTenant;

/**
 * A replay of 10,000 notifications does not starve the live deliveries of the same instance to the same callback
 * (API.md §7 "Replay"): while it runs, webhooks sent at a steady pace are all delivered while most of the replay is
 * still to go. Prints both rates and the live latency, with and without the replay, as a {@code [figures]} line
 * (this machine is shared: compare the two, not the figures across runs).
 */
@QuarkusTest
class ReplayVersusLiveTest {

    private static final int RECEIPTS = 1000;
    private static final int PAGES = 10;
    private static final int LIVE_PER_SECOND = 50;
    /** How long live webhooks are sent while the replay runs; then the replay is cancelled. */
    private static final long MEASURE_NANOS = 10_000_000_000L;
    private static final long BASELINE_NANOS = 5_000_000_000L;

    @Inject
    DataSource dataSource;

    @Test
    void liveDeliveriesKeepTheirPaceDuringAReplayOfTenThousand() throws Exception {
        TestTenant tenant = TestTenant.of(getClass());
        try (OrderReceiver receiver = new OrderReceiver(0)) {
            long instanceId = ((Number) tenant.createInstance("""
                    {"element": {"key": "webhook"}, "name": "replay load",
                     "configuration": {"event.notification.enabled": "true",
                                       "event.notification.callback.url": "%s"}}""".formatted(receiver.url("/cb")))
                    .get("id")).longValue();
            store(tenant.organizationId(), instanceId);

            URI webhook = URI.create("http://localhost:" + RestAssured.port + TestTenant.BASE + "/events/webhook/"
                    + instanceId);
            Map<String, Long> sent = new ConcurrentHashMap<>();
            // the same live load first without a replay: what this (shared, busy) machine gives anyway
            int baseline = sendLive(webhook, "base-", BASELINE_NANOS, sent, () -> false);
            await().atMost(Duration.ofSeconds(30)).until(() -> arrived(receiver, "base-") >= baseline);
            List<Long> before = latencies(receiver, sent, "base-");

            String replayId = tenant.platform().body("{\"from\": \"2000-01-01T00:00:00Z\", \"status\": [\"RECEIVED\"]}")
                    .post(TestTenant.BASE + "/instances/" + instanceId + "/events/replay").then().statusCode(202)
                    .extract().path("id");
            long started = System.nanoTime();
            int liveSent = sendLive(webhook, "live-", MEASURE_NANOS, sent,
                    () -> replayedCount(receiver) >= RECEIPTS * PAGES);
            double seconds = (System.nanoTime() - started) / 1e9;
            long replayedDuring = replayedCount(receiver);
            await().atMost(Duration.ofSeconds(30)).until(() -> arrived(receiver, "live-") >= liveSent);
            Map<String, Object> progress = tenant.platform()
                    .get(TestTenant.BASE + "/instances/" + instanceId + "/events/replay/" + replayId).then()
                    .statusCode(200).extract().as(Map.class);
            List<Long> during = latencies(receiver, sent, "live-");
            System.out.printf("[figures] replay of %d notifications, first %.1f s: %d replayed (%.0f/s); live webhooks "
                    + "to the same instance and callback meanwhile: %d sent at %d/s, %.0f/s delivered, POST -> callback "
                    + "p50 %d ms, p99 %d ms, max %d ms; the same live load without a replay just before: p50 %d ms, "
                    + "p99 %d ms, max %d ms; load average %s%n", RECEIPTS * PAGES, seconds, replayedDuring,
                    replayedDuring / seconds, liveSent, LIVE_PER_SECOND, during.size() / seconds, percentile(during, 50),
                    percentile(during, 99), percentile(during, 100), percentile(before, 50), percentile(before, 99),
                    percentile(before, 100), loadAverage());

            assertEquals(liveSent, during.size(), "every live webhook delivered once");
            assertTrue(replayedDuring > 0, "the replay ran meanwhile");
            // Starved, live deliveries would wait for the replay's 10,000 to go first. Every one of them arrived
            // while most of the replay was still to go.
            assertTrue((int) progress.get("pending") > RECEIPTS * PAGES / 2, "replay progress " + progress);
            tenant.platform().delete(TestTenant.BASE + "/instances/" + instanceId + "/events/replay/" + replayId)
                    .then().statusCode(200);
        }
    }

    /** Open loop: webhook n leaves at start + n / rate, whatever the answers before it; returns how many left. */
    private static int sendLive(URI webhook, String prefix, long nanos, Map<String, Long> sent,
            java.util.function.BooleanSupplier done) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
        long started = System.nanoTime();
        int count = 0;
        while (!done.getAsBoolean() && System.nanoTime() - started < nanos) {
            String id = prefix + count++;
            sent.put(id, System.nanoTime());
            answers.add(client.sendAsync(HttpRequest.newBuilder(webhook).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + id + "\"}")).build(),
                    HttpResponse.BodyHandlers.discarding()));
            long wait = (started + (long) (count * 1e9 / LIVE_PER_SECOND) - System.nanoTime()) / 1_000_000;
            if (wait > 0) {
                Thread.sleep(wait);
            }
        }
        for (CompletableFuture<HttpResponse<Void>> answer : answers) {
            assertEquals(200, answer.get(30, TimeUnit.SECONDS).statusCode());
        }
        return count;
    }

    /** POST -> callback of each live webhook whose id starts with the prefix, in ms, sorted. */
    private static List<Long> latencies(OrderReceiver receiver, Map<String, Long> sent, String prefix) {
        List<Long> millis = new ArrayList<>();
        for (OrderReceiver.Arrival arrival : receiver.arrivals()) {
            if (arrival.replayId() == null && arrival.rawId().startsWith(prefix)) {
                millis.add((arrival.nanos() - sent.get(arrival.rawId())) / 1_000_000);
            }
        }
        millis.sort(null);
        return millis;
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }

    private static long arrived(OrderReceiver receiver, String prefix) {
        return receiver.arrivals().stream().filter(a -> a.replayId() == null && a.rawId().startsWith(prefix)).count();
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static long replayedCount(OrderReceiver receiver) {
        return receiver.arrivals().stream().filter(a -> a.replayId() != null).count();
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
