package io.switchboard.delivery;

/** The status of a delivery, as stored and shown (API.md §7). */
public enum DeliveryStatus {
    /** Due, being sent, or waiting for its next retry. */
    PENDING,
    DELIVERED,
    /** Retries exhausted under the 'retry' policy, or the target answered 410. */
    FAILED,
    /** Retries exhausted under the 'queue' policy: its URL is paused until a redeliver resumes it. */
    QUEUED,
    /** Its instance was deleted before it was delivered. */
    CANCELLED
}
