package io.switchboard.delivery;

import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.switchboard.outbound.ResolvedTarget;
import io.switchboard.outbound.TargetGuard;
import io.switchboard.outbound.TargetRefusedException;

/**
 * Sends one attempt of a claimed delivery whose body is rendered: shaped to its format, signed, to its checked
 * address (or to its {@link DeliveryDestination}), without blocking; the outcome goes to the {@link AttemptRecorder}.
 * Counts each URL's share of what is in flight.
 */
final class AttemptSender {

    private static final Logger LOG = Logger.getLogger(AttemptSender.class);
    /** A replay's deliveries (API.md §7 "Replay"): sent as callbacks, with the replay's id in a header. */
    static final String REPLAY_HEADER = "Elements-Replay-Id";

    /** What the sender needs besides the delivery and its body. */
    record Parts(CallbackShaper shaper, DeliverySigner signer, CallbackSender sender, TargetGuard guard,
            Destinations destinations, AttemptRecorder recorder, DeliveryWakeup wakeup, Counter lapsed) {
    }

    private final Parts parts;
    private final Duration hubTimeout;
    private final Duration queueLease;
    private final UrlShares shares;
    private final ExecutorService resolvers = Executors.newFixedThreadPool(4,
            DeliveryWorker.daemon("delivery-resolve"));

    AttemptSender(Parts parts, Duration hubTimeout, Duration queueLease, UrlShares shares) {
        this.parts = parts;
        this.hubTimeout = hubTimeout;
        this.queueLease = queueLease;
        this.shares = shares;
    }

    void stop() {
        resolvers.shutdownNow();
    }

    /** How long the claim of a delivery with this timeout lasts: the queue's lease, longer for a longer timeout. */
    Duration lease(Duration timeout) {
        return timeout.compareTo(hubTimeout) > 0 ? queueLease.plus(timeout.minus(hubTimeout)) : queueLease;
    }

    /**
     * Sends at once to an address checked before; anything else is resolved (a DNS lookup may block) and checked on
     * the resolver pool, then sent without blocking.
     *
     * @param claimedAt when the delivery's claim began at the latest ({@link System#nanoTime()})
     * @return completes when the attempt has settled (its outcome handed to the recorder, or skipped as late)
     */
    CompletionStage<Void> send(DeliveryQueue.Claimed delivery, TargetRenderer.Rendered body, DeliveryOptions options,
            NotificationMeta meta, Instant started, long claimedAt) {
        Attempt attempt = new Attempt(delivery, started, claimedAt, new CompletableFuture<>());
        shares.handed(delivery.url());
        DeliveryDestination destination = parts.destinations().of(delivery.url());
        if (destination != null) {
            send(attempt, body, options, meta, null, destination); // not HTTP: no address to check
            return attempt.settled();
        }
        Optional<ResolvedTarget> known = parts.guard().known(delivery.url());
        if (known.isPresent()) {
            send(attempt, body, options, meta, known.get(), null);
        } else {
            resolvers.execute(() -> resolveAndSend(attempt, body, options, meta));
        }
        return attempt.settled();
    }

    /** One attempt in flight: completes {@code settled} once done with. */
    private record Attempt(DeliveryQueue.Claimed delivery, Instant started, long claimedAt,
            CompletableFuture<Void> settled) {
    }

    private void resolveAndSend(Attempt attempt, TargetRenderer.Rendered body, DeliveryOptions options,
            NotificationMeta meta) {
        ResolvedTarget target;
        try {
            target = parts.guard().resolve(attempt.delivery().url());
        } catch (TargetRefusedException e) {
            finish(attempt, DeliveryResult.refused(e.getMessage()));
            return;
        } catch (UnknownHostException e) {
            finish(attempt, DeliveryResult.ioFailure("the callback host does not resolve: " + e.getMessage()));
            return;
        } catch (RuntimeException e) {
            finish(attempt, DeliveryResult.refused("the callback URL is not usable: " + e.getMessage()));
            return;
        }
        send(attempt, body, options, meta, target, null);
    }

    /** To the HTTP {@code target}, or when that is null to the {@code destination} (e.g. Kafka). */
    private void send(Attempt attempt, TargetRenderer.Rendered body, DeliveryOptions options, NotificationMeta meta,
            ResolvedTarget target, DeliveryDestination destination) {
        DeliveryQueue.Claimed delivery = attempt.delivery();
        CallbackShaper.Outgoing outgoing = parts.shaper().shape(body, options.format(), meta);
        Map<String, String> headers = parts.signer().headers(options.signatureKey(), body.id(), outgoing.body());
        if (!outgoing.headers().isEmpty()) {
            headers = new LinkedHashMap<>(headers);
            headers.putAll(outgoing.headers());
        }
        if (DeliveryWorker.REPLAY_TARGET.equals(delivery.target()) && delivery.lane() != null) {
            headers = new LinkedHashMap<>(headers);
            headers.put(REPLAY_HEADER, delivery.lane()); // a replay's lane is its id
        }
        // Sent only while the claim surely holds: a claim lasts the lease (the timeout + 15 s) from when it began; a
        // call admitted later (it waited behind a slow host's other calls, or for its URL's share) could still run
        // when another node takes the delivery over. Such a call is not made and not recorded: the claim lapses and the delivery is sent
        // again from the queue, once.
        Duration timeout = options.timeoutOr(hubTimeout);
        long notAfter = attempt.claimedAt() + lease(timeout).minus(timeout).minusSeconds(1).toNanos();
        (target != null ? parts.sender().sendUnlessLate(target.uri(), target.addresses(), headers, outgoing.body(),
                notAfter, timeout) : destination.send(delivery, headers, outgoing.body(), notAfter))
                .whenComplete((result, failure) -> {
                    outgoing.attempt().end(failure != null ? String.valueOf(failure.getMessage())
                            : result.isPresent() && !result.get().success() ? result.get().detail() : null);
                    if (meta != null && meta.trace() != null && LOG.isDebugEnabled() && result != null
                            && result.isPresent() && !result.get().success()) {
                        LOG.debugf("callback %s of receipt %s failed [traceId=%s]: %s", meta.eventId(),
                                meta.receiptId(), meta.trace().traceId(), result.get().detail());
                    }
                    if (failure == null && result.isEmpty()) {
                        settled(attempt, false);
                        parts.lapsed().increment();
                        parts.wakeup().nudge();
                        return;
                    }
                    finish(attempt, failure == null ? result.get()
                            : DeliveryResult.ioFailure(String.valueOf(failure.getMessage())));
                });
    }

    private void finish(Attempt attempt, DeliveryResult result) {
        settled(attempt, true);
        parts.recorder().record(attempt.delivery(), result, attempt.started());
    }

    /** A delivery handed to {@link #send} is done with: attempted, or skipped (its claim could have lapsed). */
    private void settled(Attempt attempt, boolean attempted) {
        shares.settled(attempt.delivery().url(), attempted);
        attempt.settled().complete(null);
    }
}
