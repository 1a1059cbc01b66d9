package io.switchboard.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.SwitchboardConfig;
import io.switchboard.outbound.TargetGuard;
import io.switchboard.store.LeasedJobs;

/**
 * Sends due deliveries. One dispatcher thread (a {@link LeasedJobs} loop, woken by {@link DeliveryWakeup}) starts
 * what ingest handed to this node, then claims batches (as many as there is room for in flight), has them rendered
 * ({@link DeliveryBodies}) and hands them to the {@link AttemptSender}, which sends without blocking; the
 * {@link AttemptRecorder} writes the outcomes back in batches. Nothing here holds a database transaction while a
 * request is in flight.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    /** With as many in flight as allowed, how long the dispatcher sleeps at most before looking again. */
    private static final Duration SATURATED_WAIT = Duration.ofMillis(50);
    private static final Duration ERROR_WAIT = Duration.ofSeconds(1);
    private static final Duration DRAIN = Duration.ofSeconds(5);
    /**
     * How long a delivery handed over for a URL that has its share in flight waits here for it, well inside the
     * claim's admission window (the lease less the timeout, 14 s at least); then it goes back to the queue.
     */
    private static final Duration HOLD = Duration.ofSeconds(5);
    /** How long a delivery given back to the queue waits there before it is claimed again. */
    private static final Duration DEFER = Duration.ofSeconds(1);
    private static final int MAX_OFFERED = 10_000;
    /** A replay's deliveries (API.md §7 "Replay"): sent as callbacks, with the replay's id in a header. */
    public static final String REPLAY_TARGET = "replay";

    private final DeliveryQueue queue;
    @Inject
    DeliveryBodies bodies;
    @Inject
    InstanceDeliveryOptions instanceOptions;
    private final DeliveryWakeup wakeup;
    private final LeasedJobs<Send> jobs;
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
    private final HandedDeliveries handed = new HandedDeliveries(HOLD.toNanos(), System::nanoTime);

    public DeliveryWorker(DeliveryQueue queue, DeliverySigner signer, CallbackSender sender, TargetGuard guard,
            DeliveryWakeup wakeup, Clock clock, SwitchboardConfig config, DeliveryMetrics metrics,
            CallbackShaper shaper, Destinations destinations) {
        this.queue = queue;
        this.wakeup = wakeup;
        this.clock = clock;
        this.config = config.delivery();
        this.deferred = metrics.deferred();
        // At least a quarter of the room (and max-per-host), so that a burst to a fast receiver whose pace is not
        // known yet is not held back.
        this.shares = new UrlShares(Math.max(this.config.maxPerHost(), this.config.maxInFlight() / 4));
        this.recorder = new AttemptRecorder(queue, wakeup, metrics.latency(), clock, () -> running());
        this.sender = new AttemptSender(new AttemptSender.Parts(shaper, signer, sender, guard, destinations,
                recorder, wakeup, metrics.lapsed()), this.config.timeout(), queue.lease(), shares);
        this.jobs = new LeasedJobs<>(new LeasedJobs.Settings("delivery-dispatch-1", this.config.maxInFlight(),
                this.config.batchSize(), SATURATED_WAIT, ERROR_WAIT, false), new Dispatch(), wakeup.wake());
    }

    void start(@Observes StartupEvent event) {
        if (!config.workersEnabled()) {
            LOG.info("Delivery workers are disabled on this node (switchboard.delivery.workers-enabled=false)");
            return;
        }
        jobs.start();
        recorder.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (!running()) {
            return;
        }
        jobs.stop(DRAIN);
        recorder.stop();
        sender.stop();
    }

    private boolean running() {
        return jobs.running();
    }

    /**
     * The lease for which ingest may create its deliveries already claimed for this node, when the workers run
     * and have room; empty means create them due, for any node to claim.
     */
    public Optional<Duration> offerLease() {
        return running() && handed.count() < MAX_OFFERED ? Optional.of(queue.lease()) : Optional.empty();
    }

    /** Deliveries created claimed for this node (after their commit): sent at once, without a claim round trip. */
    public void offer(List<Offer> offers) {
        if (offers.isEmpty()) {
            return;
        }
        handed.add(offers);
        wakeup.nudge();
    }

    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetQuietUrls() {
        shares.forgetQuiet();
    }

    /**
     * A delivery to start: claimed with its body rendered (null: its notification is gone), or handed over; its
     * claim began no later than {@code claimedAt} ({@link System#nanoTime()}).
     */
    private record Send(DeliveryQueue.Claimed delivery, TargetRenderer.Rendered body, DeliveryOptions options,
            NotificationMeta meta, long claimedAt) {
    }

    /**
     * The dispatcher's side of {@link LeasedJobs}: sends what ingest handed to this node as it comes, and claims
     * from the queue only when told it has work (a commit elsewhere, a redelivery, another node) or when its next
     * delivery is due (a retry, a lapsed claim), never per webhook.
     */
    private final class Dispatch implements LeasedJobs.Jobs<Send> {

        @Override
        public int startHanded(int room, Consumer<Send> start) {
            List<Long> givenBack = new ArrayList<>();
            int started = handed.start(room, shares::saturated, h -> start.accept(send(h)), givenBack);
            if (!givenBack.isEmpty()) {
                // back to the queue for a moment: claimed again when their URL has room (claims skip it until)
                queue.release(givenBack, DEFER);
                deferred.increment(givenBack.size());
                jobs.claimWithin(DEFER);
            }
            if (handed.anyWaiting()) {
                jobs.claimWithin(HOLD); // to give back those that wait too long, should nothing settle meanwhile
            }
            return started;
        }

        private Send send(HandedDeliveries.Handed handed) {
            Offer offer = handed.offer();
            long claimedAt = handed.since();
            if (offer.options().timeout() != null) {
                claimedAt = System.nanoTime();
                extendClaims(List.of(offer.delivery()), Map.of(offer.delivery().instanceId(), offer.options()));
            }
            return new Send(offer.delivery(), new TargetRenderer.Rendered(offer.delivery().notificationId(),
                    offer.body(), null), offer.options(), offer.meta(), claimedAt);
        }

        @Override
        public List<Send> claim(int room) {
            long claimedAt = System.nanoTime();
            List<DeliveryQueue.Claimed> claimed = queue.claim(room, shares.saturated());
            if (claimed.isEmpty()) {
                return List.of();
            }
            Map<String, NotificationMeta> metas = new HashMap<>();
            Map<Long, TargetRenderer.Rendered> rendered = bodies.render(claimed, metas);
            Map<Long, DeliveryOptions> options = instanceOptions.options(claimed.stream()
                    .map(DeliveryQueue.Claimed::instanceId).distinct().toList());
            extendClaims(claimed, options);
            return claimed.stream().map(delivery -> new Send(delivery, rendered.get(delivery.id()),
                    options.getOrDefault(delivery.instanceId(), DeliveryOptions.DEFAULT),
                    metas.get(delivery.notificationId()), claimedAt)).toList();
        }

        @Override
        public CompletionStage<?> start(Send send) {
            Instant started = clock.instant();
            if (send.body() == null) {
                recorder.record(send.delivery(), DeliveryResult.refused("the notification no longer exists"),
                        started);
                return CompletableFuture.completedFuture(null);
            }
            CompletionStage<Void> sent = sender.send(send.delivery(), send.body(), send.options(), send.meta(),
                    started, send.claimedAt());
            // a settled delivery may give a waiting URL its room back: look again (a full loop is woken anyway)
            return handed.anyWaiting() ? sent.whenComplete((result, failure) -> jobs.nudge()) : sent;
        }

        @Override
        public Duration idleWait() {
            return idleWaitMillis();
        }

        @Override
        public void failed(RuntimeException e) {
            LOG.warnf(e, "Delivery dispatch failed; retrying in a second");
        }
    }

    /** Until the queue's next due delivery, between 5 ms and {@code switchboard.delivery.idle-look}. */
    private Duration idleWaitMillis() {
        long longest = Math.max(5, config.idleLook().toMillis());
        return Duration.ofMillis(queue.nextDue().map(due -> Duration.between(clock.instant(), due).toMillis())
                .map(ms -> Math.max(5, Math.min(longest, ms)))
                .orElse(longest));
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
}
