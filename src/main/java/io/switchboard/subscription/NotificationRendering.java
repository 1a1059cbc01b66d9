package io.switchboard.subscription;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.api.Api;
import io.switchboard.api.PublicUrl;
import io.switchboard.event.Event;

/**
 * The notification of one matching event (API.md §8) and its forms on the wire: the JSON notification object
 * (what is stored), a JSON push {@code {"notification": …}}, an Atom {@code <entry>}, and the pull feed as JSON
 * ({@code {"d": {"results", "__delta"}}}) or an Atom {@code <feed>}. XML is written with StAX, so that titles
 * and values are escaped.
 */
@ApplicationScoped
public class NotificationRendering {

    static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;
    private static final XMLOutputFactory XML = XMLOutputFactory.newInstance();

    @Inject ObjectMapper mapper;
    @Inject PublicUrl publicUrl;

    /** The notification object: {@code id, subscriptionId, title, collection, objectId, eventType, date, entity}. */
    public String notification(String id, Subscription subscription, Event event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", id);
            json.writeStringField("subscriptionId", subscription.id());
            json.writeStringField("title", subscription.title());
            json.writeStringField("collection", event.objectType());
            json.writeStringField("objectId", event.objectId());
            json.writeStringField("eventType", event.eventType().name());
            json.writeStringField("date", ISO.format(event.date()));
            json.writeFieldName("entity");
            if (event.object() == null || event.object().isMissingNode()) {
                json.writeNull();
            } else {
                json.writeTree(event.object());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The body of a push in the subscription's format. */
    public byte[] push(PushFormat format, String notification) {
        if (format == PushFormat.JSON) {
            return ("{\"notification\":" + notification + "}").getBytes(StandardCharsets.UTF_8);
        }
        return xml(writer -> entry(writer, notification, true));
    }

    /** The pull feed as JSON: {@code {"d": {"results": [...], "__delta": "..."}}}. */
    public byte[] feedJson(List<String> notifications, String delta) {
        StringBuilder out = new StringBuilder(64 + notifications.stream().mapToInt(String::length).sum());
        out.append("{\"d\":{\"results\":[");
        for (int i = 0; i < notifications.size(); i++) {
            out.append(i == 0 ? "" : ",").append(notifications.get(i));
        }
        out.append("],\"__delta\":");
        try {
            out.append(mapper.writeValueAsString(delta));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The pull feed as an Atom {@code <feed>} with {@code <link rel="delta">}. */
    public byte[] feedAtom(List<String> notifications, String self, String delta, Instant updated) {
        return xml(writer -> {
            writer.writeStartElement("feed");
            writer.writeDefaultNamespace(ATOM);
            element(writer, "id", publicUrl.of(Api.BASE + "/notifications"));
            element(writer, "title", "Switchboard notifications");
            element(writer, "updated", ISO.format(updated));
            link(writer, "self", self);
            link(writer, "delta", delta);
            for (String notification : notifications) {
                entry(writer, notification, false);
            }
            writer.writeEndElement();
        });
    }

    private void entry(XMLStreamWriter writer, String notification, boolean root) throws XMLStreamException {
        JsonNode n = read(notification);
        writer.writeStartElement("entry");
        if (root) {
            writer.writeDefaultNamespace(ATOM);
        }
        element(writer, "id", "urn:switchboard:notification:" + n.path("id").asText());
        String title = n.path("title").isTextual() ? n.path("title").asText() : "";
        element(writer, "title", (title.isEmpty() ? "" : title + ": ") + n.path("eventType").asText() + " "
                + n.path("collection").asText() + " " + n.path("objectId").asText(""));
        element(writer, "updated", n.path("date").asText());
        writer.writeStartElement("author");
        element(writer, "name", "Switchboard");
        writer.writeEndElement();
        writer.writeEmptyElement("category");
        writer.writeAttribute("term", n.path("eventType").asText());
        writer.writeAttribute("label", "eventType");
        link(writer, "related", publicUrl.of(Api.BASE + "/subscriptions/" + n.path("subscriptionId").asText()));
        writer.writeStartElement("content");
        writer.writeAttribute("type", "application/json");
        writer.writeCharacters(notification);
        writer.writeEndElement();
        writer.writeEndElement();
    }

    private JsonNode read(String notification) {
        try {
            return mapper.readTree(notification);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void element(XMLStreamWriter writer, String name, String text) throws XMLStreamException {
        writer.writeStartElement(name);
        writer.writeCharacters(text);
        writer.writeEndElement();
    }

    private static void link(XMLStreamWriter writer, String rel, String href) throws XMLStreamException {
        writer.writeEmptyElement("link");
        writer.writeAttribute("rel", rel);
        writer.writeAttribute("href", href);
    }

    private interface XmlBody {
        void write(XMLStreamWriter writer) throws XMLStreamException;
    }

    private static byte[] xml(XmlBody body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            XMLStreamWriter writer = XML.createXMLStreamWriter(out, "UTF-8");
            writer.writeStartDocument("UTF-8", "1.0");
            body.write(writer);
            writer.writeEndDocument();
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write Atom", e);
        }
        return out.toByteArray();
    }
}
