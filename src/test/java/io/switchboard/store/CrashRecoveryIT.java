package io.switchboard.store;

import org.awaitility.core.ConditionTimeoutException;
import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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
 * Nothing accepted is lost: with the callback down, webhooks are accepted while the hub is killed with SIGKILL
 * mid-stream; after a restart on the same data dir and with the callback up, every receipt that got a 2xx
 * arrives.
 */
class CrashRecoveryIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, String> PROPERTIES = Map.of(
            "switchboard.delivery.allow-private-targets", "true",
            "switchboard.delivery.retry-schedule", "300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,"
                    + "300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
            "switchboard.bootstrap.organization-secret", "crash-org",
            "switchboard.bootstrap.user-secret", "crash-user",
            "switchboard.admin.key", "crash-admin");
    private static final String AUTH = "User crash-user, Organization crash-org";

    @TempDir
    Path work;

    @Test
    void everyAcceptedReceiptIsDeliveredAfterSigkill() throws Exception {
        Path dataDir = work.resolve("data");
        int hubPort = HubProcess.freePort();
        int callbackPort = HubProcess.freePort();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        long instanceId;

        try (HubProcess hub = HubProcess.start(dataDir, hubPort, PROPERTIES)) {
            hub.awaitReady(Duration.ofSeconds(120));
            instanceId = ((Number) given().header("Authorization", AUTH).contentType(ContentType.JSON).body("""
                    {"element": {"key": "webhook"}, "name": "crash",
                     "configuration": {"event.notification.enabled": "true",
                                       "event.notification.callback.url": "http://127.0.0.1:%d/cb"}}"""
                    .formatted(callbackPort)).post(hub.url("/elements/api-v2/instances"))
                    .then().statusCode(200).extract().path("id")).longValue();

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            ExecutorService senders = Executors.newFixedThreadPool(16);
            AtomicInteger sent = new AtomicInteger();
            for (int thread = 0; thread < 16; thread++) {
                senders.execute(() -> {
                    while (sent.get() < 5000) {
                        int n = sent.incrementAndGet();
                        try {
                            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                    URI.create(hub.url("/elements/api-v2/events/webhook/" + instanceId)))
                                    .header("Content-Type", "application/json")
                                    .timeout(Duration.ofSeconds(5))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"o" + n + "\"}")).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                accepted.add(MAPPER.readTree(response.body()).path("id").asText());
                            }
                        } catch (IOException | InterruptedException e) {
                            refused.incrementAndGet();
                            return; // the hub is gone
                        }
                    }
                });
            }
            // Kill it mid-stream, while requests are in flight.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .alias("300 webhooks accepted before the kill").until(() -> accepted.size() >= 300);
            hub.kill();
            senders.shutdown();
            assertTrue(senders.awaitTermination(30, TimeUnit.SECONDS));
        }
        int acceptedBeforeKill = accepted.size();

        Set<String> arrived = ConcurrentHashMap.newKeySet();
        AtomicInteger callbacks = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", callbackPort), 128);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/cb", exchange -> {
            JsonNode message = MAPPER.readTree(exchange.getRequestBody().readAllBytes()).path("message");
            arrived.add(message.path("receiptId").asText());
            callbacks.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });

        try (HubProcess hub = HubProcess.start(dataDir, hubPort, PROPERTIES)) {
            Duration restart = hub.awaitReady(Duration.ofSeconds(120));
            receiver.start();
            long upAt = System.nanoTime();
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                        .until(() -> arrived.containsAll(accepted));
            } catch (ConditionTimeoutException e) {
                // the missing ones are named below
            }
            long drainMillis = (System.nanoTime() - upAt) / 1_000_000;
            Set<String> missing = new java.util.HashSet<>(accepted);
            missing.removeAll(arrived);
            System.out.printf("[figures] crash test: %d webhooks accepted (2xx) before SIGKILL, %d requests cut off; "
                    + "restart to ready %d ms; all accepted delivered %d ms after the callback came up; "
                    + "%d callbacks received for %d distinct receipts; missing %d%n",
                    acceptedBeforeKill, refused.get(), restart.toMillis(), drainMillis, callbacks.get(),
                    arrived.size(), missing.size());
            assertEquals(Set.of(), missing, "accepted receipts that never arrived");
            hub.stop();
        } finally {
            receiver.stop(0);
        }
    }
}
