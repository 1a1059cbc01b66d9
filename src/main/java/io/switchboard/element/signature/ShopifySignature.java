package io.switchboard.element.signature;

import java.time.Clock;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.switchboard.element.InboundWebhook;

/** {@code X-Shopify-Hmac-Sha256} (or the newer {@code Shopify-Hmac-Sha256}): base64 HMAC-SHA256 of the body. */
@Singleton
public final class ShopifySignature implements SignatureScheme {

    @Override
    public String name() {
        return "shopify";
    }

    @Override
    public Optional<String> verify(InboundWebhook request, String secret, Clock clock) {
        Optional<String> signature = request.firstHeader("X-Shopify-Hmac-Sha256", "Shopify-Hmac-Sha256");
        if (signature.isEmpty() || signature.get().isBlank()) {
            return Optional.of("the X-Shopify-Hmac-Sha256 header is missing");
        }
        byte[] expected = Hmac.sign(Hmac.SHA256, secret, request.body());
        return Hmac.matchesBase64(signature.get(), expected) ? Optional.empty()
                : Optional.of("the X-Shopify-Hmac-Sha256 signature does not match the body");
    }
}
