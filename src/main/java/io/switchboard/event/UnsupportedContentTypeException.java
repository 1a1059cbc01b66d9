package io.switchboard.event;

/** The body's content type is none the hub reads. */
public final class UnsupportedContentTypeException extends BodyException {

    public UnsupportedContentTypeException(String reason) {
        super(reason);
    }

    @Override
    public Kind kind() {
        return Kind.UNSUPPORTED_CONTENT_TYPE;
    }
}
