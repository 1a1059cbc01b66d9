package io.switchboard.api;

/** Examples of the OpenAPI document, taken from API.md, so that resources refer to them by name. */
public final class OpenApiExamples {

    public static final String INSTANCE_REQUEST = """
            {"element": {"key": "twilio"}, "name": "sms-eu", "tags": ["eu"],
             "configuration": {"twilio.account.sid": "AC0123456789abcdef0123456789abcdef", "twilio.auth.token": "…",
                               "event.notification.enabled": "true",
                               "event.notification.callback.url": "https://app.example/callback",
                               "event.notification.signature.key": "s3cret",
                               "event.vendor.type": "webhook"}}""";

    /** The event configuration keys (API.md §4 and §7), as the InstanceRequest schema lists them. */
    public static final String EVENT_KEYS = "event.notification.enabled (true/false), event.vendor.type (webhook or "
            + "polling), event.notification.callback.url, event.notification.signature.key, "
            + "event.poller.refresh_interval (minutes), event.poller.configuration, "
            + "event.notification.instance.finder, event.objects, event.notification.format (elements, cloudevents or "
            + "cloudevents-binary), event.notification.retry.schedule (e.g. 10s,1m,10m, or none), "
            + "event.notification.timeout (1s to 60s), event.notification.ordered (true: one notification at a time, "
            + "in order)";

    public static final String REPLAY = """
            {"id": "rpl_01JD8Z6Q4T9X2M5N7P3R1S0VWX", "status": "RUNNING", "receipts": 2, "notifications": 3}""";

    public static final String REPLAY_PROGRESS = """
            {"id": "rpl_01JD8Z6Q4T9X2M5N7P3R1S0VWX", "status": "RUNNING", "notifications": 3, "delivered": 1,
             "failed": 0, "pending": 2}""";

    public static final String INSTANCE_PATCH = """
            {"tags": ["eu", "prod"], "configuration": {"event.notification.callback.url": "https://app.example/cb2"}}""";

    public static final String INSTANCE = """
            {"id": 7, "name": "sms-eu", "token": "3f1c2a9e0b7d4c58a6e2f1d0c9b8a7e6",
             "element": {"key": "twilio", "name": "Twilio"}, "tags": ["eu"],
             "configuration": {"twilio.account.sid": "AC0123456789abcdef0123456789abcdef", "twilio.auth.token": "********",
                               "event.notification.enabled": "true",
                               "event.notification.callback.url": "https://app.example/callback",
                               "event.notification.signature.key": "********", "event.vendor.type": "webhook"},
             "valid": true, "disabled": false, "eventsEnabled": true, "createdDate": "2026-11-22T10:15:30.123Z",
             "updatedDate": "2026-11-22T10:15:30.123Z",
             "webhookUrl": "https://hub.example/elements/api-v2/events/twilio/7",
             "user": {"id": 1, "emailAddress": "admin@localhost", "firstName": "", "lastName": ""}}""";

    public static final String CONFIG_ENTRY = """
            {"id": 42, "key": "event.notification.callback.url", "name": "Callback URL",
             "propertyValue": "https://app.example/callback", "secret": false}""";

    public static final String PROPERTY_VALUE = """
            {"propertyValue": "https://app.example/callback"}""";

    public static final String WEBHOOK_BODY = """
            {"id": "ord_1001", "type": "created", "total": 42.5}""";

    public static final String RECEIPT = """
            {"id": "rcp_01JD8Z6Q4T9X2M5N7P3R1S0VWY", "events": 1, "notifications": 1}""";

    public static final String RECEIPTS = """
            [{"id": "rcp_01JD8Z6Q4T9X2M5N7P3R1S0VWY", "eventDate": "2026-11-22T10:15:30.123Z", "source": "webhook",
              "status": "NOTIFIED", "events": 1, "notifications": 1}]""";

    public static final String DELIVERIES = """
            [{"id": 9, "notificationId": "ntf_01JD8Z6Q4T9X2M5N7P3R1S0VWZ", "receiptId": "rcp_01JD8Z6Q4T9X2M5N7P3R1S0VWY",
              "target": "callback", "url": "https://app.example/callback", "status": "DELIVERED", "attempts": 1,
              "lastStatusCode": 200, "lastAttemptDate": "2026-11-22T10:15:30.456Z",
              "createdDate": "2026-11-22T10:15:30.123Z",
              "deliveredDate": "2026-11-22T10:15:30.456Z"}]""";

    public static final String MESSAGE_REQUEST = """
            {"to": "+14155550100", "from": "+14155550199", "message": "Your order shipped",
             "mediaUrls": ["https://cdn.example/label.png"], "timestamp": "2026-11-22T10:15:30Z"}""";

    public static final String MESSAGE_CREATIVE = """
            TO:+14155550100;
            FROM:+14155550199;
            Your order shipped""";

    public static final String MESSAGE = """
            {"id": "SM0123456789abcdef0123456789abcdef", "status": "queued", "to": "+14155550100",
             "from": "+14155550199", "message": "Your order shipped", "numSegments": 1,
             "dateCreated": "2026-11-22T10:15:31Z"}""";

    public static final String SUBSCRIPTION_REQUEST = """
            {"title": "California customers", "instanceId": 7, "collection": "customers",
             "filter": "state eq 'CA'", "changeType": ["CREATED", "UPDATED"],
             "deliveryAddress": "https://app.example/sap-push", "persistNotifications": true}""";

    public static final String FEED = """
            {"d": {"results": [{"notification": {"id": "sn_01JD8Z6Q4T9X2M5N7P3R1S0VWY", "subscriptionId": "sub_01JD8Z",
               "title": "California customers", "collection": "customers", "objectId": "cus_1", "eventType": "CREATED",
               "date": "2026-11-22T10:15:30Z", "entity": {"id": "cus_1", "state": "CA"}}}],
               "__delta": "https://hub.example/elements/api-v2/notifications?deltatoken=42"}}""";

    public static final String ORGANIZATION = """
            {"id": 2, "name": "acme", "secret": "9c1f…"}""";

    public static final String USER = """
            {"id": 3, "email": "ops@acme.test", "secret": "5be0…"}""";

    private OpenApiExamples() {
    }
}
