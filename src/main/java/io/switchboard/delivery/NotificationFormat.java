package io.switchboard.delivery;

import java.util.Arrays;
import java.util.Optional;

/** How a callback's body is shaped ({@code event.notification.format}, API.md §7). */
public enum NotificationFormat {

    /** The hub's own body, as it is rendered. */
    ELEMENTS("elements"),
    /** CloudEvents 1.0 structured mode: {@code application/cloudevents+json}, the hub's body as {@code data}. */
    CLOUDEVENTS("cloudevents"),
    /** CloudEvents 1.0 binary mode: the hub's body with {@code ce-*} headers. */
    CLOUDEVENTS_BINARY("cloudevents-binary");

    private final String value;

    NotificationFormat(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<NotificationFormat> parse(String text) {
        return Arrays.stream(values()).filter(f -> f.value.equals(text.trim())).findFirst();
    }
}
