package io.switchboard.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.kafka.KafkaMessageFactory;

/**
 * A notification as a Kafka record (API.md §11): key = the instance id (its notifications stay in one partition,
 * in order), value = the exact bytes an HTTP callback would get, headers = the callback's. A CloudEvents
 * notification is carried over from the HTTP binding to the Kafka binding by the CloudEvents SDK: structured mode
 * keeps the value as it is with {@code content-type: application/cloudevents+json}; binary mode turns the
 * {@code ce-*} headers into {@code ce_*} ones and {@code Content-Type} into {@code content-type}. The value is
 * never rewritten, so the signature headers, computed over the HTTP body, hold for it.
 */
final class KafkaRecords {

    static final String CONTENT_TYPE = "content-type";
    private static final String JSON = "application/json";

    private KafkaRecords() {
    }

    static ProducerRecord<byte[], byte[]> record(String topic, long instanceId, Map<String, String> headers,
            byte[] body) {
        byte[] key = Long.toString(instanceId).getBytes(StandardCharsets.UTF_8);
        boolean cloudEvent = isCloudEvent(headers);
        ProducerRecord<byte[], byte[]> record;
        if (cloudEvent) {
            MessageReader reader = HttpMessageFactory.createReader(headers, body);
            record = reader.read(KafkaMessageFactory.createWriter(topic, key));
        } else {
            Headers kafkaHeaders = new RecordHeaders();
            kafkaHeaders.add(CONTENT_TYPE, utf8(headers.getOrDefault("Content-Type", JSON)));
            record = new ProducerRecord<>(topic, null, key, body, kafkaHeaders);
        }
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals(CONTENT_TYPE) || cloudEvent && lower.startsWith("ce-")) {
                return; // carried by the binding above
            }
            record.headers().add(name, utf8(value));
        });
        return record;
    }

    /** The HTTP binding's marks of a CloudEvent: binary mode's {@code ce-specversion}, structured mode's type. */
    private static boolean isCloudEvent(Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("ce-specversion") || name.equalsIgnoreCase("Content-Type")
                    && header.getValue().toLowerCase(Locale.ROOT).startsWith("application/cloudevents")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
