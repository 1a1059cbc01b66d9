package io.switchboard.event;

/** The body does not parse as its content type says. */
public final class UnparseableBodyException extends BodyException {

    public UnparseableBodyException(String reason) {
        super(reason);
    }

    @Override
    public Kind kind() {
        return Kind.UNPARSEABLE;
    }
}
