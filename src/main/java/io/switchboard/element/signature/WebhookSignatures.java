package io.switchboard.element.signature;

import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.element.ElementDescriptor;
import io.switchboard.event.InboundWebhook;
import io.switchboard.event.rule.InvalidRuleException;
import io.switchboard.event.rule.WebhookSpec;

/** Checks a webhook against its element's {@code webhook.signature}, when the instance has the secret for it. */
public final class WebhookSignatures {

    private WebhookSignatures() {
    }

    /**
     * @param configuration the instance's configuration, secrets decrypted
     * @throws InvalidRuleException when the descriptor names an unknown scheme
     */
    public static Verification verify(ElementDescriptor element, Map<String, String> configuration,
            InboundWebhook request, Clock clock) {
        WebhookSpec.Signature signature = WebhookSpec.parse(element.webhook()).signature();
        if (signature == null) {
            return Verification.notChecked();
        }
        SignatureScheme scheme = SignatureSchemes.forName(signature.scheme())
                .orElseThrow(WebhookSignatures::unknownScheme);
        String secret = configuration == null ? null : configuration.get(signature.secretKey());
        if (secret == null || secret.isBlank()) {
            return Verification.notChecked();
        }
        return Verification.of(scheme.verify(request, secret, clock));
    }

    /**
     * Checks a whole descriptor {@code webhook} section, rules and scheme name, e.g. before storing a custom
     * element.
     *
     * @throws InvalidRuleException naming the field at fault
     */
    public static void validate(JsonNode webhookSection) {
        WebhookSpec.Signature signature = WebhookSpec.parse(webhookSection).signature();
        if (signature != null && SignatureSchemes.forName(signature.scheme()).isEmpty()) {
            throw unknownScheme();
        }
    }

    private static InvalidRuleException unknownScheme() {
        return new InvalidRuleException("webhook.signature.scheme", "names no known scheme; known: "
                + String.join(", ", SignatureSchemes.names().stream().sorted().toList()));
    }
}
