package io.switchboard.element.signature;

import static io.switchboard.element.signature.SignatureTestSupport.at;
import static io.switchboard.element.signature.SignatureTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StripeSignatureTest {

    private static final String SECRET = "whsec_test_secret";
    private static final String BODY = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.created\"}";
    // hex HMAC-SHA256(SECRET, "1700000000." + BODY), computed with openssl
    private static final String V1 = "7401f12dfbd370e571f0ed15746eb48bff16d798a9b8f1fc8c91034db4bb4698";
    private static final Instant SIGNED = Instant.ofEpochSecond(1_700_000_000L);

    private final StripeSignature stripe = new StripeSignature();

    private Optional<String> verify(String body, String header, String secret, Instant now) {
        return stripe.verify(request("POST", "https://hub.example/events/stripe/7", "application/json", body,
                "Stripe-Signature", header), secret, at(now));
    }

    @Test
    void aValidSignaturePasses() {
        assertEquals(Optional.empty(), verify(BODY, "t=1700000000,v1=" + V1, SECRET, SIGNED.plusSeconds(5)));
    }

    @Test
    void anyV1PassesWhileASecretIsRolled() {
        String header = "t=1700000000,v1=" + "0".repeat(64) + ",v1=" + V1 + ",v0=" + "1".repeat(64);

        assertEquals(Optional.empty(), verify(BODY, header, SECRET, SIGNED));
    }

    @Test
    void aTamperedBodyFails() {
        assertEquals(Optional.of("no v1 signature in Stripe-Signature matches the body"),
                verify(BODY.replace("created", "deleted"), "t=1700000000,v1=" + V1, SECRET, SIGNED));
    }

    @Test
    void aTamperedTimestampFails() {
        assertEquals(Optional.of("no v1 signature in Stripe-Signature matches the body"),
                verify(BODY, "t=1700000001,v1=" + V1, SECRET, SIGNED));
    }

    @Test
    void aWrongSecretFails() {
        assertEquals(Optional.of("no v1 signature in Stripe-Signature matches the body"),
                verify(BODY, "t=1700000000,v1=" + V1, "whsec_other", SIGNED));
    }

    @Test
    void aMissingHeaderFails() {
        assertEquals(Optional.of("the Stripe-Signature header is missing"), stripe.verify(request("POST",
                "https://hub.example/events/stripe/7", "application/json", BODY), SECRET, at(SIGNED)));
    }

    @Test
    void aHeaderWithoutTimestampOrV1Fails() {
        assertEquals(Optional.of("the Stripe-Signature header has no timestamp t=<seconds>"),
                verify(BODY, "v1=" + V1, SECRET, SIGNED));
        assertEquals(Optional.of("the Stripe-Signature header has no v1 signature"),
                verify(BODY, "t=1700000000,v0=" + V1, SECRET, SIGNED));
    }

    @Test
    void theToleranceIsThreeHundredSeconds() {
        assertEquals(Optional.empty(), verify(BODY, "t=1700000000,v1=" + V1, SECRET, SIGNED.plusSeconds(300)));
        Optional<String> stale = verify(BODY, "t=1700000000,v1=" + V1, SECRET, SIGNED.plusSeconds(301));
        assertEquals(Optional.of("the Stripe-Signature timestamp is 301 s old; at most 300 s is accepted"), stale);
        assertTrue(verify(BODY, "t=1700000000,v1=" + V1, SECRET, SIGNED.minusSeconds(3600)).isPresent(),
                "a timestamp far in the future is refused too");
    }
}
