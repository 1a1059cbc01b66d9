package io.switchboard.subscription;

import java.util.Locale;

/** How a subscription's pushes are rendered, fixed at subscribe time by {@code Accept} (API.md §8). */
public enum PushFormat {
    JSON("application/json"), ATOM("application/atom+xml");

    private final String mediaType;

    PushFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** JSON when {@code Accept} lists {@code application/json}; otherwise (absent, {@code *}/{@code *}, Atom) Atom. */
    public static PushFormat fromAccept(String accept) {
        if (accept != null) {
            for (String range : accept.split(",")) {
                String type = range.split(";")[0].trim().toLowerCase(Locale.ROOT);
                if (type.equals("application/json")) {
                    return JSON;
                }
            }
        }
        return ATOM;
    }

    /** The format of a feed response: Atom only when {@code Accept} asks for it and not for JSON. */
    public static PushFormat forFeed(String accept) {
        if (accept == null) {
            return JSON;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        return lower.contains("application/atom+xml") && fromAccept(accept) != JSON ? ATOM : JSON;
    }

    String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static PushFormat ofColumn(String column) {
        return valueOf(column.toUpperCase(Locale.ROOT));
    }
}
