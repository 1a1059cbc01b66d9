package io.switchboard.element.signature;

import static io.switchboard.element.signature.SignatureTestSupport.at;
import static io.switchboard.element.signature.SignatureTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.switchboard.element.ElementDescriptor;
import io.switchboard.event.Fixtures;
import io.switchboard.element.InboundWebhook;
import io.switchboard.element.rule.InvalidRuleException;

class WebhookSignaturesTest {

    private final ElementDescriptor stripe = Fixtures.builtIn("stripe");
    private final InboundWebhook unsigned = request("POST", "https://hub.example/events/stripe/7",
            "application/json", "{}");

    @Test
    void noSecretMeansNoCheck() {
        Verification verification = Fixtures.SIGNATURES.verify(stripe, Map.of(), unsigned, at(Instant.now()));

        assertFalse(verification.checked());
        assertFalse(verification.rejected());
    }

    @Test
    void withTheSecretSetTheElementsSchemeDecides() {
        Verification verification = Fixtures.SIGNATURES.verify(stripe,
                Map.of("stripe.webhook.secret", "whsec_x"), unsigned, at(Instant.now()));

        assertTrue(verification.checked());
        assertEquals(Optional.of("the Stripe-Signature header is missing"), verification.failure());
    }

    @Test
    void anElementWithoutSchemeIsNeverChecked() {
        assertFalse(Fixtures.SIGNATURES.verify(Fixtures.builtIn("rest"), Map.of("x", "y"), unsigned,
                at(Instant.now())).checked());
    }

    @Test
    void theGenericElementUsesItsSignatureKey() {
        InboundWebhook signed = request("POST", "https://hub.example/events/webhook/7", "application/json",
                "{\"id\":\"o1\"}", "X-Signature",
                "sha256=7c5ff326a15ecec6e6cc64262bda2591cb91f8ee7d7d8d606102d411f92bdcd8");

        Verification verification = Fixtures.SIGNATURES.verify(Fixtures.builtIn("webhook"),
                Map.of("webhook.signature.key", "s3cret"), signed, at(Instant.now()));

        assertTrue(verification.checked());
        assertFalse(verification.rejected());
    }

    @Test
    void anUnknownSchemeIsADescriptorError() {
        InvalidRuleException e = assertThrows(InvalidRuleException.class, () -> Fixtures.SIGNATURES.validate(io.switchboard.element.rule.WebhookSpec.parse(
                Fixtures.json("{\"signature\": {\"scheme\": \"rot13\", \"secretKey\": \"k\"}}"))));

        assertEquals("webhook.signature.scheme", e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"twilio", "webhook", "rest", "stripe", "github", "shopify", "hubspot"})
    void everyBuiltInWebhookSectionIsValid(String key) {
        ElementDescriptor element = Fixtures.builtIn(key);

        Fixtures.SIGNATURES.validate(element.webhookSpec());
        if (element.events().webhook()) {
            assertTrue(element.webhook() != null && element.webhook().has("signature"), key + " names its scheme");
        }
    }
}
