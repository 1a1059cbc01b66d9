package io.switchboard.element.signature;

import java.time.Clock;
import java.util.Optional;

import io.switchboard.element.InboundWebhook;

/**
 * How a vendor signs its webhooks. Implementations check the exact body bytes and compare in constant time.
 * Each scheme is a CDI bean (e.g. {@code @Singleton}); a descriptor's {@code webhook.signature.scheme} names it by
 * {@link #name()}, and {@link WebhookSignatures} finds it among the beans, so a new algorithm is one new class.
 */
public interface SignatureScheme {

    /** What a descriptor's {@code webhook.signature.scheme} calls it, e.g. {@code stripe}. */
    String name();

    /**
     * @param secret the instance's secret for this scheme, never blank
     * @param clock  for schemes that bound a timestamp
     * @return empty when the request is signed with {@code secret}; otherwise why not, in plain words that name
     *         no secret and no expected value
     */
    Optional<String> verify(InboundWebhook request, String secret, Clock clock);
}
