package io.switchboard.console;

/** A console request refused with a message for the page: no session (401), the wrong kind (403), no CSRF token. */
public class ConsoleRefusal extends RuntimeException {

    private final int status;

    public ConsoleRefusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
