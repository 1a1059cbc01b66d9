package io.switchboard.tenant;

import java.util.Optional;

/**
 * Who is calling: an organization's user, and the instance its Element token names, if any.
 * Every query of tenant data is scoped by {@link #organizationId()}.
 */
public record Caller(long organizationId, long userId, Optional<Long> instanceId) {
}
