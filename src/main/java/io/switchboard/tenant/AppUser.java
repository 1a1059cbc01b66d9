package io.switchboard.tenant;

import java.time.Instant;

/** A user of an organization, whose secret is kept hashed. */
public record AppUser(long id, long organizationId, String email, String firstName, String lastName,
        Instant createdAt) {
}
