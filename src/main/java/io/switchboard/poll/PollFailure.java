package io.switchboard.poll;

/**
 * Why a poll failed, in words for the instance's event log and the poll-now 502: which resource, what the vendor
 * answered (or did not), what could not be read. Never holds a secret or a URL's query string.
 */
public class PollFailure extends RuntimeException {

    /** A short excerpt of the vendor's answer, kept as the failed receipt's body; may be null. */
    private final String vendorAnswer;

    public PollFailure(String reason) {
        this(reason, null);
    }

    public PollFailure(String reason, String vendorAnswer) {
        super(reason, null, false, false);
        this.vendorAnswer = vendorAnswer;
    }

    public String reason() {
        return getMessage();
    }

    public String vendorAnswer() {
        return vendorAnswer;
    }
}
