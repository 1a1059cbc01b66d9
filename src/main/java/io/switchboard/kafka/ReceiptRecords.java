package io.switchboard.kafka;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.event.Event;
import io.switchboard.event.EventType;
import io.switchboard.event.ReceiptStore;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.trace.TraceContext;

/**
 * A receipt log record's value (README "Kafka", version 1): one small JSON object per receipt, everything the
 * receipt store writes, the ids chosen at ingest included (the receipt's id is the record's identity: read again,
 * it stores nothing).
 *
 * <pre>
 * {"v": 1, "id": "rcp_…", "instance": 7, "element": "webhook", "source": "webhook",
 *  "receivedAt": "2026-12-02T10:00:00.123456Z", "contentType": "application/json", "bodyKind": "json",
 *  "body": "{…the body as received…}", "deliveryId": "msg_1",            (absent: none)
 *  "trace": ["4bf9…", "00f0…", true, "vendor=x"],                         (trace id, span id, sampled, tracestate)
 *  "targets": ["https://app.example/callback"],
 *  "pages": [["ntf_…", 0, 20], …],                                        (id, first event, after last event)
 *  "events": [["CREATED", "customer", "cus_1", "2026-12-02T10:00:00Z", {…the object…}], …]}
 * </pre>
 *
 * Key: the instance id as text (one instance, one partition, in order). A reader refuses another {@code v}.
 */
final class ReceiptRecords {

    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReceiptRecords() {
    }

    static byte[] key(ReceiptStore.Write write) {
        return Long.toString(write.incoming().instance().id()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] encode(ReceiptStore.Write write) {
        ReceiptStore.Incoming incoming = write.incoming();
        ObjectNode root = JSON.createObjectNode();
        root.put("v", VERSION);
        root.put("id", write.receiptId());
        root.put("instance", incoming.instance().id());
        root.put("element", incoming.instance().elementKey());
        root.put("source", incoming.source());
        root.put("receivedAt", incoming.receivedAt().toString());
        root.put("contentType", incoming.contentType());
        root.put("bodyKind", incoming.bodyKind());
        root.put("body", incoming.body());
        incoming.vendorDeliveryId().ifPresent(id -> root.put("deliveryId", id));
        TraceContext trace = incoming.trace();
        root.putArray("trace").add(trace.traceId()).add(trace.spanId()).add(trace.sampled()).add(trace.traceState());
        ArrayNode targets = root.putArray("targets");
        write.targetUrls().forEach(targets::add);
        ArrayNode pages = root.putArray("pages");
        for (ReceiptStore.Page page : write.pages()) {
            ArrayNode p = pages.addArray().add(page.id()).add(page.from()).add(page.to());
            if (page.raw() != null) {
                p.add(page.raw());
            }
        }
        ArrayNode events = root.putArray("events");
        for (Event event : write.events()) {
            events.addArray().add(event.eventType().name()).add(event.objectType()).add(event.objectId())
                    .add(event.date().toString()).add(event.object());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("could not encode receipt " + write.receiptId(), e);
        }
    }

    /**
     * The receipt of a record, for the instance {@code instances} finds now; empty when the instance is gone (its
     * receipts would be purged with it).
     *
     * @throws IllegalArgumentException when the value is no receipt record of a version this hub reads
     */
    static Optional<ReceiptStore.Write> decode(byte[] value, LongFunction<Optional<InstanceSettings>> instances) {
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a receipt record: " + e.getMessage(), e);
        }
        if (root == null || root.path("v").asInt() != VERSION) {
            throw new IllegalArgumentException("not a receipt record of version " + VERSION);
        }
        Optional<InstanceSettings> found = instances.apply(root.path("instance").asLong());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        InstanceSettings instance = found.get();
        JsonNode trace = root.path("trace");
        ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(instance, root.path("source").asText(),
                text(root.get("contentType")), root.path("bodyKind").asText(), text(root.get("body")),
                Optional.ofNullable(text(root.get("deliveryId"))), Instant.parse(root.path("receivedAt").asText()),
                null, new TraceContext(trace.path(0).asText(), trace.path(1).asText(), trace.path(2).asBoolean(),
                        text(trace.get(3))));
        String element = root.path("element").asText(instance.elementKey());
        List<Event> events = new ArrayList<>();
        for (JsonNode e : root.path("events")) {
            JsonNode object = e.get(4);
            events.add(new Event(element, EventType.valueOf(e.path(0).asText()), e.path(1).asText(),
                    text(e.get(2)), Instant.parse(e.path(3).asText()),
                    object == null || object.isNull() ? null : object));
        }
        JsonNode pages = root.path("pages");
        List<ReceiptStore.Page> written = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            JsonNode p = pages.get(i);
            written.add(new ReceiptStore.Page(p.path(0).asText(), i + 1, pages.size(), p.path(1).asInt(),
                    p.path(2).asInt(), text(p.get(3))));
        }
        List<String> targets = new ArrayList<>();
        root.path("targets").forEach(t -> targets.add(t.asText()));
        return Optional.of(new ReceiptStore.Write(root.path("id").asText(), incoming, events, written, targets,
                Optional.empty()));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
