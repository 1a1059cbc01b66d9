package io.switchboard.instance;

import java.time.Instant;
import java.util.List;

/**
 * An instance as stored: an element plus one tenant's configuration, whose rows are {@link InstanceConfig}.
 * Immutable; {@link InstanceStore} reads and writes it. (Its parts are public final fields rather than record
 * components because callers read {@code instances.find(org, id).id}.)
 */
public final class Instance {

    public final long id;
    public final long organizationId;
    /** The user who created it; null once that user is gone. */
    public final Long userId;
    public final String elementKey;
    public final String name;
    public final List<String> tags;
    /** The token sealed with the secrets key, so that the owner can read it again. */
    final String tokenSealed;
    public final boolean disabled;
    public final Instant createdAt;
    public final Instant updatedAt;

    Instance(long id, long organizationId, Long userId, String elementKey, String name, List<String> tags,
            String tokenSealed, boolean disabled, Instant createdAt, Instant updatedAt) {
        this.id = id;
        this.organizationId = organizationId;
        this.userId = userId;
        this.elementKey = elementKey;
        this.name = name;
        this.tags = List.copyOf(tags);
        this.tokenSealed = tokenSealed;
        this.disabled = disabled;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }
}
