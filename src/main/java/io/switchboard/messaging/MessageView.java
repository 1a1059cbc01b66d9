package io.switchboard.messaging;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A stored message as {@code GET /hubs/messaging/messages/{id}} shows it.
 *
 * @param id          Twilio's SID for a message sent synchronously, {@code msg_…} for an async one
 * @param sid         Twilio's SID once Twilio took the message
 * @param status      {@code accepted}, {@code sending}, then Twilio's status (status callbacks included), or
 *                    {@code failed}
 * @param reason      why the hub gave up, for {@code failed} before Twilio took the message
 * @param twilioCode  Twilio's error code when Twilio refused the message
 * @param errorCode   the {@code ErrorCode} of a {@code failed}/{@code undelivered} status callback
 * @param attempts    calls made to Twilio for an async message
 * @param nextAttempt when an async message is tried again
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageView(String id, String sid, String status, String to, String from, String message,
        List<String> mediaUrls, int numSegments, Instant dateCreated, Instant dateUpdated, Integer attempts,
        Instant nextAttempt, String reason, Integer twilioCode, Integer errorCode) {
}
