package io.switchboard.kafka;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
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
 * Two packaged hub nodes in log mode share one PostgreSQL and one broker (API.md §11, DESIGN.md "Several nodes"):
 * both are members of the receipt log's consumer group, each stores the partitions it was given, and both deliver.
 * Webhooks are posted to both nodes for instances whose records fall in every partition, so that both consumers
 * store receipts (checked through the group's committed offsets); every webhook is delivered exactly once (no
 * crash here: a duplicate is a bug).
 */
class ReceiptLogTwoNodesIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String AUTH = "User two-log-user, Organization two-log-org";
    private static final String GROUP = "switchboard";
    private static final int PARTITIONS = 3;
    private static final int PER_NODE = 150;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the hubs' logs stay when it fails
    Path work;

    @Test
    void webhooksTakenByEitherNodeAreStoredByBothConsumersAndDeliveredOnce() throws Exception {
        Map<String, Integer> callbacksPerWebhook = new ConcurrentHashMap<>();
        Set<String> notificationIds = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicateNotifications = new AtomicInteger();
        int callbackPort = HubProcess.freePort();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", callbackPort), 128);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/cb", exchange -> {
            JsonNode message = MAPPER.readTree(exchange.getRequestBody().readAllBytes()).path("message");
            if (!notificationIds.add(exchange.getRequestHeaders().getFirst("Elements-Webhook-Id"))) {
                duplicateNotifications.incrementAndGet();
            }
            callbacksPerWebhook.merge(message.path("raw").path("id").asText(), 1, Integer::sum);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try (KafkaBroker broker = KafkaBroker.startNew();
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(KafkaReceiptLog.TOPIC, PARTITIONS, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Map<String, String> shared = Map.of(
                    "switchboard.delivery.allow-private-targets", "true",
                    "switchboard.secrets.key", Base64.getEncoder().encodeToString(key),
                    "switchboard.admin.key", "two-log-admin",
                    "switchboard.bootstrap.organization-secret", "two-log-org",
                    "switchboard.bootstrap.user-secret", "two-log-user",
                    "switchboard.ingest.log", "kafka",
                    "switchboard.kafka.bootstrap-servers", broker.bootstrapServers());
            try (HubProcess a = HubProcess.start(work.resolve("a"), HubProcess.freePort(), shared)) {
                a.awaitReady(Duration.ofSeconds(120));
                try (HubProcess b = HubProcess.start(work.resolve("b"), HubProcess.freePort(),
                        a.onItsDatabase(shared))) {
                    b.awaitReady(Duration.ofSeconds(120));
                    // both in the group, each with partitions: no rebalance while the webhooks come in
                    await("two consumers with partitions").atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(200)).until(() -> {
                                List<Set<TopicPartition>> assigned = assignments(admin);
                                return assigned.size() == 2 && assigned.stream().noneMatch(Set::isEmpty);
                            });
                    List<Long> instances = instancesInEveryPartition(b, callbackPort);

                    ExecutorService senders = Executors.newFixedThreadPool(8);
                    List<String> failures = Collections.synchronizedList(new ArrayList<>());
                    for (HubProcess node : List.of(a, b)) {
                        String prefix = node == a ? "a" : "b";
                        for (int i = 0; i < PER_NODE; i++) {
                            String id = prefix + i;
                            long instance = instances.get(i % instances.size());
                            senders.execute(() -> {
                                try {
                                    HttpResponse<String> response = node.postWebhook(instance,
                                            "{\"id\": \"" + id + "\"}");
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

                    await("every webhook's callback").atMost(Duration.ofSeconds(60))
                            .until(() -> callbacksPerWebhook.size() == 2 * PER_NODE);
                    // a duplicate would come now
                    await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                            .until(() -> callbacksPerWebhook.size() == 2 * PER_NODE);
                    Map<String, Integer> twice = new HashMap<>();
                    callbacksPerWebhook.forEach((id, n) -> {
                        if (n != 1) {
                            twice.put(id, n);
                        }
                    });
                    // the offsets are committed just after the database commit: maybe after a callback arrived
                    await("the group's offsets committed").atMost(Duration.ofSeconds(10)).until(() -> storedPerMember(
                            admin).stream().mapToLong(Long::longValue).sum() >= 2 * PER_NODE);
                    List<Long> storedPerNode = storedPerMember(admin);
                    System.out.printf("[figures] receipt log, two nodes: %d webhooks to each node over %d instances, "
                            + "%d callbacks for %d webhooks, %d duplicate notifications; committed offsets per "
                            + "consumer %s%n", PER_NODE, instances.size(),
                            callbacksPerWebhook.values().stream().mapToInt(Integer::intValue).sum(),
                            callbacksPerWebhook.size(), duplicateNotifications.get(), storedPerNode);
                    assertEquals(2 * PER_NODE, callbacksPerWebhook.size(), "every webhook's callback arrived");
                    assertEquals(Map.of(), twice, "webhooks whose callback came more than once");
                    assertEquals(0, duplicateNotifications.get(), "notifications delivered twice");
                    assertEquals(2, storedPerNode.size(), "two consumers in the group");
                    assertTrue(storedPerNode.stream().allMatch(n -> n > 0), "both consumers stored receipts: "
                            + storedPerNode);
                    assertEquals(2 * PER_NODE, storedPerNode.stream().mapToLong(Long::longValue).sum(),
                            "records committed by the group");
                    b.stop();
                }
                a.stop();
            }
        } finally {
            receiver.stop(0);
        }
    }

    /** Creates webhook instances until their records' keys (the instance id) cover every partition. */
    private static List<Long> instancesInEveryPartition(HubProcess node, int callbackPort) {
        List<Long> instances = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        while (partitions.size() < PARTITIONS) {
            assertTrue(instances.size() < 30, "30 instance ids that do not cover " + PARTITIONS + " partitions");
            long id = ((Number) given().header("Authorization", AUTH).contentType(ContentType.JSON).body("""
                    {"element": {"key": "webhook"}, "name": "two log nodes %d",
                     "configuration": {"event.notification.enabled": "true",
                                       "event.notification.callback.url": "http://127.0.0.1:%d/cb"}}"""
                    .formatted(instances.size(), callbackPort)).post(node.url("/elements/api-v2/instances"))
                    .then().statusCode(200).extract().path("id")).longValue();
            instances.add(id);
            // the producer's partitioner for a keyed record (ReceiptRecords.key: the instance id in decimal)
            partitions.add(Utils.toPositive(Utils.murmur2(Long.toString(id).getBytes(StandardCharsets.UTF_8)))
                    % PARTITIONS);
        }
        return instances;
    }

    private static List<Set<TopicPartition>> assignments(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all()
                .get(10, TimeUnit.SECONDS).get(GROUP);
        List<Set<TopicPartition>> assigned = new ArrayList<>();
        for (MemberDescription member : group.members()) {
            assigned.add(member.assignment().topicPartitions());
        }
        return assigned;
    }

    /** Per member of the group: the committed offsets of its partitions summed (the records it stored). */
    private static List<Long> storedPerMember(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        List<Long> stored = new ArrayList<>();
        for (Set<TopicPartition> partitions : assignments(admin)) {
            stored.add(partitions.stream().map(committed::get).filter(o -> o != null)
                    .mapToLong(OffsetAndMetadata::offset).sum());
        }
        return stored;
    }
}
