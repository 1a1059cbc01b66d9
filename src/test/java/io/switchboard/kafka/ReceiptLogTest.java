package io.switchboard.kafka;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.KafkaBroker;
import io.switchboard.KafkaBrokerResource;
import io.switchboard.TestDb;
import io.switchboard.TestTenant;

/**
 * The receipt log (API.md §11, {@code switchboard.ingest.log=kafka}) against a real broker: the vendor's 200 after
 * the broker's acknowledgement, the receipt stored from the log by the node's consumer and delivered; order per
 * instance; vendor retries as duplicates in both windows; a broker down is a 503; records read again store nothing.
 */
@QuarkusTest
@TestProfile(ReceiptLogTest.LogMode.class)
class ReceiptLogTest {

    /** The hub in log mode on the shared test broker. */
    public static class LogMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.ingest.log", "kafka");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaBrokerResource.class));
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final String EVENTS = TestTenant.BASE + "/events/webhook/";
    static TestTenant tenant;

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    @Test
    void aWebhookIsAnsweredAfterTheBrokerThenStoredFromTheLogAndDelivered() {
        String callback = callbacks.newCallback();
        long id = instance(callback, "");
        String receipt = given().contentType(ContentType.JSON).body("{\"id\": \"o1\"}").post(EVENTS + id).then()
                .statusCode(200).body("id", startsWith("rcp_")).body("events", equalTo(1))
                .body("notifications", equalTo(1)).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> tenant.platform()
                .get(TestTenant.BASE + "/instances/" + id + "/events").then().statusCode(200)
                .body("id", hasItem(receipt)));
        await().atMost(Duration.ofSeconds(30)).until(() -> callbacks.received(callback).size() == 1);
        assertEquals(receipt, CallbackReceiver.json(callbacks.received(callback).get(0)).path("message")
                .path("receiptId").asText(), "the callback carries the receipt id the vendor was given");
        assertEquals("{\"id\": \"o1\"}", TestDb.value(dataSource, "SELECT body FROM receipt WHERE id = ?", receipt));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("switchboard_receipt_log_lag_seconds"), "lag in seconds");
        assertTrue(metrics.contains("switchboard_receipt_log_consumer_lag_records"), "consumer lag in records");
    }

    @Test
    void anInstancesCallbacksComeInTheOrderItsWebhooksWereAccepted() {
        String callback = callbacks.newCallback();
        long id = instance(callback, ", \"event.notification.ordered\": \"true\"");
        List<String> accepted = new ArrayList<>();
        int webhooks = 10;
        for (int i = 0; i < webhooks; i++) {
            accepted.add(send(id, "{\"id\": \"o" + i + "\"}", null));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> callbacks.received(callback).size() == webhooks);
        List<String> delivered = callbacks.received(callback).stream()
                .map(r -> CallbackReceiver.json(r).path("message").path("receiptId").asText()).toList();
        assertEquals(accepted, delivered);
    }

    /**
     * A retry whose original is stored is answered as its duplicate (a lookup); one appended before the original
     * was stored (here: the same delivery id twice in the log) is answered as new and stored as a DUPLICATE. Either
     * way one receipt, one callback.
     */
    @Test
    void vendorRetriesAreDuplicatesWhetherTheOriginalIsStoredYetOrNot() throws Exception {
        String callback = callbacks.newCallback();
        long id = instance(callback, "");
        String original = send(id, "{\"id\": \"a\"}", "msg_1");
        awaitStored(original);
        given().contentType(ContentType.JSON).header("webhook-id", "msg_1").body("{\"id\": \"a\"}").post(EVENTS + id)
                .then().statusCode(200).body("id", equalTo(original)).body("duplicate", equalTo(true))
                .body("events", equalTo(0));

        String second = send(id, "{\"id\": \"b\"}", "msg_2");
        awaitStored(second);
        // The early window: a retry appended before its original was stored, made by appending the original's
        // record again under a fresh receipt id (what ingest appends for a retry it could not find).
        ObjectNode retry = (ObjectNode) JSON.readTree(record(second).value());
        String early = "rcp_early" + System.nanoTime();
        retry.put("id", early);
        ((com.fasterxml.jackson.databind.node.ArrayNode) retry.get("pages").get(0)).set(0,
                JSON.getNodeFactory().textNode("ntf_early" + System.nanoTime()));
        produce(id, JSON.writeValueAsBytes(retry));
        awaitStored(early);
        assertEquals("DUPLICATE", TestDb.value(dataSource, "SELECT status FROM receipt WHERE id = ?", early));
        assertEquals(second, TestDb.value(dataSource, "SELECT duplicate_of FROM receipt WHERE id = ?", early));
        tenant.platform().get(TestTenant.BASE + "/instances/" + id + "/events?status=DUPLICATE").then()
                .statusCode(200).body("id", hasItem(early));
        assertEquals("2", count(id, "RECEIVED"));
        assertEquals("2", count(id, "DUPLICATE"));
        await().atMost(Duration.ofSeconds(30)).until(() -> callbacks.received(callback).size() == 2);
        assertEquals("2", TestDb.value(dataSource, "SELECT count(*) FROM delivery WHERE instance_id = ?", id));
    }

    /** The consumer reading records again (after a crash before its offsets were committed) stores nothing more. */
    @Test
    void recordsReadAgainStoreNoSecondReceipt() {
        String callback = callbacks.newCallback();
        long id = instance(callback, "");
        List<String> receipts = List.of(send(id, "{\"id\": \"r1\"}", null), send(id, "{\"id\": \"r2\"}", "msg_r"));
        receipts.forEach(this::awaitStored);
        for (String receipt : receipts) {
            produce(id, record(receipt).value());
        }
        String marker = send(id, "{\"id\": \"after\"}", null); // appended after the copies: stored after them
        awaitStored(marker);
        assertEquals("3", count(id, "RECEIVED"));
        assertEquals("0", count(id, "DUPLICATE"));
        assertEquals("3", TestDb.value(dataSource, "SELECT count(*) FROM delivery WHERE instance_id = ?", id));
        await().atMost(Duration.ofSeconds(30)).until(() -> callbacks.received(callback).size() == 3);
    }

    /** The broker stopped: a webhook is refused with a 503 (never a 200), and nothing of it is stored. */
    @Test
    void whileTheBrokerIsDownWebhooksAre503AndNothingIsStored() throws Exception {
        String callback = callbacks.newCallback();
        long id = instance(callback, "");
        awaitStored(send(id, "{\"id\": \"before\"}", null));
        KafkaBroker broker = KafkaBrokerResource.broker();
        broker.stop();
        try {
            given().contentType(ContentType.JSON).body("{\"id\": \"down\"}").post(EVENTS + id).then()
                    .statusCode(503).contentType("application/problem+json").header("Retry-After", notNullValue())
                    .body("detail", containsString("receipt log"));
            // the append's failure is what readiness reports, at once
            given().get("/q/health/ready").then().statusCode(503)
                    .body(LOG_CHECK + ".status", equalTo("DOWN"))
                    .body(LOG_CHECK + ".data.reason", containsString("did not acknowledge"));
        } finally {
            broker.start();
        }
        String after = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(
                () -> send(id, "{\"id\": \"after\"}", null), r -> r != null);
        awaitStored(after);
        assertEquals("2", count(id, "RECEIVED"));
        assertEquals("0", TestDb.value(dataSource,
                "SELECT count(*) FROM receipt WHERE instance_id = ? AND body LIKE '%down%'", id));
    }

    /**
     * Readiness follows the broker with no webhook coming in: DOWN with a reason after the broker stopped (the
     * check's own probe, no append failed), UP again once it is back.
     */
    @Test
    void readinessIsDownWithAReasonWhileTheBrokerIsDown() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().statusCode(200).body(LOG_CHECK + ".status", equalTo("UP"))
                .body(LOG_CHECK + ".data.log", equalTo("kafka"));
        KafkaBroker broker = KafkaBrokerResource.broker();
        broker.stop();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> given().get("/q/health/ready").statusCode() == 503);
            given().get("/q/health/ready").then().statusCode(503).body(LOG_CHECK + ".status", equalTo("DOWN"))
                    .body(LOG_CHECK + ".data.reason", containsString(KafkaReceiptLog.TOPIC));
        } finally {
            broker.start();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().get("/q/health/ready").then().body(LOG_CHECK + ".status", equalTo("UP"));
    }

    static final String LOG_CHECK = "checks.find { it.name == '" + ReceiptLogReadiness.NAME + "' }";

    long instance(String callback, String extra) {
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "log",
                 "configuration": {"event.notification.enabled": "true",
                                   "event.notification.callback.url": "%s"%s}}"""
                .formatted(callbacks.url(callback), extra));
        return ((Number) created.get("id")).longValue();
    }

    static String send(long id, String body, String deliveryId) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (deliveryId != null) {
            request = request.header("webhook-id", deliveryId);
        }
        return request.post(EVENTS + id).then().statusCode(200).extract().path("id");
    }

    /** Waits until the events API shows the receipt (of any instance of the tenant). */
    void awaitStored(String receipt) {
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.value(dataSource,
                "SELECT instance_id FROM receipt WHERE id = ?", receipt) != null);
        String instance = TestDb.value(dataSource, "SELECT instance_id FROM receipt WHERE id = ?", receipt);
        tenant.platform().get(TestTenant.BASE + "/instances/" + instance + "/events/" + receipt).then()
                .statusCode(200).body("id", equalTo(receipt));
    }

    String count(long id, String status) {
        return TestDb.value(dataSource, "SELECT count(*) FROM receipt WHERE instance_id = ? AND status = ?", id,
                status);
    }

    /** The receipt's record in the log, read from the start of every partition to its end. */
    static ConsumerRecord<byte[], byte[]> record(String receipt) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.broker().bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(KafkaReceiptLog.TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (JSON.readTree(r.value()).path("id").asText().equals(receipt)) {
                        found.add(r);
                    }
                }
                return !found.isEmpty() || partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
            assertTrue(!found.isEmpty(), "the record of " + receipt + " is in the log");
            return found.get(0);
        }
    }

    static void produce(long instanceId, byte[] value) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.broker().bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(KafkaReceiptLog.TOPIC,
                    Long.toString(instanceId).getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
