package io.switchboard.event;

/** The body's content type is none the hub reads (a 415). */
public final class UnsupportedContentTypeException extends BodyException {

    public UnsupportedContentTypeException(String reason) {
        super(reason);
    }

    @Override
    public int status() {
        return 415;
    }
}
