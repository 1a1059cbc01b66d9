package io.switchboard.outbound;

/**
 * Why an outgoing call got no (whole) answer. The message is the underlying reason in plain words; each caller
 * says what it was calling.
 */
public final class OutboundFailure extends RuntimeException {

    /** Where the call stopped. */
    public enum Kind {
        /** No answer within the call's timeout. */
        TIMEOUT,
        /** No connection to any of the addresses (refused, unreachable, TLS). */
        CONNECT,
        /** Connected, but the request could not be sent or no answer came on the connection. */
        SEND,
        /** The answer's body is larger than the client reads ({@link OutboundClient.BodyMode#WHOLE}). */
        TOO_LARGE,
        /** The answer's body was cut short ({@link OutboundClient.BodyMode#WHOLE}). */
        CUT_SHORT
    }

    private final Kind kind;

    public OutboundFailure(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    static OutboundFailure of(Kind kind, Throwable cause) {
        String message = cause == null ? null : cause.getMessage();
        return new OutboundFailure(kind, message == null || message.isBlank() ? "connection closed" : message, cause);
    }

    public Kind kind() {
        return kind;
    }
}
