package io.switchboard.event;

/**
 * A webhook body the hub cannot accept. {@link #getMessage()} is a plain-words reason, safe to show the vendor
 * and to record with the rejected receipt; {@link #status()} is the HTTP status to answer.
 */
public abstract sealed class BodyException extends Exception
        permits UnparseableBodyException, UnsupportedContentTypeException {

    protected BodyException(String reason) {
        super(reason, null, false, false);
    }

    public abstract int status();
}
