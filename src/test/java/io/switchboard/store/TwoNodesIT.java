package io.switchboard.store;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.restassured.http.ContentType;
import io.switchboard.HubProcess;

/**
 * Two nodes share one database (DESIGN.md "Several nodes"): node A only ingests (its delivery workers are off),
 * node B ingests and delivers. Webhooks posted to either node are all delivered, each exactly once, and those A
 * took reach B's workers through {@code LISTEN/NOTIFY}: B looks at an idle queue only every ten minutes here, so
 * nothing but the signal can bring them to it within the test. (The latency of both ways is printed, not asserted:
 * speed is measured in bench/.)
 */
class TwoNodesIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String AUTH = "User two-user, Organization two-org";
    private static final int PER_NODE = 150;

    @TempDir
    Path work;

    @Test
    void webhooksTakenByEitherNodeAreDeliveredOnceAndAtOnce() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> shared = Map.of(
                "switchboard.delivery.allow-private-targets", "true",
                "switchboard.secrets.key", Base64.getEncoder().encodeToString(key),
                "switchboard.admin.key", "two-admin",
                "switchboard.bootstrap.organization-secret", "two-org",
                "switchboard.bootstrap.user-secret", "two-user");
        Map<String, String> ingestOnly = new HashMap<>(shared);
        ingestOnly.put("switchboard.delivery.workers-enabled", "false");

        Map<String, Long> arrivedNanos = new ConcurrentHashMap<>();
        Set<String> notificationIds = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        int callbackPort = HubProcess.freePort();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", callbackPort), 128);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/cb", exchange -> {
            long now = System.nanoTime();
            JsonNode message = MAPPER.readTree(exchange.getRequestBody().readAllBytes()).path("message");
            if (!notificationIds.add(exchange.getRequestHeaders().getFirst("Elements-Webhook-Id"))) {
                duplicates.incrementAndGet();
            }
            arrivedNanos.putIfAbsent(message.path("raw").path("id").asText(), now);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();

        try (HubProcess a = HubProcess.start(work.resolve("a"), HubProcess.freePort(), ingestOnly)) {
            a.awaitReady(Duration.ofSeconds(120));
            Map<String, String> onAsDatabase = new HashMap<>(shared);
            onAsDatabase.put("quarkus.datasource.jdbc.url",
                    "jdbc:postgresql://127.0.0.1:" + a.databasePort() + "/postgres");
            onAsDatabase.put("quarkus.datasource.username", "postgres");
            onAsDatabase.put("switchboard.delivery.idle-look", "10m");
            try (HubProcess b = HubProcess.start(work.resolve("b"), HubProcess.freePort(), onAsDatabase)) {
                b.awaitReady(Duration.ofSeconds(120));
                long instanceId = ((Number) given().header("Authorization", AUTH).contentType(ContentType.JSON)
                        .body("""
                                {"element": {"key": "webhook"}, "name": "two nodes",
                                 "configuration": {"event.notification.enabled": "true",
                                                   "event.notification.callback.url": "http://127.0.0.1:%d/cb"}}"""
                                .formatted(callbackPort))
                        .post(b.url("/elements/api-v2/instances")).then().statusCode(200).extract().path("id"))
                        .longValue();
                // B's dispatcher settles into its (ten-minute) idle wait on the empty queue.

                Map<String, Long> sentNanos = new ConcurrentHashMap<>();
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                ExecutorService senders = Executors.newFixedThreadPool(4);
                List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
                for (HubProcess node : List.of(a, b)) {
                    String prefix = node == a ? "a" : "b";
                    for (int i = 0; i < PER_NODE; i++) {
                        String id = prefix + i;
                        senders.execute(() -> {
                            try {
                                // spread over ~3 s, so that many of A's webhooks find B idle
                                Thread.sleep(20);
                                sentNanos.put(id, System.nanoTime());
                                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(
                                        node.url("/elements/api-v2/events/webhook/" + instanceId)))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + id + "\"}"))
                                        .build(), HttpResponse.BodyHandlers.ofString());
                                if (response.statusCode() != 200) {
                                    failures.add(id + ": " + response.statusCode() + " " + response.body());
                                }
                            } catch (Exception e) {
                                failures.add(id + ": " + e);
                            }
                        });
                    }
                }
                senders.shutdown();
                assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));
                assertEquals(List.of(), failures);

                await().atMost(Duration.ofSeconds(60)).until(() -> arrivedNanos.size() == 2 * PER_NODE);
                // a duplicate would come now
                await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                        .until(() -> duplicates.get() == 0 && arrivedNanos.size() == 2 * PER_NODE);
                assertEquals(2 * PER_NODE, arrivedNanos.size(), "every webhook's callback arrived");
                assertEquals(0, duplicates.get(), "no notification was delivered twice");
                long medianViaA = median(sentNanos, arrivedNanos, "a");
                long medianViaB = median(sentNanos, arrivedNanos, "b");
                System.out.printf("[figures] two nodes: %d webhooks to ingest-only node A and %d to node B, all "
                        + "delivered once by B; median POST -> callback %d ms via A (LISTEN/NOTIFY), %d ms via B%n",
                        PER_NODE, PER_NODE, medianViaA, medianViaB);
                b.stop();
            }
            a.stop();
        } finally {
            receiver.stop(0);
        }
    }

    private static long median(Map<String, Long> sent, Map<String, Long> arrived, String prefix) {
        List<Long> millis = new ArrayList<>();
        sent.forEach((id, at) -> {
            if (id.startsWith(prefix) && arrived.containsKey(id)) {
                millis.add((arrived.get(id) - at) / 1_000_000);
            }
        });
        millis.sort(null);
        return millis.get(millis.size() / 2);
    }
}
