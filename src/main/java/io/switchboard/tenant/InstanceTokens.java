package io.switchboard.tenant;

import java.util.Optional;

/**
 * The instance an Element token names. The instance package, above this one, owns instances and implements it,
 * so that authentication needs no SQL on another package's table.
 */
public interface InstanceTokens {

    /** An instance a token names: its id, and whether it is disabled. */
    record TokenInstance(long id, boolean disabled) {
    }

    /** The organization's live (not deleted) instance whose token has this hash. */
    Optional<TokenInstance> find(long organizationId, String tokenHash);
}
