package io.switchboard.element.signature;

import java.time.Clock;
import java.util.Optional;

import io.switchboard.event.InboundWebhook;

/**
 * How a vendor signs its webhooks. Implementations check the exact body bytes and compare in constant time.
 */
public interface SignatureScheme {

    /**
     * @param secret the instance's secret for this scheme, never blank
     * @param clock  for schemes that bound a timestamp
     * @return empty when the request is signed with {@code secret}; otherwise why not, in plain words that name
     *         no secret and no expected value
     */
    Optional<String> verify(InboundWebhook request, String secret, Clock clock);
}
