package io.switchboard.subscription;

/**
 * One token of a {@code $filter}. {@code position} is 1-based; {@code value} is the decoded literal (a string
 * without its quotes, a {@link java.math.BigDecimal}) or the path text for a field.
 */
record FilterToken(Kind kind, String text, Object value, int position) {

    enum Kind {
        FIELD, STRING, NUMBER, TRUE, FALSE, NULL, AND, OR, NOT, EQ, NE, GT, GE, LT, LE, OPEN, CLOSE, END
    }

    /** How an error message shows this token. */
    String describe() {
        return kind == Kind.END ? "the end of the filter" : "'" + text + "'";
    }
}
