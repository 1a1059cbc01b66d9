package io.switchboard.kafka;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.switchboard.KafkaBroker;
import io.switchboard.KafkaBrokerResource;
import io.switchboard.TestTenant;

/**
 * {@code kafka:<topic>} callbacks (API.md §11) against a real broker: what lands in the topic, read back with a
 * consumer and the CloudEvents SDK's Kafka reader; what happens while the broker is down.
 */
@QuarkusTest
@TestProfile(KafkaDestinationTest.WithKafka.class)
class KafkaDestinationTest {

    /** The hub with {@code switchboard.kafka.bootstrap-servers} pointing at the shared test broker. */
    public static class WithKafka implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaBrokerResource.class));
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "kafka-signing-key";
    static final String CALLBACK_URL = "event.notification.callback.url";
    /** Enough retries to outlast a broker restart on a busy machine: 1 + 20 attempts, each up to the 2 s timeout. */
    static final String PATIENT = "1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s";

    static TestTenant tenant;

    @ConfigProperty(name = "switchboard.kafka.bootstrap-servers")
    String bootstrapServers;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    @Test
    void theHubUsesTheTestBroker() {
        assertEquals(KafkaBrokerResource.broker().bootstrapServers(), bootstrapServers);
    }

    @Test
    void notificationsLandInTheTopicInOrderWithTheirHeadersAndSignature() throws Exception {
        String topic = topic();
        long id = instance(topic, ", \"event.notification.signature.key\": \"" + KEY + "\"");
        // A topic's first record waits for Kafka to create the topic; if that outlasts the timeout it is retried,
        // and a retry comes after the notifications sent meanwhile. Unordered delivery allows that: not tested here.
        send(id, "{\"id\": \"first\"}");
        consume(topic, 1);
        int webhooks = 12;
        List<String> receipts = new ArrayList<>();
        for (int i = 0; i < webhooks; i++) {
            receipts.add(send(id, "{\"id\": \"o" + i + "\"}"));
        }
        List<ConsumerRecord<byte[], byte[]>> records = consume(topic, webhooks + 1);
        records = records.subList(1, records.size());
        List<String> landed = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertEquals(Long.toString(id), new String(record.key(), StandardCharsets.UTF_8), "key = instance id");
            JsonNode message = JSON.readTree(record.value()).path("message");
            landed.add(message.path("receiptId").asText());
            assertEquals(message.path("eventId").asText(), header(record, "Elements-Webhook-Id"));
            assertEquals("sha256=" + hmac(record.value()), header(record, "Elements-Webhook-Signature"),
                    "signed over the value's exact bytes");
            assertEquals("application/json", header(record, "content-type"));
            assertEquals(id, message.path("instanceId").asLong());
            assertTrue(header(record, "traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"));
        }
        assertEquals(receipts, landed, "in the order the receipts were accepted");
        assertEquals(1, records.stream().map(ConsumerRecord::partition).distinct().count(), "one partition");
        awaitDeliveries(id, "DELIVERED", webhooks + 1);
        deliveries(id, "").then().body("url", everyItem(equalTo("kafka:" + topic)))
                .body("lastStatusCode", everyItem(org.hamcrest.Matchers.nullValue()));
    }

    @Test
    void cloudEventsStructuredModeIsTheKafkaBindingsStructuredMode() throws Exception {
        ConsumerRecord<byte[], byte[]> record = oneCloudEvent("cloudevents");
        assertTrue(header(record, "content-type").startsWith("application/cloudevents+json"));
        assertNull(record.headers().lastHeader("ce_id"), "structured: no ce_ headers");
        assertEquals("1.0", JSON.readTree(record.value()).path("specversion").asText(), "the JSON envelope");
    }

    @Test
    void cloudEventsBinaryModeHasCeUnderscoreHeadersAndTheBodyAsValue() throws Exception {
        ConsumerRecord<byte[], byte[]> record = oneCloudEvent("cloudevents-binary");
        assertEquals("1.0", header(record, "ce_specversion"));
        assertEquals(header(record, "Elements-Webhook-Id"), header(record, "ce_id"));
        assertTrue(header(record, "content-type").startsWith("application/json"));
        assertEquals(header(record, "Elements-Webhook-Id"),
                JSON.readTree(record.value()).path("message").path("eventId").asText(), "the value is the hub's body");
    }

    /**
     * The broker stopped (a controlled shutdown, after which the producer has no metadata for the topic): the
     * deliveries fail and are retried on the instance's schedule; when the broker is back they are delivered, every
     * one. A delivery with no retries left fails and is sent by a redelivery.
     */
    @Test
    void whileTheBrokerIsDownDeliveriesAreRetriedThenDeliveredAndNothingIsLost() throws Exception {
        String topic = topic();
        long patient = instance(topic, ", \"event.notification.retry.schedule\": \"" + PATIENT + "\"");
        long once = instance(topic, ", \"event.notification.retry.schedule\": \"none\"");
        send(patient, "{\"id\": \"before\"}");
        consume(topic, 1); // the topic exists and the producer knows it
        KafkaBroker broker = KafkaBrokerResource.broker();
        broker.stop();
        Set<String> eventIds = new HashSet<>();
        try {
            int down = 5;
            for (int i = 0; i < down; i++) {
                send(patient, "{\"id\": \"down-" + i + "\"}");
            }
            send(once, "{\"id\": \"once\"}");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> deliveries(patient, "?status=PENDING").then()
                    .body("findAll { it.attempts >= 2 }", hasSize(down))
                    .body("lastError", everyItem(containsString("kafka topic " + topic))));
            awaitDeliveries(once, "FAILED", 1);
        } finally {
            broker.start();
        }
        awaitDeliveries(patient, "DELIVERED", 6);
        long failed = ((Number) deliveries(once, "?status=FAILED").then().extract().path("[0].id")).longValue();
        tenant.platform().post(TestTenant.BASE + "/instances/" + once + "/deliveries/" + failed + "/redeliver")
                .then().statusCode(200);
        awaitDeliveries(once, "DELIVERED", 1);
        for (ConsumerRecord<byte[], byte[]> record : consume(topic, 7)) {
            eventIds.add(header(record, "Elements-Webhook-Id"));
        }
        List<String> expected = new ArrayList<>(deliveries(patient, "").then().extract().path("notificationId"));
        expected.addAll(deliveries(once, "").then().extract().path("notificationId"));
        assertTrue(eventIds.containsAll(expected), "every notification is in the topic: " + expected + " in "
                + eventIds);
    }

    @Test
    void badTopicNamesAreA400NamingTheKey() {
        for (String url : List.of("kafka:", "kafka://notifications", "kafka:a/b", "kafka:with space",
                "kafka:__consumer_offsets", "kafka:..", "kafka:" + "t".repeat(250), " kafka:padded")) {
            tenant.platform().body(Map.of("element", Map.of("key", "webhook"), "name", "bad",
                    "configuration", Map.of("event.notification.enabled", "true", CALLBACK_URL, url)))
                    .post(TestTenant.BASE + "/instances").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(CALLBACK_URL));
        }
        tenant.platform().body(Map.of("element", Map.of("key", "webhook"), "name", "bad",
                "configuration", Map.of(CALLBACK_URL, "kafka:a/b")))
                .post(TestTenant.BASE + "/instances").then().statusCode(400)
                .body("detail", containsString("letters, digits"));
    }

    /**
     * One webhook to a signing instance of {@code format}: its record, signed over the value, read by the
     * CloudEvents SDK's Kafka reader into the event a callback would carry.
     */
    private static ConsumerRecord<byte[], byte[]> oneCloudEvent(String format) throws Exception {
        String topic = topic();
        long id = instance(topic, ", \"event.notification.signature.key\": \"" + KEY + "\""
                + ", \"event.notification.format\": \"" + format + "\"");
        String receipt = send(id, "{\"id\": \"o1\"}");
        ConsumerRecord<byte[], byte[]> record = consume(topic, 1).get(0);
        assertEquals("sha256=" + hmac(record.value()), header(record, "Elements-Webhook-Signature"));
        CloudEvent event = KafkaMessageFactory.createReader(record).toEvent();
        assertEquals("1.0", event.getSpecVersion().toString());
        assertEquals(header(record, "Elements-Webhook-Id"), event.getId());
        assertEquals("io.switchboard.notification", event.getType());
        assertEquals("webhook", event.getSubject());
        assertEquals(String.valueOf(id), String.valueOf(event.getExtension("instanceid")));
        assertEquals(receipt, String.valueOf(event.getExtension("receiptid")));
        assertTrue(event.getSource().toString().endsWith("/instances/" + id));
        assertNotNull(event.getData());
        assertEquals(event.getId(), JSON.readTree(event.getData().toBytes()).path("message").path("eventId").asText());
        return record;
    }

    static String topic() {
        return "notifications-" + UUID.randomUUID();
    }

    static long instance(String topic, String extra) {
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "k",
                 "configuration": {"event.notification.enabled": "true",
                                   "event.notification.callback.url": "kafka:%s"%s}}""".formatted(topic, extra));
        return ((Number) created.get("id")).longValue();
    }

    /** Posts a webhook; the receipt id the hub answered with. */
    static String send(long instanceId, String body) {
        return given().contentType(ContentType.JSON).body(body).post(TestTenant.BASE + "/events/webhook/" + instanceId)
                .then().statusCode(200).extract().path("id");
    }

    static io.restassured.response.Response deliveries(long instanceId, String query) {
        return tenant.platform().get(TestTenant.BASE + "/instances/" + instanceId + "/deliveries" + query);
    }

    static void awaitDeliveries(long instanceId, String status, int count) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> deliveries(instanceId, "?status=" + status).then()
                .statusCode(200).body("$", hasSize(count)));
    }

    /** Reads the topic from its start until {@code count} records arrived. */
    static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.broker().bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // Assigned, not subscribed: no consumer group to join. The topic exists once the hub sent to it.
            List<TopicPartition> partitions = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                return !partitions.isEmpty();
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertNotNull(header, "header " + name);
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
