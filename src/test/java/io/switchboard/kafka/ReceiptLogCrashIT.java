package io.switchboard.kafka;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.restassured.http.ContentType;
import io.switchboard.HubProcess;
import io.switchboard.KafkaBroker;

/**
 * The receipt log's promise on the packaged hub (issue 15): under load, the broker is killed (SIGKILL) and
 * restarted, then the hub node is killed (SIGKILL) with receipts acknowledged but not all stored and deliveries
 * under way; after the node's restart, every receipt the vendor got a 200 for is stored and delivered. Duplicates
 * are allowed and counted.
 */
class ReceiptLogCrashIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String AUTH = "User log-user, Organization log-org";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the hubs' logs stay when it fails
    Path work;

    @Test
    void everyAcknowledgedReceiptIsDeliveredAfterABrokerRestartAndANodeSigkill() throws Exception {
        Path dataDir = work.resolve("data");
        int hubPort = HubProcess.freePort();
        int callbackPort = HubProcess.freePort();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger cutOff = new AtomicInteger();
        long instanceId;
        int acceptedBeforeBrokerKill;
        int acceptedWhileBrokerDown;
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
        // Up all along: a callback down for the whole first phase (broker outage and restart included) would use up
        // the first deliveries' retries, which is not what this test is about.
        receiver.start();
        try (KafkaBroker broker = KafkaBroker.startNew()) {
            Map<String, String> properties = new HashMap<>(Map.of(
                    "switchboard.delivery.allow-private-targets", "true",
                    "switchboard.delivery.retry-schedule", String.join(",", java.util.Collections.nCopies(30,
                            "300ms")),
                    "switchboard.delivery.timeout", "2s",
                    "switchboard.bootstrap.organization-secret", "log-org",
                    "switchboard.bootstrap.user-secret", "log-user",
                    "switchboard.admin.key", "log-admin",
                    "switchboard.ingest.log", "kafka",
                    "switchboard.kafka.bootstrap-servers", broker.bootstrapServers()));
            try (HubProcess hub = HubProcess.start(dataDir, hubPort, properties)) {
                hub.awaitReady(Duration.ofSeconds(120));
                instanceId = ((Number) given().header("Authorization", AUTH).contentType(ContentType.JSON).body("""
                        {"element": {"key": "webhook"}, "name": "log-crash",
                         "configuration": {"event.notification.enabled": "true",
                                           "event.notification.callback.url": "http://127.0.0.1:%d/cb"}}"""
                        .formatted(callbackPort)).post(hub.url("/elements/api-v2/instances"))
                        .then().statusCode(200).extract().path("id")).longValue();
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                ExecutorService senders = Executors.newFixedThreadPool(16);
                AtomicBoolean sending = new AtomicBoolean(true);
                AtomicInteger sent = new AtomicInteger();
                for (int thread = 0; thread < 16; thread++) {
                    senders.execute(() -> {
                        while (sending.get()) {
                            int n = sent.incrementAndGet();
                            try {
                                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                        URI.create(hub.url("/elements/api-v2/events/webhook/" + instanceId)))
                                        .header("Content-Type", "application/json")
                                        .timeout(Duration.ofSeconds(15))
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"o" + n + "\"}"))
                                        .build(), HttpResponse.BodyHandlers.ofString());
                                if (response.statusCode() == 200) {
                                    accepted.add(MAPPER.readTree(response.body()).path("id").asText());
                                } else if (response.statusCode() == 503) {
                                    unavailable.incrementAndGet();
                                }
                            } catch (ConnectException e) {
                                return; // the node is gone
                            } catch (IOException e) {
                                cutOff.incrementAndGet(); // killed mid-request, or a timeout: not acknowledged
                                if (!sending.get()) {
                                    return;
                                }
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    });
                }
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                        .until(() -> accepted.size() >= 300);
                broker.kill();
                acceptedBeforeBrokerKill = accepted.size();
                await().atMost(Duration.ofSeconds(60)).until(() -> unavailable.get() >= 16);
                acceptedWhileBrokerDown = accepted.size() - acceptedBeforeBrokerKill;
                broker.start();
                int atBrokerRestart = accepted.size();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                        .until(() -> accepted.size() >= atBrokerRestart + 300);
                hub.kill();
                sending.set(false);
                senders.shutdown();
                assertTrue(senders.awaitTermination(30, TimeUnit.SECONDS));
            }
            int acceptedBeforeNodeKill = accepted.size();

            try (HubProcess hub = HubProcess.start(dataDir, hubPort, properties)) {
                Duration restart = hub.awaitReady(Duration.ofSeconds(120));
                long upAt = System.nanoTime();
                try {
                    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(50))
                            .until(() -> arrived.containsAll(accepted));
                } catch (ConditionTimeoutException e) {
                    // the missing ones are named below
                }
                long drainMillis = (System.nanoTime() - upAt) / 1_000_000;
                Set<String> missing = new HashSet<>(accepted);
                missing.removeAll(arrived);
                int notStored = 0;
                for (String receipt : missing) {
                    notStored += given().header("Authorization", AUTH)
                            .get(hub.url("/elements/api-v2/instances/" + instanceId + "/events/" + receipt))
                            .statusCode() == 404 ? 1 : 0;
                }
                String metrics = given().get(hub.url("/q/metrics")).asString();
                metrics.lines().filter(l -> l.startsWith("switchboard_receipt_log"))
                        .forEach(l -> System.out.println("[figures] " + l));
                System.out.printf("[figures] receipt log crash test: %d webhooks acknowledged (%d before the broker "
                        + "was killed, %d while it was down), %d answered 503, %d cut off; node SIGKILL after %d; "
                        + "restart to ready %d ms; all acknowledged delivered %d ms after the callback came up; "
                        + "%d callbacks for %d distinct receipts (%d duplicates); missing %d, of them not stored %d%n",
                        acceptedBeforeNodeKill, acceptedBeforeBrokerKill, acceptedWhileBrokerDown, unavailable.get(),
                        cutOff.get(), acceptedBeforeNodeKill, restart.toMillis(), drainMillis, callbacks.get(),
                        arrived.size(), callbacks.get() - arrived.size(), missing.size(), notStored);
                assertEquals(0, notStored, "acknowledged receipts never stored");
                assertEquals(Set.of(), missing, "acknowledged receipts that never arrived");
                hub.stop();
            }
        } finally {
            receiver.stop(0);
        }
    }
}
