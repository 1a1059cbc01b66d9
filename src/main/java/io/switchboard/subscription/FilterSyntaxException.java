package io.switchboard.subscription;

/**
 * A {@code $filter} that does not parse. {@link #position()} is 1-based: the first character of the offending
 * token, or the length of the input + 1 when the input ended too early.
 */
public final class FilterSyntaxException extends RuntimeException {

    private final int position;

    FilterSyntaxException(int position, String expected, String found) {
        super("at position " + position + ": expected " + expected + ", found " + found, null, false, false);
        this.position = position;
    }

    /** A filter over one of the limits of {@link Filter}. */
    FilterSyntaxException(int position, String limit) {
        super("at position " + position + ": " + limit, null, false, false);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
