package io.switchboard.tenant;

import java.util.Optional;

/**
 * The parts of an {@code Authorization} header: {@code User <u>, Organization <o>[, Element <t>]},
 * {@code User <u>, Element <t>} or {@code Bearer <adminKey>}. Parsing is strict about the names (case
 * insensitive) and lenient about spaces around the commas.
 */
public record AuthorizationHeader(String user, String organization, String element, String bearer) {

    public static Optional<AuthorizationHeader> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String trimmed = header.trim();
        if (trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = trimmed.substring(7).trim();
            return key.isEmpty() ? Optional.empty() : Optional.of(new AuthorizationHeader(null, null, null, key));
        }
        String user = null;
        String organization = null;
        String element = null;
        for (String part : trimmed.split(",", -1)) {
            String[] nameAndValue = part.trim().split("\\s+", 2);
            if (nameAndValue.length != 2 || nameAndValue[1].isBlank()) {
                return Optional.empty();
            }
            String value = nameAndValue[1].trim();
            switch (nameAndValue[0].toLowerCase(java.util.Locale.ROOT)) {
                case "user" -> user = value;
                case "organization" -> organization = value;
                case "element" -> element = value;
                default -> {
                    return Optional.empty();
                }
            }
        }
        if (user == null || (organization == null && element == null)) {
            return Optional.empty();
        }
        return Optional.of(new AuthorizationHeader(user, organization, element, null));
    }

    public boolean isAdmin() {
        return bearer != null;
    }

    public boolean isPlatform() {
        return user != null && organization != null;
    }

    /** The two-part {@code User, Element} form that names an instance without the organization secret. */
    public boolean isInstanceOnly() {
        return user != null && organization == null && element != null;
    }
}
