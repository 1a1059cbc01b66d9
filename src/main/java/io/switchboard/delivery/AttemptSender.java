package io.switchboard.delivery;

import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.switchboard.outbound.ResolvedTarget;
import io.switchboard.outbound.TargetGuard;
import io.switchboard.outbound.TargetRefusedException;

/**
 * Sends one attempt of a claimed delivery whose body is rendered: shaped to its format, signed, to its checked
 * address (or to its {@link DeliveryDestination}), without blocking; the outcome goes to the {@link AttemptRecorder}.
 * Counts what is in flight and each URL's share of it.
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
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExecutorService resolvers = Executors.newFixedThreadPool(4,
            DeliveryWorker.daemon("delivery-resolve"));

    AttemptSender(Parts parts, Duration hubTimeout, Duration queueLease, UrlShares shares) {
        this.parts = parts;
        this.hubTimeout = hubTimeout;
        this.queueLease = queueLease;
        this.shares = shares;
    }

    /** How many attempts were handed to {@link #send} and have not settled. */
    int inFlight() {
        return inFlight.get();
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
     */
    void send(DeliveryQueue.Claimed delivery, TargetRenderer.Rendered body, DeliveryOptions options,
            NotificationMeta meta, Instant started) {
        inFlight.incrementAndGet();
        shares.handed(delivery.url());
        DeliveryDestination destination = parts.destinations().of(delivery.url());
        if (destination != null) {
            send(delivery, body, options, meta, started, null, destination); // not HTTP: no address to check
            return;
        }
        Optional<ResolvedTarget> known = parts.guard().known(delivery.url());
        if (known.isPresent()) {
            send(delivery, body, options, meta, started, known.get(), null);
        } else {
            resolvers.execute(() -> resolveAndSend(delivery, body, options, meta, started));
        }
    }

    private void resolveAndSend(DeliveryQueue.Claimed delivery, TargetRenderer.Rendered body,
            DeliveryOptions options, NotificationMeta meta, Instant started) {
        ResolvedTarget target;
        try {
            target = parts.guard().resolve(delivery.url());
        } catch (TargetRefusedException e) {
            finish(delivery, DeliveryResult.refused(e.getMessage()), started);
            return;
        } catch (UnknownHostException e) {
            finish(delivery, DeliveryResult.ioFailure("the callback host does not resolve: " + e.getMessage()),
                    started);
            return;
        } catch (RuntimeException e) {
            finish(delivery, DeliveryResult.refused("the callback URL is not usable: " + e.getMessage()), started);
            return;
        }
        send(delivery, body, options, meta, started, target, null);
    }

    /** To the HTTP {@code target}, or when that is null to the {@code destination} (e.g. Kafka). */
    private void send(DeliveryQueue.Claimed delivery, TargetRenderer.Rendered body, DeliveryOptions options,
            NotificationMeta meta, Instant started, ResolvedTarget target, DeliveryDestination destination) {
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
        // Sent only while the claim surely holds: a claim lasts the lease (the timeout + 15 s); a call admitted
        // later (it waited behind a slow host's other calls) could still run when another node takes the
        // delivery over. Such a call is not made and not recorded: the claim lapses and the delivery is sent
        // again from the queue, once.
        Duration timeout = options.timeoutOr(hubTimeout);
        long notAfter = System.nanoTime() + lease(timeout).minus(timeout).minusSeconds(1).toNanos();
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
                        settled(delivery, false);
                        parts.lapsed().increment();
                        parts.wakeup().nudge();
                        return;
                    }
                    finish(delivery, failure == null ? result.get()
                            : DeliveryResult.ioFailure(String.valueOf(failure.getMessage())), started);
                });
    }

    private void finish(DeliveryQueue.Claimed delivery, DeliveryResult result, Instant started) {
        settled(delivery, true);
        parts.recorder().record(delivery, result, started);
    }

    /** A delivery handed to {@link #send} is done with: attempted, or skipped (its claim could have lapsed). */
    private void settled(DeliveryQueue.Claimed delivery, boolean attempted) {
        inFlight.decrementAndGet();
        shares.settled(delivery.url(), attempted);
    }
}
