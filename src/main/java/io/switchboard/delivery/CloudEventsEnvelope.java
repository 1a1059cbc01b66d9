package io.switchboard.delivery;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;

/**
 * A notification as a CloudEvents 1.0 event (API.md §7), built and written with the CloudEvents SDK: structured
 * ({@code application/cloudevents+json}, the hub's body as {@code data}) or binary ({@code ce-*} headers, the
 * hub's body as the body). Only instances that ask for a CloudEvents format come here.
 */
final class CloudEventsEnvelope {

    static final String TYPE = "io.switchboard.notification";
    static final String DATA_CONTENT_TYPE = "application/json";

    /** The body to send and the headers that go with it (Content-Type among them). */
    record Shaped(byte[] body, Map<String, String> headers) {
    }

    private final EventFormat json;

    CloudEventsEnvelope() {
        EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        this.json = format != null ? format : new JsonFormat();
    }

    /**
     * @param sourceBase {@code <public-url>/elements/api-v2/instances/}: the event's source is this plus the
     *                   instance id
     * @param traceparent this attempt's {@code traceparent}; null: none
     */
    Shaped shape(NotificationFormat format, byte[] data, NotificationMeta meta, String sourceBase,
            String traceparent) {
        CloudEvent event = event(data, meta, sourceBase, traceparent);
        if (format == NotificationFormat.CLOUDEVENTS) {
            return new Shaped(json.serialize(event), Map.of("Content-Type", JsonFormat.CONTENT_TYPE));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream(data.length);
        HttpMessageFactory.createWriter(headers::put, bytes -> body.writeBytes(bytes == null ? new byte[0] : bytes))
                .writeBinary(event);
        return new Shaped(body.toByteArray(), headers);
    }

    static CloudEvent event(byte[] data, NotificationMeta meta, String sourceBase, String traceparent) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(meta.eventId())
                .withSource(URI.create(sourceBase + meta.instanceId()))
                .withType(TYPE)
                .withSubject(meta.elementKey())
                .withTime(meta.time().atOffset(ZoneOffset.UTC))
                .withDataContentType(DATA_CONTENT_TYPE)
                .withData(data)
                .withExtension("instanceid", meta.instanceId())
                .withExtension("receiptid", meta.receiptId())
                .withExtension("page", meta.page())
                .withExtension("pages", meta.pages());
        if (traceparent != null) {
            builder.withExtension("traceparent", traceparent);
        }
        return builder.build();
    }
}
