package io.switchboard.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.event.Event;
import io.switchboard.event.EventType;
import io.switchboard.event.ReceiptStore;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.trace.TraceContext;

/** The receipt log's record (version 1), its consumer's settings and the reserved topic; no broker. */
class ReceiptRecordsTest {

    static final InstanceSettings INSTANCE = new InstanceSettings(7, 3, "webhook", "w", List.of("a"), false, Map.of());

    @Test
    void aReceiptRoundTripsWithItsIdsEventsObjectsPagesTraceAndTargets() throws Exception {
        ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(INSTANCE, "webhook", "application/json", "json",
                "{\"id\": \"o1\", \"é\": \"ü\"}", Optional.of("msg_1"), Instant.parse("2026-12-02T10:00:00.123456Z"),
                null, new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true, "v=1"));
        ObjectMapper json = new ObjectMapper();
        List<Event> events = List.of(
                new Event("webhook", EventType.CREATED, "orders", "o1", Instant.parse("2026-12-01T00:00:00Z"),
                        json.readTree("{\"id\": \"o1\", \"n\": [1, 2]}")),
                new Event("webhook", EventType.UNKNOWN, "orders", null, Instant.parse("2026-12-01T00:00:01Z"), null));
        ReceiptStore.Write write = new ReceiptStore.Write("rcp_1", incoming, events,
                List.of(new ReceiptStore.Page("ntf_1", 1, 2, 0, 1, null), new ReceiptStore.Page("ntf_2", 2, 2, 1, 2,
                        "{\"raw\": true}")),
                List.of("https://app.example/cb"), Optional.empty());

        byte[] value = ReceiptRecords.encode(write);
        assertEquals("7", new String(ReceiptRecords.key(write), StandardCharsets.UTF_8));
        assertEquals(1, json.readTree(value).path("v").asInt());
        ReceiptStore.Write read = ReceiptRecords.decode(value, id -> id == 7 ? Optional.of(INSTANCE) : Optional.empty())
                .orElseThrow();

        assertEquals(write.receiptId(), read.receiptId());
        assertEquals(incoming, read.incoming());
        assertEquals(events, read.events());
        assertEquals(write.pages(), read.pages());
        assertEquals(write.targetUrls(), read.targetUrls());
        assertTrue(read.claimFor().isEmpty(), "the consumer's node chooses its own claim");
    }

    @Test
    void aReceiptWithoutDeliveryIdTraceStateOrContentTypeRoundTrips() {
        ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(INSTANCE, "webhook", null, "text", "",
                Optional.empty(), Instant.parse("2026-12-02T10:00:00Z"), null,
                new TraceContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", false, null));
        ReceiptStore.Write write = new ReceiptStore.Write("rcp_2", incoming, List.of(), List.of(), List.of(),
                Optional.empty());
        ReceiptStore.Write read = ReceiptRecords.decode(ReceiptRecords.encode(write), id -> Optional.of(INSTANCE))
                .orElseThrow();
        assertEquals(incoming, read.incoming());
        assertNull(read.incoming().contentType());
    }

    @Test
    void aRecordOfAnInstanceGoneIsEmptyAndAnotherVersionOrNoJsonIsRefused() {
        ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(INSTANCE, "webhook", "application/json", "json",
                "{}", Optional.empty(), Instant.parse("2026-12-02T10:00:00Z"), null);
        byte[] value = ReceiptRecords.encode(new ReceiptStore.Write("rcp_3", incoming, List.of(), List.of(),
                List.of(), Optional.empty()));
        assertTrue(ReceiptRecords.decode(value, id -> Optional.empty()).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ReceiptRecords.decode(
                "{\"v\": 2}".getBytes(StandardCharsets.UTF_8), id -> Optional.of(INSTANCE)));
        assertThrows(IllegalArgumentException.class, () -> ReceiptRecords.decode(
                "{\"message\"".getBytes(StandardCharsets.UTF_8), id -> Optional.of(INSTANCE)));
    }

    @Test
    void theConsumerCommitsItselfReadsCommittedAndTakesOnlyConsumerProperties() {
        Map<String, Object> properties = KafkaClients.consumerProperties("b:9092", Map.of(
                "enable.auto.commit", "true", "linger.ms", "50", "security.protocol", "SSL", "group.id", "x"),
                "hub", 500);
        assertEquals("false", properties.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertEquals("hub", properties.get(ConsumerConfig.GROUP_ID_CONFIG));
        assertEquals("read_committed", properties.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG));
        assertEquals("earliest", properties.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
        assertEquals("500", properties.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        assertEquals("SSL", properties.get("security.protocol"));
        assertNull(properties.get("linger.ms"), "a producer setting is not passed to the consumer");
        assertEquals("10000", properties.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "a dead node's partitions move");
        assertEquals("7000", KafkaClients.consumerProperties("b:9092", Map.of("session.timeout.ms", "7000"), "hub", 1)
                .get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "yours when set");
    }

    @Test
    void theReceiptLogTopicTakesNoNotifications() {
        assertNotNull(KafkaTopics.problem(KafkaReceiptLog.TOPIC));
        assertNull(KafkaTopics.problem("switchboard.receipts2"));
    }
}
