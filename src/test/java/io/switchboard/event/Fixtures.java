package io.switchboard.event;

import io.switchboard.element.InboundWebhook;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.element.ElementDescriptor;
import io.switchboard.element.signature.HexHmacSha256Signature;
import io.switchboard.element.signature.HubSpotV3Signature;
import io.switchboard.element.signature.ShopifySignature;
import io.switchboard.element.signature.StripeSignature;
import io.switchboard.element.signature.TwilioSignature;
import io.switchboard.element.signature.WebhookSignatures;

/** Test resources and request builders shared by the normalization tests. */
public final class Fixtures {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final Instant RECEIVED = Instant.parse("2026-11-22T10:15:30Z");
    /** Every signature scheme the hub has, as the CDI beans would be found. */
    public static final WebhookSignatures SIGNATURES = new WebhookSignatures(List.of(
            HexHmacSha256Signature.generic(), HexHmacSha256Signature.gitHub(), new StripeSignature(),
            new ShopifySignature(), new HubSpotV3Signature(), new TwilioSignature()));

    private Fixtures() {
    }

    public static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] fixture(String path) {
        return bytes("fixtures/" + path);
    }

    /** A built-in element, read from {@code src/main/resources/elements/}. */
    public static ElementDescriptor builtIn(String key) {
        try {
            return JSON.readValue(bytes("elements/" + key + ".json"), ElementDescriptor.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A custom element whose {@code webhook} section is {@code webhookJson}. */
    public static ElementDescriptor element(String webhookJson, ElementDescriptor.ConfigKey... keys) {
        return new ElementDescriptor(null, "acme", "Acme", null, new ElementDescriptor.Events(true, false, null),
                List.of(keys), json(webhookJson), null);
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON fixture with one field replaced, e.g. another Stripe event type. */
    public static byte[] withField(byte[] body, String field, String value) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(body);
            node.put(field, value);
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static InboundWebhook post(String url, String contentType, byte[] body, String... headerPairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of(contentType));
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
        }
        return InboundWebhook.of("POST", url, headers, body, RECEIVED);
    }

    public static InboundWebhook postJson(String body, String... headerPairs) {
        return post("https://hub.example/events/acme/7", "application/json", body.getBytes(StandardCharsets.UTF_8),
                headerPairs);
    }

    public static InboundWebhook get(String url) {
        return InboundWebhook.of("GET", url, Map.of(), new byte[0], RECEIVED);
    }

    /** Parses and normalizes in one step, as the ingest endpoint will. */
    public static Normalized normalize(ElementDescriptor element, Map<String, String> config, InboundWebhook request) {
        try {
            return Normalizer.normalize(element, config, request, BodyParser.parse(request));
        } catch (BodyException e) {
            throw new AssertionError("fixture body did not parse: " + e.getMessage(), e);
        }
    }
}
