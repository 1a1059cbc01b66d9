package io.switchboard.element.signature;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.switchboard.element.InboundWebhook;

/**
 * {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>[,v1=…]}. Several {@code v1}
 * values appear while an endpoint secret is rolled; any match is enough. The timestamp must be within the
 * tolerance of now, which is what makes a captured request useless later.
 */
@Singleton
public final class StripeSignature implements SignatureScheme {

    @Override
    public String name() {
        return "stripe";
    }

    static final String HEADER = "Stripe-Signature";
    static final Duration TOLERANCE = Duration.ofSeconds(300);

    @Override
    public Optional<String> verify(InboundWebhook request, String secret, Clock clock) {
        Optional<String> header = request.header(HEADER);
        if (header.isEmpty() || header.get().isBlank()) {
            return Optional.of("the Stripe-Signature header is missing");
        }
        String timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String item : header.get().split(",")) {
            String[] pair = item.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                timestamp = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                signatures.add(pair[1]);
            }
        }
        if (timestamp == null || !timestamp.matches("\\d{1,12}")) {
            return Optional.of("the Stripe-Signature header has no timestamp t=<seconds>");
        }
        if (signatures.isEmpty()) {
            return Optional.of("the Stripe-Signature header has no v1 signature");
        }
        long age = clock.instant().getEpochSecond() - Long.parseLong(timestamp);
        if (Math.abs(age) > TOLERANCE.toSeconds()) {
            return Optional.of("the Stripe-Signature timestamp is " + Math.abs(age) + " s " + (age > 0 ? "old" : "ahead")
                    + "; at most " + TOLERANCE.toSeconds() + " s is accepted");
        }
        byte[] expected = Hmac.sign(Hmac.SHA256, secret, Hmac.utf8(timestamp + "."), request.body());
        boolean any = false;
        for (String signature : signatures) {
            // every candidate is compared, so the time taken does not tell which one matched
            any |= Hmac.matchesHex(signature, expected);
        }
        return any ? Optional.empty() : Optional.of("no v1 signature in Stripe-Signature matches the body");
    }
}
