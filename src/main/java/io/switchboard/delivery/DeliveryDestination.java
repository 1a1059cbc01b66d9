package io.switchboard.delivery;

import io.switchboard.outbound.TargetRefusedException;
import io.switchboard.outbound.TargetGuard;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A place other than an HTTP endpoint that notifications can be sent to, named by the callback URL's scheme, e.g.
 * {@code kafka:<topic>} (API.md §11). The worker renders, shapes and signs a notification exactly as for an HTTP
 * callback and hands the bytes and headers here instead of to {@link CallbackSender}; retries, the failure policy,
 * redelivery and replay belong to the queue and apply unchanged. {@link Destinations} picks the destination of a URL;
 * http and https URLs never come here, and neither goes through the {@link TargetGuard}.
 */
public interface DeliveryDestination {

    /** The start of the URLs this destination serves, scheme and colon, e.g. {@code kafka:}. */
    String prefix();

    /**
     * Checks a URL of this destination as it is configured.
     *
     * @param label how the URL is named in a refusal, e.g. {@code event.notification.callback.url}
     * @throws TargetRefusedException saying what to fix
     */
    void checkConfigured(String label, String url);

    /**
     * Sends one notification. The stage never completes exceptionally: every outcome is a {@link DeliveryResult}.
     * It completes empty when the message was not sent because it would have left after {@code notAfterNanos} (a
     * {@link System#nanoTime()} value): the delivery's claim may have lapsed, so another node may send it.
     *
     * @param headers as an HTTP callback would carry them: the identifying and signature headers, the format's
     *                ({@code Content-Type}, {@code ce-*}) and the trace's; the body is what they were computed over
     */
    CompletionStage<Optional<DeliveryResult>> send(DeliveryQueue.Claimed delivery, Map<String, String> headers,
            byte[] body, long notAfterNanos);
}
