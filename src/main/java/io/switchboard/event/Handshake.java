package io.switchboard.event;

/** The answer to a vendor's verification request (e.g. a GET with {@code hub.challenge}). */
public record Handshake(int status, String contentType, String body) {

    public static Handshake echo(String challenge) {
        return new Handshake(200, "text/plain", challenge);
    }
}
