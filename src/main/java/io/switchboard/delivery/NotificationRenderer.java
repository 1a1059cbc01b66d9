package io.switchboard.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.element.FormEncoding;
import io.switchboard.trace.TraceContext;

/**
 * Renders the callback body of notifications (API.md §7) from the stored receipt, its events and the page
 * bounds. The vendor body is stored once per receipt and embedded here: JSON as JSON (the bytes as received),
 * form as an object of strings, anything else as a string.
 */
@ApplicationScoped
public class NotificationRenderer {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

    @Inject NotificationContents contents;
    @Inject ObjectMapper mapper;

    /** A notification's body and what else its callback needs. */
    public record RenderedPage(byte[] body, NotificationMeta meta) {
    }

    /** The body of each notification, by notification id; a notification whose receipt is gone is absent. */
    public Map<String, byte[]> render(List<String> notificationIds) {
        Map<String, byte[]> bodies = new HashMap<>();
        renderPages(notificationIds).forEach((id, page) -> bodies.put(id, page.body()));
        return bodies;
    }

    /** As {@link #render(List)}, each body with its {@link NotificationMeta}. */
    public Map<String, RenderedPage> renderPages(List<String> notificationIds) {
        Map<String, RenderedPage> bodies = new HashMap<>();
        if (notificationIds.isEmpty()) {
            return bodies;
        }
        NotificationContents.Contents contents = this.contents.load(notificationIds);
        for (Page page : contents.pages()) {
            bodies.put(page.id, new RenderedPage(write(page, contents.events().getOrDefault(page.receiptId,
                    List.of())), page.meta()));
        }
        return bodies;
    }

    /**
     * What a notification's body is made of: its page of the receipt (events {@code firstEvent..lastEvent}, 0-based,
     * inclusive), the instance, and the raw to embed ({@code raw}, or else the receipt's {@code body} of
     * {@code bodyKind}); {@code instanceTags} is a JSON array; {@code acceptedAt} when the receipt was accepted,
     * {@code trace} its trace (null: stored before traces were kept).
     */
    public record Page(String id, String receiptId, int page, int pages, int firstEvent, int lastEvent, String raw,
            long instanceId, String elementKey, String source, String bodyKind, String body, Timestamp pollDate,
            String instanceName, String instanceTags, Instant acceptedAt, TraceContext trace) {

        /** This page with its instance's name and tags (a JSON array). */
        public Page withInstance(String name, String tags) {
            return new Page(id, receiptId, page, pages, firstEvent, lastEvent, raw, instanceId, elementKey, source,
                    bodyKind, body, pollDate, name, tags, acceptedAt, trace);
        }

        /** The CloudEvents attributes and trace of this page; {@code time} is the poll's start for a poll. */
        public NotificationMeta meta() {
            return new NotificationMeta(id, instanceId, elementKey, receiptId, page, pages,
                    pollDate != null ? pollDate.toInstant() : acceptedAt, trace);
        }
    }

    /** An event as a notification shows it. */
    public record EventLine(String eventType, String objectType, String objectId, Instant date) {
    }

    /** The body of one notification from what the caller holds ({@code events}: all of the receipt's, in order). */
    public byte[] render(Page page, List<EventLine> events) {
        return write(page, events);
    }

    private byte[] write(Page page, List<EventLine> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + (page.body == null ? 0 : page.body.length()));
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("message");
            json.writeStringField("eventId", page.id);
            json.writeNumberField("instanceId", page.instanceId);
            json.writeStringField("instanceName", page.instanceName);
            json.writeFieldName("instanceTags");
            json.writeRawValue(page.instanceTags);
            json.writeStringField("elementKey", page.elementKey);
            json.writeStringField("eventSource", page.source);
            json.writeStringField("receiptId", page.receiptId);
            json.writeNumberField("page", page.page);
            json.writeNumberField("pages", page.pages);
            if (page.pollDate == null) {
                json.writeNullField("pollDate");
            } else {
                json.writeStringField("pollDate", ISO.format(page.pollDate.toInstant()));
            }
            json.writeArrayFieldStart("events");
            for (int i = page.firstEvent; i <= page.lastEvent && i < events.size(); i++) {
                EventLine event = events.get(i);
                json.writeStartObject();
                json.writeStringField("elementKey", page.elementKey);
                json.writeStringField("eventType", event.eventType());
                json.writeStringField("objectType", event.objectType());
                json.writeStringField("objectId", event.objectId());
                json.writeStringField("date", ISO.format(event.date()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName("raw");
            writeRaw(json, page);
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeRaw(JsonGenerator json, Page page) throws IOException {
        if (page.raw != null) {
            json.writeRawValue(page.raw);
            return;
        }
        if (page.body == null) {
            json.writeNull();
            return;
        }
        switch (page.bodyKind) {
            case "json" -> json.writeRawValue(page.body);
            case "form" -> {
                json.writeStartObject();
                for (Map.Entry<String, List<String>> field : FormEncoding.decode(page.body, StandardCharsets.UTF_8)
                        .entrySet()) {
                    json.writeStringField(field.getKey(), field.getValue().isEmpty() ? "" : field.getValue().get(0));
                }
                json.writeEndObject();
            }
            default -> json.writeString(page.body);
        }
    }
}
