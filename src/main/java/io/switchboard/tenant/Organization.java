package io.switchboard.tenant;

import java.time.Instant;

/** An organization: a tenant, whose secret is kept hashed. */
public record Organization(long id, String name, String failurePolicy, Instant createdAt) {

    /** What happens to a delivery whose retries are exhausted (API.md §7). */
    public enum FailurePolicy {
        retry, queue
    }
}
