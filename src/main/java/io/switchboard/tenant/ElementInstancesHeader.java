package io.switchboard.tenant;

import java.util.ArrayList;
import java.util.List;

import io.switchboard.error.HubError;

/**
 * The {@code Element-Instances} header: a comma-separated list of instance references (ids), at most
 * {@value #MAX_ENTRIES}. Strict: an empty entry ({@code 1,,2}, a trailing comma) is a 400, not skipped.
 */
public final class ElementInstancesHeader {

    public static final String NAME = "Element-Instances";
    public static final int MAX_ENTRIES = 100;

    private ElementInstancesHeader() {
    }

    /** The entries, trimmed; empty for an absent or blank header. */
    public static List<String> parse(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        String[] parts = header.split(",", -1);
        if (parts.length > MAX_ENTRIES) {
            throw HubError.invalidField(NAME, "lists " + parts.length + " instances; at most " + MAX_ENTRIES
                    + " are allowed");
        }
        List<String> entries = new ArrayList<>(parts.length);
        for (String part : parts) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                throw HubError.invalidField(NAME, "has an empty entry; list instance ids separated by single commas, "
                        + "e.g. 7,8");
            }
            entries.add(entry);
        }
        return entries;
    }
}
