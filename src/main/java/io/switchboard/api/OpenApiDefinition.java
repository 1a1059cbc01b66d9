package io.switchboard.api;

/**
 * Names in the OpenAPI document that resources refer to: the security schemes of the three credentials of API.md §2,
 * the feature tags and the shared problem answers ({@code @APIResponse(responseCode = "409", ref =
 * OpenApiDefinition.CONFLICT)}). They are defined in this package's {@code package-info.java}, the problem answers
 * in {@link OpenApiProblems}; the answers every operation of a kind has (401 and 403 with credentials, 404 with a
 * path parameter, 400/413/415 with a body) are added by {@link OpenApiDocumentFilter}, so resources only name the
 * ones particular to them.
 */
public final class OpenApiDefinition {

    /** Security scheme: {@code User <u>, Organization <o>[, Element <t>]}. */
    public static final String PLATFORM = "platform";
    /** Security scheme: {@code User <u>, Element <token>}. */
    public static final String INSTANCE = "instance";
    /** Security scheme: {@code Bearer <adminKey>}. */
    public static final String ADMIN = "admin";

    public static final String TAG_ELEMENTS = "Elements";
    public static final String TAG_INSTANCES = "Instances";
    public static final String TAG_EVENTS = "Events";
    public static final String TAG_DELIVERIES = "Deliveries";
    public static final String TAG_WEBHOOKS = "Vendor webhooks";
    public static final String TAG_SUBSCRIPTIONS = "Subscriptions";
    public static final String TAG_MESSAGING = "Messaging";
    public static final String TAG_ACCOUNT = "Account";
    public static final String TAG_ADMIN = "Admin";

    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
    public static final String GONE = "Gone";
    public static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    public static final String UNPROCESSABLE = "Unprocessable";
    public static final String BAD_GATEWAY = "BadGateway";

    /** The answers and the body of the two webhook operations (API.md §5). */
    public static final String WEBHOOK_BODY = "WebhookBody";
    public static final String WEBHOOK_STORED = "WebhookStored";
    public static final String WEBHOOK_IGNORED = "WebhookIgnored";
    public static final String WEBHOOK_REJECTED = "WebhookRejected";
    /** The answers of sending a message, in JSON or the creative format (API.md §9). */
    public static final String MESSAGE_SENT = "MessageSent";
    public static final String MESSAGE_ACCEPTED = "MessageAccepted";

    private OpenApiDefinition() {
    }
}
