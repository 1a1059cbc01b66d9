package io.switchboard.messaging;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message as an app sends it (API.md §9), before validation. {@code body} is a synonym of {@code message};
 * {@code timestamp} is ISO-8601 or epoch seconds (milliseconds from 10^11 on), read by {@link MessageValidator}.
 */
public record MessageRequest(String to, String from, String message, String body, List<String> mediaUrls,
        JsonNode timestamp) {
}
