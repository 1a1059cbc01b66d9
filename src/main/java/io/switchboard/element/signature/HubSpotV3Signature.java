package io.switchboard.element.signature;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import io.switchboard.element.InboundWebhook;

/**
 * HubSpot's v3 request signature: {@code X-HubSpot-Signature-v3} is the base64 HMAC-SHA256 (keyed with the app's
 * client secret) of method + URI + body + {@code X-HubSpot-Request-Timestamp}, the timestamp (milliseconds)
 * being at most 5 minutes away from now. HubSpot signs the URI with these characters decoded:
 * {@code %3A : %2F / %3F ? %40 @ %21 ! %24 $ %27 ' %28 ( %29 ) %2A * %2C , %3B ;}.
 */
@Singleton
public final class HubSpotV3Signature implements SignatureScheme {

    @Override
    public String name() {
        return "hubspot-v3";
    }

    static final String SIGNATURE = "X-HubSpot-Signature-v3";
    static final String TIMESTAMP = "X-HubSpot-Request-Timestamp";
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private static final Map<String, String> DECODED = Map.ofEntries(
            Map.entry("3A", ":"), Map.entry("2F", "/"), Map.entry("3F", "?"), Map.entry("40", "@"),
            Map.entry("21", "!"), Map.entry("24", "$"), Map.entry("27", "'"), Map.entry("28", "("),
            Map.entry("29", ")"), Map.entry("2A", "*"), Map.entry("2C", ","), Map.entry("3B", ";"));
    private static final Pattern ESCAPE = Pattern.compile("%([0-9A-Fa-f]{2})");

    @Override
    public Optional<String> verify(InboundWebhook request, String secret, Clock clock) {
        Optional<String> signature = request.header(SIGNATURE);
        if (signature.isEmpty() || signature.get().isBlank()) {
            return Optional.of("the X-HubSpot-Signature-v3 header is missing");
        }
        Optional<String> timestamp = request.header(TIMESTAMP).map(String::trim);
        if (timestamp.isEmpty() || !timestamp.get().matches("\\d{1,15}")) {
            return Optional.of("the X-HubSpot-Request-Timestamp header is missing or not milliseconds");
        }
        long age = clock.millis() - Long.parseLong(timestamp.get());
        if (Math.abs(age) > MAX_AGE.toMillis()) {
            return Optional.of("the X-HubSpot-Request-Timestamp is " + Math.abs(age) / 1000 + " s "
                    + (age > 0 ? "old" : "ahead") + "; at most " + MAX_AGE.toSeconds() + " s is accepted");
        }
        byte[] expected = Hmac.sign(Hmac.SHA256, secret, Hmac.utf8(request.method() + decodeUri(request.url())),
                request.body(), Hmac.utf8(timestamp.get()));
        return Hmac.matchesBase64(signature.get(), expected) ? Optional.empty()
                : Optional.of("the X-HubSpot-Signature-v3 signature does not match the request");
    }

    static String decodeUri(String url) {
        Matcher matcher = ESCAPE.matcher(url);
        StringBuilder decoded = new StringBuilder();
        while (matcher.find()) {
            String character = DECODED.get(matcher.group(1).toUpperCase(Locale.ROOT));
            matcher.appendReplacement(decoded, Matcher.quoteReplacement(character == null ? matcher.group()
                    : character));
        }
        matcher.appendTail(decoded);
        return decoded.toString();
    }
}
