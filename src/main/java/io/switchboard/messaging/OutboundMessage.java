package io.switchboard.messaging;

import java.util.List;

/**
 * A validated message, ready for Twilio: numbers checked, {@code from} resolved from the instance's default
 * sender when the request had none.
 *
 * @param text      the text, or null for a media-only message
 * @param mediaUrls at most 10 http(s) URLs
 */
public record OutboundMessage(String to, String from, String text, List<String> mediaUrls) {

    public OutboundMessage {
        mediaUrls = List.copyOf(mediaUrls);
    }

    public int numSegments() {
        return Segments.count(text);
    }
}
