package io.switchboard.ingest;

import io.switchboard.event.BodyException;

/** What became of a webhook for one instance. */
public enum WebhookOutcome {
    /** Stored as a new receipt. */
    STORED,
    /** A vendor retry of a delivery already stored: nothing new. */
    DUPLICATE,
    /** The instance's events are off: nothing stored or sent. */
    IGNORED,
    /** The instance is disabled and takes no webhooks. */
    DISABLED,
    /** The element's signature check failed: logged as REJECTED. */
    SIGNATURE_REJECTED,
    /** The body does not parse as its content type says: logged as REJECTED. */
    UNPARSEABLE_BODY,
    /** The body's content type is none the hub reads: logged as REJECTED. */
    UNSUPPORTED_CONTENT_TYPE,
    /** The element's normalization rules are invalid: logged as REJECTED. */
    NOT_NORMALIZED;

    /** Whether the receipt is (or already was) stored. */
    public boolean stored() {
        return this == STORED || this == DUPLICATE;
    }

    static WebhookOutcome of(BodyException.Kind kind) {
        return switch (kind) {
            case UNPARSEABLE -> UNPARSEABLE_BODY;
            case UNSUPPORTED_CONTENT_TYPE -> UNSUPPORTED_CONTENT_TYPE;
        };
    }
}
