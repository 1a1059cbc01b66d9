package io.switchboard.messaging;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to a synchronous send (API.md §9): Twilio's SID and status, and {@code numSegments} computed by the
 * hub.
 */
public record SentMessage(String id, String status, String to, String from, String message,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> mediaUrls, int numSegments, Instant dateCreated) {
}
