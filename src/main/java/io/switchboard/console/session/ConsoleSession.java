package io.switchboard.console.session;

import java.util.Optional;

/** A signed-in console session: an organization's user, or the admin (organization and user empty). */
public record ConsoleSession(String idHash, String csrfToken, Optional<Long> organizationId, Optional<Long> userId,
        boolean admin) {
}
