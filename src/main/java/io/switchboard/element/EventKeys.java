package io.switchboard.element;

import java.util.List;

import io.switchboard.element.ElementDescriptor.ConfigKey;

/** The event configuration keys every element with events accepts (API.md §4). */
public final class EventKeys {

    public static final String ENABLED = "event.notification.enabled";
    public static final String VENDOR_TYPE = "event.vendor.type";
    public static final String CALLBACK_URL = "event.notification.callback.url";
    public static final String SIGNATURE_KEY = "event.notification.signature.key";
    public static final String POLLER_REFRESH_INTERVAL = "event.poller.refresh_interval";
    public static final String POLLER_CONFIGURATION = "event.poller.configuration";
    public static final String INSTANCE_FINDER = "event.notification.instance.finder";
    public static final String OBJECTS = "event.objects";

    // Delivery options of an instance (API.md §7): the body's format, its retries, its timeout and its order.
    public static final String NOTIFICATION_FORMAT = "event.notification.format";
    public static final String NOTIFICATION_RETRY_SCHEDULE = "event.notification.retry.schedule";
    public static final String NOTIFICATION_TIMEOUT = "event.notification.timeout";
    public static final String ORDERED = "event.notification.ordered";

    private EventKeys() {
    }

    static List<ConfigKey> forElement(ElementDescriptor element) {
        return List.of(
                new ConfigKey(ENABLED, "Events enabled", false, false, "false",
                        "produce events at all"),
                new ConfigKey(VENDOR_TYPE, "Event type", false, false, element.events().defaultVendorType(),
                        "webhook or polling"),
                new ConfigKey(CALLBACK_URL, "Callback URL", false, false, null,
                        "where notifications are POSTed, or kafka:<topic> to produce them to a Kafka topic (API.md §11); "
                                + "unset keeps events for pull only", true),
                new ConfigKey(SIGNATURE_KEY, "Callback signature key", false, true, null,
                        "HMAC key for Elements-Webhook-Signature (whsec_… adds Standard Webhooks headers)"),
                new ConfigKey(POLLER_REFRESH_INTERVAL, "Polling interval (minutes)", false, false, "15",
                        "minutes between polls, fractions allowed, at least 0.1"),
                new ConfigKey(POLLER_CONFIGURATION, "Polling configuration", false, false,
                        defaultPollerConfiguration(element), "the resources to poll, see API.md §6"),
                new ConfigKey(INSTANCE_FINDER, "Instance finder", false, false, null,
                        "configKey|payload.path: routes /events/{elementKey} posts without an id"),
                new ConfigKey(OBJECTS, "Object types", false, false, null,
                        "comma-separated object types to keep; others are dropped"),
                new ConfigKey(NOTIFICATION_FORMAT, "Notification format", false, false, "elements",
                        "elements, cloudevents (structured) or cloudevents-binary (ce-* headers)"),
                new ConfigKey(NOTIFICATION_RETRY_SCHEDULE, "Retry schedule", false, false, null,
                        "retry delays, e.g. 10s,1m,10m, or none for one attempt; unset: the hub's"),
                new ConfigKey(NOTIFICATION_TIMEOUT, "Callback timeout", false, false, null,
                        "per-attempt timeout from 1s to 60s; unset: the hub's"),
                new ConfigKey(ORDERED, "Ordered delivery", false, false, "false",
                        "true: notifications reach the callback one at a time, in order"));
    }

    private static String defaultPollerConfiguration(ElementDescriptor element) {
        if (element.polling() == null || !element.polling().has("configuration")) {
            return null;
        }
        return element.polling().get("configuration").toString();
    }
}
