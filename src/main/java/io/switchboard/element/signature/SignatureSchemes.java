package io.switchboard.element.signature;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** The signature schemes an element descriptor can name in {@code webhook.signature.scheme}. */
public final class SignatureSchemes {

    private static final Map<String, Supplier<SignatureScheme>> SCHEMES = Map.of(
            "hmac-sha256-hex", HexHmacSha256Signature::generic,
            "github", HexHmacSha256Signature::gitHub,
            "stripe", StripeSignature::new,
            "shopify", ShopifySignature::new,
            "hubspot-v3", HubSpotV3Signature::new,
            "twilio", TwilioSignature::new);

    private SignatureSchemes() {
    }

    public static Optional<SignatureScheme> forName(String name) {
        return Optional.ofNullable(SCHEMES.get(name)).map(Supplier::get);
    }

    public static Set<String> names() {
        return SCHEMES.keySet();
    }
}
