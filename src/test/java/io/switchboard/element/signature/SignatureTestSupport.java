package io.switchboard.element.signature;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.switchboard.element.InboundWebhook;

final class SignatureTestSupport {

    private SignatureTestSupport() {
    }

    static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    static InboundWebhook request(String method, String url, String contentType, String body, String... headerPairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", List.of(contentType));
        }
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
        }
        return InboundWebhook.of(method, url, headers, body.getBytes(StandardCharsets.UTF_8),
                Instant.parse("2026-11-22T10:15:30Z"));
    }
}
