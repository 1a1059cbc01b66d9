package io.switchboard.store;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.http.ContentType;
import io.switchboard.HubProcess;
import io.switchboard.OrderReceiver;

/**
 * Ordered delivery on packaged hubs (API.md §7 {@code event.notification.ordered}): two nodes delivering from one
 * database never send two notifications of an ordered instance at once, and a kill -9 while the head is in flight
 * can repeat the head but never reorder.
 */
class OrderedDeliveryIT {

    private static final String AUTH = "User ord-user, Organization ord-org";

    @TempDir
    Path work;

    private static Map<String, String> properties() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> properties = new HashMap<>(Map.of(
                "switchboard.delivery.allow-private-targets", "true",
                "switchboard.delivery.retry-schedule", "200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms",
                "switchboard.delivery.timeout", "2s",
                "switchboard.secrets.key", Base64.getEncoder().encodeToString(key),
                "switchboard.admin.key", "ord-admin",
                "switchboard.bootstrap.organization-secret", "ord-org",
                "switchboard.bootstrap.user-secret", "ord-user"));
        return properties;
    }

    private static long orderedInstance(HubProcess hub, String callbackUrl) {
        return ((Number) given().header("Authorization", AUTH).contentType(ContentType.JSON).body("""
                {"element": {"key": "webhook"}, "name": "ordered",
                 "configuration": {"event.notification.enabled": "true",
                                   "event.notification.callback.url": "%s",
                                   "event.notification.ordered": "true"}}""".formatted(callbackUrl))
                .post(hub.url("/elements/api-v2/instances")).then().statusCode(200).extract().path("id")).longValue();
    }

    private static void send(HubProcess hub, long instanceId, String id) {
        given().contentType(ContentType.JSON).body("{\"id\": \"" + id + "\"}")
                .post(hub.url("/elements/api-v2/events/webhook/" + instanceId)).then().statusCode(200);
    }

    private static List<String> firstArrivals(OrderReceiver receiver) {
        return receiver.arrivals().stream().map(OrderReceiver.Arrival::rawId).distinct().toList();
    }

    private static void awaitArrivals(OrderReceiver receiver, int count, Duration timeout) {
        await().atMost(timeout).until(() -> firstArrivals(receiver).size() >= count);
    }

    /** Callbacks this node delivered, from its metrics. */
    private static String delivered(HubProcess hub) {
        String metrics = given().get(hub.url("/q/metrics")).then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("switchboard_deliveries_total{")
                && line.contains("outcome=\"delivered\"")).map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .findFirst().orElse("0");
    }

    @Test
    void twoDeliveringNodesSendAnOrderedInstancesNotificationsOneAtATimeInOrder() throws Exception {
        try (OrderReceiver receiver = new OrderReceiver(30)) {
            // every fifth notification fails its first attempt: its retry holds the rest, on whichever node
            Set<String> failedOnce = ConcurrentHashMap.newKeySet();
            receiver.answer(arrival -> arrival.rawId().hashCode() % 5 == 0 && failedOnce.add(arrival.rawId()) ? 503
                    : 200);
            Map<String, String> shared = properties();
            try (HubProcess a = HubProcess.start(work.resolve("a"), HubProcess.freePort(), shared)) {
                a.awaitReady(Duration.ofSeconds(120));
                Map<String, String> onAsDatabase = new HashMap<>(shared);
                onAsDatabase.put("quarkus.datasource.jdbc.url",
                        "jdbc:postgresql://127.0.0.1:" + a.databasePort() + "/postgres");
                onAsDatabase.put("quarkus.datasource.username", "postgres");
                try (HubProcess b = HubProcess.start(work.resolve("b"), HubProcess.freePort(), onAsDatabase)) {
                    b.awaitReady(Duration.ofSeconds(120));
                    long instanceId = orderedInstance(b, receiver.url("/cb"));
                    List<String> sent = new ArrayList<>();
                    for (int i = 0; i < 40; i++) {
                        String id = "w" + i;
                        send(i % 2 == 0 ? a : b, instanceId, id);
                        sent.add(id);
                    }
                    awaitArrivals(receiver, sent.size(), Duration.ofSeconds(60));
                    System.out.printf("[figures] two delivering nodes, one ordered instance: %d webhooks, %d "
                            + "callback requests (%d failed once), at most %d in flight; delivered by node a %s, "
                            + "by node b %s%n", sent.size(), receiver.count(), failedOnce.size(),
                            receiver.maxInFlight(), delivered(a), delivered(b));
                    assertEquals(sent, firstArrivals(receiver), "acceptance order across both nodes");
                    assertEquals(1, receiver.maxInFlight(), "never two at once");
                    assertTrue(failedOnce.size() > 0);
                    b.stop();
                }
                a.stop();
            }
        }
    }

    @Test
    void aKillWhileTheHeadIsInFlightRepeatsTheHeadButNeverReorders() throws Exception {
        Path dataDir = work.resolve("data");
        int port = HubProcess.freePort();
        Map<String, String> properties = properties();
        CountDownLatch headArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean killed = new AtomicBoolean();
        try (OrderReceiver receiver = new OrderReceiver(0)) {
            receiver.answer(arrival -> {
                if (arrival.rawId().equals("w3") && !killed.get()) {
                    headArrived.countDown();
                    try {
                        // The head stays in flight until the hub is killed; should the hub time it out first and
                        // try again, that attempt is held too: the head is never answered before the kill.
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return 200;
            });
            List<String> sent = new ArrayList<>();
            try (HubProcess hub = HubProcess.start(dataDir, port, properties)) {
                hub.awaitReady(Duration.ofSeconds(120));
                long instanceId = orderedInstance(hub, receiver.url("/cb"));
                for (int i = 0; i < 10; i++) {
                    send(hub, instanceId, "w" + i);
                    sent.add("w" + i);
                }
                assertTrue(headArrived.await(30, TimeUnit.SECONDS), "w3 went out");
                hub.kill();
                killed.set(true);
            }
            release.countDown();
            assertEquals(List.of("w0", "w1", "w2", "w3"), firstArrivals(receiver));
            int beforeRestart = receiver.count();
            try (HubProcess hub = HubProcess.start(dataDir, port, properties)) {
                hub.awaitReady(Duration.ofSeconds(120));
                // w3's claim lapses (timeout + 15 s) and it goes again, then the rest
                awaitArrivals(receiver, sent.size(), Duration.ofSeconds(60));
                hub.stop();
            }
            List<String> all = receiver.arrivals().stream().map(OrderReceiver.Arrival::rawId).toList();
            System.out.println("[figures] ordered delivery across a kill -9 with the head in flight: " + all);
            assertEquals(sent, firstArrivals(receiver), "no reordering");
            assertEquals(List.of("w0", "w1", "w2"), all.subList(0, 3));
            assertEquals("w3", all.get(beforeRestart), "after the restart the head goes first, again");
            assertTrue(all.subList(3, beforeRestart + 1).stream().allMatch("w3"::equals),
                    "nothing behind the head before it is delivered: " + all);
            assertEquals(all.subList(beforeRestart + 1, all.size()), sent.subList(4, sent.size()),
                    "then the rest, each once");
        }
    }
}
