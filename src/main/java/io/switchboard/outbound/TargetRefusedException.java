package io.switchboard.outbound;

/**
 * An outgoing URL that must not be called. The message is meant for people: it says what is wrong and, for a
 * private address, which setting allows it. Retrying cannot help, so a delivery that gets one is {@code FAILED}.
 */
public class TargetRefusedException extends RuntimeException {

    public TargetRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
