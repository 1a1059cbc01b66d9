package io.switchboard.delivery;

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
    /** Read on every receipt: parsing allocates nothing. */
    private final Optional<NotificationFormat> asOptional;

    NotificationFormat(String value) {
        this.value = value;
        this.asOptional = Optional.of(this);
    }

    public String value() {
        return value;
    }

    private static final NotificationFormat[] ALL = values();

    public static Optional<NotificationFormat> parse(String text) {
        String value = text.trim();
        for (NotificationFormat format : ALL) {
            if (format.value.equals(value)) {
                return format.asOptional;
            }
        }
        return Optional.empty();
    }
}
