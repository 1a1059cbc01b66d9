package io.switchboard.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.SwitchboardConfig;
import io.switchboard.outbound.TargetGuard;

/**
 * Sends due deliveries: the claim/lease/wake loop. One dispatcher thread claims batches (as many as there is room
 * for in flight), has them rendered ({@link DeliveryBodies}) and hands them to the {@link AttemptSender}, which
 * sends without blocking; the {@link AttemptRecorder} writes the outcomes back in batches. Nothing here holds a
 * database transaction while a request is in flight.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    /** With as many in flight as allowed, how long the dispatcher sleeps at most before looking again. */
    private static final long SATURATED_WAIT_NANOS = 50_000_000;
    /** How long a delivery for a URL that has its share in flight goes back to the queue. */
    private static final Duration DEFER = Duration.ofSeconds(1);
    private static final int MAX_OFFERED = 10_000;
    /** A replay's deliveries (API.md §7 "Replay"): sent as callbacks, with the replay's id in a header. */
    public static final String REPLAY_TARGET = "replay";

    private final DeliveryQueue queue;
    private final DeliveryBodies bodies;
    private final InstanceDeliveryOptions instanceOptions;
    private final DeliveryWakeup wakeup;
    private final Clock clock;
    private final SwitchboardConfig.Delivery config;
    private final Counter deferred;
    /** Each callback URL's share of the room; see {@link UrlShares}. */
    private final UrlShares shares;
    private final AttemptRecorder recorder;
    private final AttemptSender sender;

    /**
     * A delivery this node's ingest created already claimed for it, with its body rendered and the instance's
     * delivery options as they were at ingest: sent without a database read.
     */
    public record Offer(DeliveryQueue.Claimed delivery, byte[] body, DeliveryOptions options, NotificationMeta meta) {
    }

    /** Deliveries this node's ingest created already claimed for it: sent before anything claimed from the queue. */
    private final ConcurrentLinkedQueue<Offer> offered = new ConcurrentLinkedQueue<>();
    private final AtomicInteger offeredCount = new AtomicInteger();
    private volatile boolean running;
    private Thread dispatcher;

    public DeliveryWorker(DeliveryQueue queue, DeliveryBodies bodies, InstanceDeliveryOptions instanceOptions,
            DeliverySigner signer, CallbackSender sender, TargetGuard guard, DeliveryWakeup wakeup, Clock clock,
            SwitchboardConfig config, DeliveryMetrics metrics, CallbackShaper shaper, Destinations destinations) {
        this.queue = queue;
        this.bodies = bodies;
        this.instanceOptions = instanceOptions;
        this.wakeup = wakeup;
        this.clock = clock;
        this.config = config.delivery();
        this.deferred = metrics.deferred();
        // At least a quarter of the room (and max-per-host), so that a burst to a fast receiver whose pace is not
        // known yet is not held back.
        this.shares = new UrlShares(Math.max(this.config.maxPerHost(), this.config.maxInFlight() / 4));
        this.recorder = new AttemptRecorder(queue, wakeup, metrics.latency(), clock, () -> running);
        this.sender = new AttemptSender(new AttemptSender.Parts(shaper, signer, sender, guard, destinations,
                recorder, wakeup, metrics.lapsed()), this.config.timeout(), queue.lease(), shares);
    }

    void start(@Observes StartupEvent event) {
        if (!config.workersEnabled()) {
            LOG.info("Delivery workers are disabled on this node (switchboard.delivery.workers-enabled=false)");
            return;
        }
        running = true;
        dispatcher = daemon("delivery-dispatch").newThread(this::dispatchLoop);
        dispatcher.start();
        recorder.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (dispatcher == null) {
            return;
        }
        wakeup.nudge();
        dispatcher.join(5000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sender.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        recorder.stop();
        sender.stop();
    }

    /**
     * The lease for which ingest may create its deliveries already claimed for this node, when the workers run
     * and have room; empty means create them due, for any node to claim.
     */
    public Optional<Duration> offerLease() {
        return running && offeredCount.get() < MAX_OFFERED ? Optional.of(queue.lease()) : Optional.empty();
    }

    /** Deliveries created claimed for this node (after their commit): sent at once, without a claim round trip. */
    public void offer(List<Offer> offers) {
        if (offers.isEmpty()) {
            return;
        }
        offered.addAll(offers);
        offeredCount.addAndGet(offers.size());
        wakeup.nudge();
    }

    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetQuietUrls() {
        shares.forgetQuiet();
    }

    /**
     * Sends what ingest handed to this node as it comes, and claims from the queue only when told it has work
     * (a commit elsewhere, a redelivery, another node) or when its next delivery is due (a retry, a lapsed claim),
     * never per webhook.
     */
    private void dispatchLoop() {
        long nextClaim = System.nanoTime();
        while (running) {
            try {
                int room = Math.min(config.maxInFlight() - sender.inFlight(), config.batchSize());
                Offer offer;
                List<Long> deferredIds = new ArrayList<>();
                while (room > 0 && (offer = offered.poll()) != null) {
                    offeredCount.decrementAndGet();
                    if (shares.saturated(offer.delivery().url())) {
                        deferredIds.add(offer.delivery().id());
                        continue;
                    }
                    room--;
                    if (offer.options().timeout() != null) {
                        extendClaims(List.of(offer.delivery()), Map.of(offer.delivery().instanceId(),
                                offer.options()));
                    }
                    sender.send(offer.delivery(), new TargetRenderer.Rendered(offer.delivery().notificationId(),
                            offer.body(), null), offer.options(), offer.meta(), clock.instant());
                }
                if (!deferredIds.isEmpty()) {
                    // back to the queue for a moment: claimed again when their URL has room (claims skip it until)
                    queue.release(deferredIds, DEFER);
                    deferred.increment(deferredIds.size());
                    nextClaim = Math.min(nextClaim, System.nanoTime() + DEFER.toNanos());
                }
                long now = System.nanoTime();
                if (room > 0 && (wakeup.takeQueueSignal() || now - nextClaim >= 0)) {
                    List<DeliveryQueue.Claimed> claimed = queue.claim(room, shares.saturated());
                    dispatch(claimed);
                    // A full batch: more may be due at once. Else the queue has nothing due before its next time.
                    nextClaim = claimed.size() == room ? now : now + idleWaitNanos();
                    room -= claimed.size();
                }
                if (room > 0 && !offered.isEmpty()) {
                    continue;
                }
                long waitNanos = room <= 0 ? SATURATED_WAIT_NANOS
                        : Math.max(0, nextClaim - System.nanoTime());
                if (waitNanos > 0) {
                    wakeup.await(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Delivery dispatch failed; retrying in a second");
                sleepQuietly(1000);
                nextClaim = System.nanoTime();
            }
        }
    }

    /** Until the queue's next due delivery, between 5 ms and {@code switchboard.delivery.idle-look}. */
    private long idleWaitNanos() {
        long longest = Math.max(5, config.idleLook().toMillis());
        long millis = queue.nextDue().map(due -> Duration.between(clock.instant(), due).toMillis())
                .map(ms -> Math.max(5, Math.min(longest, ms)))
                .orElse(longest);
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    private void dispatch(List<DeliveryQueue.Claimed> claimed) {
        if (claimed.isEmpty()) {
            return;
        }
        Map<String, NotificationMeta> metas = new HashMap<>();
        Map<Long, TargetRenderer.Rendered> rendered = bodies.render(claimed, metas);
        Map<Long, DeliveryOptions> options = instanceOptions.options(claimed.stream()
                .map(DeliveryQueue.Claimed::instanceId).distinct().toList());
        extendClaims(claimed, options);
        for (DeliveryQueue.Claimed delivery : claimed) {
            TargetRenderer.Rendered body = rendered.get(delivery.id());
            Instant started = clock.instant();
            if (body == null) {
                recorder.record(delivery, DeliveryResult.refused("the notification no longer exists"), started);
                continue;
            }
            sender.send(delivery, body, options.getOrDefault(delivery.instanceId(), DeliveryOptions.DEFAULT),
                    metas.get(delivery.notificationId()), started);
        }
    }

    /**
     * A claim lasts for the hub's timeout; a delivery whose instance waits longer for its callback has its claim
     * made long enough first, so that no other node takes it over while it is in flight.
     */
    private void extendClaims(List<DeliveryQueue.Claimed> claimed, Map<Long, DeliveryOptions> options) {
        Map<Duration, List<Long>> longer = new HashMap<>();
        for (DeliveryQueue.Claimed delivery : claimed) {
            DeliveryOptions o = options.get(delivery.instanceId());
            if (o != null && o.timeout() != null && o.timeout().compareTo(config.timeout()) > 0) {
                longer.computeIfAbsent(o.timeout(), t -> new ArrayList<>()).add(delivery.id());
            }
        }
        longer.forEach((timeout, ids) -> queue.release(ids, sender.lease(timeout)));
    }

    /** Threads of the delivery workers: daemons, numbered. */
    static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
