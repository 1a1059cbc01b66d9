package io.switchboard.event;

/** The body does not parse as its content type says (a 400). */
public final class UnparseableBodyException extends BodyException {

    public UnparseableBodyException(String reason) {
        super(reason);
    }

    @Override
    public int status() {
        return 400;
    }
}
