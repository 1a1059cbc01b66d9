package io.switchboard.store;

/** Text as PostgreSQL can store it. */
public final class Text {

    /** What stands for a NUL character (U+0000), which a PostgreSQL {@code text} cannot hold. */
    public static final char NUL_REPLACEMENT = '\uFFFD';

    private Text() {
    }

    /**
     * {@code value} with every NUL character replaced by U+FFFD. A vendor can put a NUL into any string it sends
     * (JSON writes it {@code \u0000}), and a callback into its answer; storing it as is would fail the statement,
     * and with it every receipt or outcome written beside it.
     */
    public static String storable(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', NUL_REPLACEMENT);
    }
}
