package io.switchboard.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import io.switchboard.delivery.DeliveryResult;

/** The record a notification becomes, the producer's settings and what Kafka's answers mean; no broker. */
class KafkaRecordsTest {

    static final byte[] BODY = "{\"message\": {}}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theElementsFormatKeepsTheBodyAndTheHeadersAndIsKeyedByInstance() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Elements-Webhook-Id", "ntf_1");
        headers.put("Elements-Webhook-Signature", "sha256=abc");
        ProducerRecord<byte[], byte[]> record = KafkaRecords.record("t", 42, headers, BODY);
        assertEquals("t", record.topic());
        assertNull(record.partition(), "the partitioner picks it from the key");
        assertEquals("42", new String(record.key(), StandardCharsets.UTF_8));
        assertArrayEquals(BODY, record.value());
        assertEquals("ntf_1", header(record, "Elements-Webhook-Id"));
        assertEquals("sha256=abc", header(record, "Elements-Webhook-Signature"));
        assertEquals("application/json", header(record, "content-type"));
    }

    @Test
    void aBinaryCloudEventGetsCeUnderscoreHeadersAndTheSameValue() {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("ce-specversion", "1.0", "ce-id", "ntf_1",
                "ce-source", "https://hub/instances/42", "ce-type", "io.switchboard.notification",
                "ce-instanceid", "42", "Content-Type", "application/json", "Elements-Webhook-Id", "ntf_1"));
        ProducerRecord<byte[], byte[]> record = KafkaRecords.record("t", 42, headers, BODY);
        assertArrayEquals(BODY, record.value(), "the value is not rewritten: the signature holds");
        assertEquals("1.0", header(record, "ce_specversion"));
        assertEquals("ntf_1", header(record, "ce_id"));
        assertEquals("42", header(record, "ce_instanceid"));
        assertEquals("application/json", header(record, "content-type"));
        assertEquals("ntf_1", header(record, "Elements-Webhook-Id"));
        assertNull(record.headers().lastHeader("ce-id"));
        assertNull(record.headers().lastHeader("Content-Type"));
    }

    @Test
    void aStructuredCloudEventKeepsItsEnvelopeAsTheValue() {
        byte[] envelope = "{\"specversion\":\"1.0\",\"id\":\"ntf_1\",\"source\":\"https://hub/instances/42\",\"type\":\"t\"}"
                .getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> record = KafkaRecords.record("t", 42,
                Map.of("Content-Type", "application/cloudevents+json", "Elements-Webhook-Id", "ntf_1"), envelope);
        assertArrayEquals(envelope, record.value());
        assertTrue(header(record, "content-type").startsWith("application/cloudevents+json"));
        assertEquals(1, java.util.stream.StreamSupport.stream(record.headers().headers("content-type").spliterator(),
                false).count(), "one content-type");
        assertNull(record.headers().lastHeader("ce_id"));
    }

    @Test
    void theProducerAlwaysWaitsForAllReplicasAndEndsWithinTheDeliveryTimeout() {
        Map<String, Object> properties = KafkaClients.producerProperties("b:9092", Map.of("acks", "1",
                "enable.idempotence", "false", "linger.ms", "20", "security.protocol", "SASL_SSL"),
                Duration.ofSeconds(10));
        assertEquals("all", properties.get(ProducerConfig.ACKS_CONFIG));
        assertEquals("true", properties.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("SASL_SSL", properties.get("security.protocol"), "the user's own settings pass through");
        assertEquals("20", properties.get(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals("10000", properties.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
        assertEquals("10020", properties.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        assertEquals("10000", properties.get(ProducerConfig.MAX_BLOCK_MS_CONFIG));
        assertEquals("b:9092", properties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    @Test
    void kafkasAnswersAreClassifiedLikeCallbacks() {
        DeliveryResult retried = KafkaDestination.outcome("t", null, new TimeoutException("expired"));
        assertTrue(retried.retryable());
        assertTrue(retried.detail().contains("kafka topic t"));
        assertTrue(KafkaDestination.outcome("t", null, new RecordTooLargeException("big")).stop());
    }

    @Test
    void topicNamesAreCheckedAsKafkaChecksThem() {
        for (String good : List.of("notifications", "a.b_c-D9", "x".repeat(249))) {
            assertNull(KafkaTopics.problem(good), good);
        }
        for (String bad : List.of("", "//x", "a/b", "a b", "é", ".", "..", "x".repeat(250), "__consumer_offsets")) {
            assertTrue(KafkaTopics.problem(bad) != null, bad);
        }
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
