package io.switchboard.element.signature;

import static io.switchboard.element.signature.SignatureTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ShopifySignatureTest {

    private static final String BODY = "{\"id\":820982911946154508}";
    // base64 HMAC-SHA256("shpss_secret", BODY), computed with openssl
    private static final String HMAC = "jqbalbO3Z8mDmrF2/+wzM3KYvbgqzVBF969vgiIy80I=";

    private final ShopifySignature shopify = new ShopifySignature();

    private Optional<String> verify(String body, String secret, String... headers) {
        return shopify.verify(request("POST", "https://hub.example/events/shopify/7", "application/json", body,
                headers), secret, Clock.systemUTC());
    }

    @Test
    void aValidSignaturePassesUnderEitherHeaderName() {
        assertEquals(Optional.empty(), verify(BODY, "shpss_secret", "X-Shopify-Hmac-Sha256", HMAC));
        assertEquals(Optional.empty(), verify(BODY, "shpss_secret", "Shopify-Hmac-Sha256", HMAC));
    }

    @Test
    void aTamperedBodyFails() {
        assertEquals(Optional.of("the X-Shopify-Hmac-Sha256 signature does not match the body"),
                verify("{\"id\":820982911946154509}", "shpss_secret", "X-Shopify-Hmac-Sha256", HMAC));
    }

    @Test
    void aWrongSecretFails() {
        assertEquals(Optional.of("the X-Shopify-Hmac-Sha256 signature does not match the body"),
                verify(BODY, "shpss_other", "X-Shopify-Hmac-Sha256", HMAC));
    }

    @Test
    void aMissingOrNonBase64HeaderFails() {
        assertEquals(Optional.of("the X-Shopify-Hmac-Sha256 header is missing"), verify(BODY, "shpss_secret"));
        assertEquals(Optional.of("the X-Shopify-Hmac-Sha256 signature does not match the body"),
                verify(BODY, "shpss_secret", "X-Shopify-Hmac-Sha256", "not base64!"));
    }
}
