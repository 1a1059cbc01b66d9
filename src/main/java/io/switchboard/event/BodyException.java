package io.switchboard.event;

/**
 * A webhook body the hub cannot accept. {@link #getMessage()} is a plain-words reason, safe to show the vendor
 * and to record with the rejected receipt; {@link #kind()} says what is wrong with it (the HTTP layer answers it).
 */
public abstract sealed class BodyException extends Exception
        permits UnparseableBodyException, UnsupportedContentTypeException {

    /** What is wrong with a body. */
    public enum Kind {
        /** It does not parse as its content type says. */
        UNPARSEABLE,
        /** Its content type is none the hub reads. */
        UNSUPPORTED_CONTENT_TYPE
    }

    protected BodyException(String reason) {
        super(reason, null, false, false);
    }

    public abstract Kind kind();
}
