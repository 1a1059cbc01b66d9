package io.switchboard.event;

import java.util.Locale;

/** What happened to the object an event names. */
public enum EventType {
    CREATED, UPDATED, DELETED, UNKNOWN;

    /** The type named by {@code name} (any case, surrounding blanks ignored), {@link #UNKNOWN} for anything else. */
    public static EventType parse(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
