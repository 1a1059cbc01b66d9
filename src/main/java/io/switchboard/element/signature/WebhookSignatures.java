package io.switchboard.element.signature;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.switchboard.element.ElementDescriptor;
import io.switchboard.element.InboundWebhook;
import io.switchboard.element.rule.InvalidRuleException;
import io.switchboard.element.rule.WebhookSpec;

/**
 * The signature schemes there are (every {@link SignatureScheme} bean, by {@link SignatureScheme#name()}), and the
 * check of a webhook against its element's {@code webhook.signature} when the instance has the secret for it.
 */
@ApplicationScoped
public class WebhookSignatures {

    private final Map<String, SignatureScheme> schemes;

    @Inject
    WebhookSignatures(@Any Instance<SignatureScheme> beans) {
        this(beans.stream().toList());
    }

    /** For plain unit tests: exactly these schemes. */
    public WebhookSignatures(Collection<? extends SignatureScheme> schemes) {
        Map<String, SignatureScheme> byName = new TreeMap<>();
        for (SignatureScheme scheme : schemes) {
            SignatureScheme before = byName.put(scheme.name(), scheme);
            if (before != null) {
                throw new IllegalStateException("two signature schemes are named '" + scheme.name() + "': "
                        + before.getClass().getName() + " and " + scheme.getClass().getName());
            }
        }
        this.schemes = Map.copyOf(byName);
    }

    public Optional<SignatureScheme> forName(String name) {
        return Optional.ofNullable(schemes.get(name));
    }

    /** Every scheme's name. */
    public Set<String> names() {
        return new java.util.TreeSet<>(schemes.keySet());
    }

    /**
     * @param configuration the instance's configuration, secrets decrypted
     * @throws InvalidRuleException when the descriptor's {@code webhook} section is invalid or names an unknown
     *                              scheme
     */
    public Verification verify(ElementDescriptor element, Map<String, String> configuration,
            InboundWebhook request, Clock clock) {
        WebhookSpec.Signature signature = element.webhookSpec().signature();
        if (signature == null) {
            return Verification.notChecked();
        }
        SignatureScheme scheme = forName(signature.scheme()).orElseThrow(this::unknownScheme);
        String secret = configuration == null ? null : configuration.get(signature.secretKey());
        if (secret == null || secret.isBlank()) {
            return Verification.notChecked();
        }
        return Verification.of(scheme.verify(request, secret, clock));
    }

    /**
     * Checks that a parsed {@code webhook} section names a scheme there is, e.g. before storing a custom element.
     *
     * @throws InvalidRuleException naming {@code webhook.signature.scheme}
     */
    public void validate(WebhookSpec spec) {
        if (spec.signature() != null && !schemes.containsKey(spec.signature().scheme())) {
            throw unknownScheme();
        }
    }

    private InvalidRuleException unknownScheme() {
        return new InvalidRuleException("webhook.signature.scheme", "names no known scheme; known: "
                + String.join(", ", names()));
    }
}
