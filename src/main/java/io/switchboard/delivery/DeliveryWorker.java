package io.switchboard.delivery;

import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.SwitchboardConfig;
import io.switchboard.element.EventKeys;
import io.switchboard.outbound.ResolvedTarget;
import io.switchboard.outbound.TargetGuard;
import io.switchboard.outbound.TargetRefusedException;
import io.switchboard.store.SecretBox;

/**
 * Sends due deliveries. One dispatcher thread claims batches (as many as there is room for in flight), renders
 * and signs them, and hands them to the non-blocking {@link CallbackSender}; a recorder thread writes the
 * outcomes back in batches. Nothing here holds a database transaction while a request is in flight.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    private static final int RECORD_BATCH = 500;
    /** With as many in flight as allowed, how long the dispatcher sleeps at most before looking again. */
    private static final long SATURATED_WAIT_NANOS = 50_000_000;
    /** How long a delivery for a URL that has its share in flight goes back to the queue. */
    private static final Duration DEFER = Duration.ofSeconds(1);
    /** How long the recorder lets outcomes gather before writing them: one transaction for many. */
    private static final long RECORD_LINGER_MS = 10;
    /** A replay's deliveries (API.md §7 "Replay"): sent as callbacks, with the replay's id in a header. */
    public static final String REPLAY_TARGET = "replay";
    static final String REPLAY_HEADER = "Elements-Replay-Id";

    private final DeliveryQueue queue;
    private final NotificationRenderer renderer;
    private final List<TargetRenderer> targetRenderers;
    private final DeliverySigner signer;
    private final CallbackSender sender;
    private final TargetGuard guard;
    private final Destinations destinations;
    private final DeliveryWakeup wakeup;
    private final DataSource dataSource;
    private final SecretBox secretBox;
    private final Clock clock;
    private final SwitchboardConfig.Delivery config;
    private final CallbackShaper shaper;
    private final Timer latency;
    private final Counter lapsed;

    private final AtomicInteger inFlight = new AtomicInteger();
    /** Each callback URL's share of the room; see {@link UrlShares}. */
    private final UrlShares shares;
    private final Counter deferred;
    private final AtomicLong queueDepth = new AtomicLong();
    private final LinkedBlockingQueue<DeliveryQueue.Outcome> outcomes = new LinkedBlockingQueue<>();
    /**
     * A delivery this node's ingest created already claimed for it, with its body rendered and the instance's
     * delivery options as they were at ingest: sent without a database read.
     */
    public record Offer(DeliveryQueue.Claimed delivery, byte[] body, DeliveryOptions options, NotificationMeta meta) {
    }

    /** Deliveries this node's ingest created already claimed for it: sent before anything claimed from the queue. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Offer> offered =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicInteger offeredCount = new AtomicInteger();
    private static final int MAX_OFFERED = 10_000;
    private final ExecutorService resolvers = Executors.newFixedThreadPool(4, daemon("delivery-resolve"));
    private volatile boolean running;
    private Thread dispatcher;
    private Thread recorder;

    public DeliveryWorker(DeliveryQueue queue, NotificationRenderer renderer,
            Instance<TargetRenderer> targetRenderers, DeliverySigner signer,
            CallbackSender sender, TargetGuard guard, DeliveryWakeup wakeup, DataSource dataSource,
            SecretBox secretBox, Clock clock, SwitchboardConfig config, MeterRegistry metrics, CallbackShaper shaper,
            Destinations destinations) {
        this.shaper = shaper;
        this.destinations = destinations;
        this.queue = queue;
        this.renderer = renderer;
        this.targetRenderers = targetRenderers.stream().toList();
        this.signer = signer;
        this.sender = sender;
        this.guard = guard;
        this.wakeup = wakeup;
        this.dataSource = dataSource;
        this.secretBox = secretBox;
        this.clock = clock;
        this.config = config.delivery();
        this.latency = Timer.builder("switchboard.delivery.latency")
                .description("duration of a successful callback attempt")
                .publishPercentileHistogram().register(metrics);
        // At least a quarter of the room (and max-per-host), so that a burst to a fast receiver whose pace is not
        // known yet is not held back.
        this.shares = new UrlShares(Math.max(this.config.maxPerHost(), this.config.maxInFlight() / 4));
        this.deferred = Counter.builder("switchboard.deliveries.deferred")
                .description("deliveries handed to this node for a callback URL that had its share in flight; "
                        + "given back to the queue for a second").register(metrics);
        this.lapsed = Counter.builder("switchboard.deliveries.lapsed")
                .description("claimed deliveries not sent because they waited for their host past their claim; "
                        + "sent again from the queue").register(metrics);
        Gauge.builder("switchboard.delivery.queue.depth", queueDepth, AtomicLong::get)
                .description("deliveries waiting to be sent (PENDING)").register(metrics);
    }

    void start(@Observes StartupEvent event) {
        if (!config.workersEnabled()) {
            LOG.info("Delivery workers are disabled on this node (switchboard.delivery.workers-enabled=false)");
            return;
        }
        running = true;
        dispatcher = daemon("delivery-dispatch").newThread(this::dispatchLoop);
        recorder = daemon("delivery-record").newThread(this::recordLoop);
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
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        recorder.interrupt();
        recorder.join(5000);
        flush();
        resolvers.shutdownNow();
    }

    /**
     * The lease for which ingest may create its deliveries already claimed for this node, when the workers run
     * and have room; empty means create them due, for any node to claim.
     */
    public java.util.Optional<Duration> offerLease() {
        return running && offeredCount.get() < MAX_OFFERED ? java.util.Optional.of(queue.lease())
                : java.util.Optional.empty();
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

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measureQueue() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM delivery WHERE status = 'PENDING'");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            queueDepth.set(rs.getLong(1));
        } catch (SQLException e) {
            LOG.debugf("could not measure the delivery queue: %s", e.getMessage());
        }
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
                int room = Math.min(config.maxInFlight() - inFlight.get(), config.batchSize());
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
                    send(offer.delivery(), new TargetRenderer.Rendered(offer.delivery().notificationId(),
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
        Map<Long, TargetRenderer.Rendered> bodies = render(claimed, metas);
        Map<Long, DeliveryOptions> options = instanceOptions(claimed.stream().map(DeliveryQueue.Claimed::instanceId)
                .distinct().toList());
        extendClaims(claimed, options);
        for (DeliveryQueue.Claimed delivery : claimed) {
            TargetRenderer.Rendered body = bodies.get(delivery.id());
            Instant started = clock.instant();
            if (body == null) {
                record(delivery, DeliveryResult.refused("the notification no longer exists"), started);
                continue;
            }
            send(delivery, body, options.getOrDefault(delivery.instanceId(), DeliveryOptions.DEFAULT),
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
        longer.forEach((timeout, ids) -> queue.release(ids, lease(timeout)));
    }

    /** How long the claim of a delivery with this timeout lasts. */
    private Duration lease(Duration timeout) {
        return timeout.compareTo(config.timeout()) > 0 ? queue.lease().plus(timeout.minus(config.timeout()))
                : queue.lease();
    }

    /** The body of each delivery by delivery id: callbacks by notification, other targets by their renderer. */
    private Map<Long, TargetRenderer.Rendered> render(List<DeliveryQueue.Claimed> claimed,
            Map<String, NotificationMeta> metas) {
        Map<Long, TargetRenderer.Rendered> bodies = new HashMap<>();
        Map<TargetRenderer, List<DeliveryQueue.Claimed>> others = new HashMap<>();
        List<DeliveryQueue.Claimed> callbacks = new ArrayList<>();
        for (DeliveryQueue.Claimed delivery : claimed) {
            TargetRenderer other = targetRenderers.stream()
                    .filter(r -> delivery.target().startsWith(r.targetPrefix())).findFirst().orElse(null);
            if (other == null) {
                callbacks.add(delivery);
            } else {
                others.computeIfAbsent(other, r -> new ArrayList<>()).add(delivery);
            }
        }
        if (!callbacks.isEmpty()) {
            Map<String, NotificationRenderer.RenderedPage> pages = renderer.renderPages(callbacks.stream()
                    .map(DeliveryQueue.Claimed::notificationId).distinct().toList());
            for (DeliveryQueue.Claimed delivery : callbacks) {
                NotificationRenderer.RenderedPage page = pages.get(delivery.notificationId());
                if (page != null) {
                    bodies.put(delivery.id(), new TargetRenderer.Rendered(delivery.notificationId(), page.body(),
                            null));
                    metas.put(delivery.notificationId(), page.meta());
                }
            }
        }
        others.forEach((other, deliveries) -> bodies.putAll(other.render(deliveries)));
        return bodies;
    }

    /**
     * Sends at once to an address checked before; anything else is resolved (a DNS lookup may block) and checked on
     * the resolver pool, then sent without blocking.
     */
    private void send(DeliveryQueue.Claimed delivery, TargetRenderer.Rendered body, DeliveryOptions options,
            NotificationMeta meta, Instant started) {
        inFlight.incrementAndGet();
        shares.handed(delivery.url());
        DeliveryDestination destination = destinations.of(delivery.url());
        if (destination != null) {
            send(delivery, body, options, meta, started, null, destination); // not HTTP: no address to check
            return;
        }
        java.util.Optional<ResolvedTarget> known = guard.known(delivery.url());
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
            target = guard.resolve(delivery.url());
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
        CallbackShaper.Outgoing outgoing = shaper.shape(body, options.format(), meta);
        Map<String, String> headers = signer.headers(options.signatureKey(), body.id(), outgoing.body());
        if (!outgoing.headers().isEmpty()) {
            headers = new LinkedHashMap<>(headers);
            headers.putAll(outgoing.headers());
        }
        if (REPLAY_TARGET.equals(delivery.target()) && delivery.lane() != null) {
            headers = new LinkedHashMap<>(headers);
            headers.put(REPLAY_HEADER, delivery.lane()); // a replay's lane is its id
        }
        // Sent only while the claim surely holds: a claim lasts the lease (the timeout + 15 s); a call admitted
        // later (it waited behind a slow host's other calls) could still run when another node takes the
        // delivery over. Such a call is not made and not recorded: the claim lapses and the delivery is sent
        // again from the queue, once.
        Duration timeout = options.timeoutOr(config.timeout());
        long notAfter = System.nanoTime() + lease(timeout).minus(timeout).minusSeconds(1).toNanos();
        (target != null ? sender.sendUnlessLate(target.uri(), target.addresses(), headers, outgoing.body(), notAfter,
                timeout) : destination.send(delivery, headers, outgoing.body(), notAfter))
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
                        lapsed.increment();
                        wakeup.nudge();
                        return;
                    }
                    finish(delivery, failure == null ? result.get()
                            : DeliveryResult.ioFailure(String.valueOf(failure.getMessage())), started);
                });
    }

    private void finish(DeliveryQueue.Claimed delivery, DeliveryResult result, Instant started) {
        settled(delivery, true);
        record(delivery, result, started);
    }

    /** A delivery handed to {@link #send} is done with: attempted, or skipped (its claim could have lapsed). */
    private void settled(DeliveryQueue.Claimed delivery, boolean attempted) {
        inFlight.decrementAndGet();
        shares.settled(delivery.url(), attempted);
    }

    @Scheduled(every = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetQuietUrls() {
        shares.forgetQuiet();
    }

    private void record(DeliveryQueue.Claimed delivery, DeliveryResult result, Instant started) {
        long millis = Duration.between(started, clock.instant()).toMillis();
        outcomes.add(new DeliveryQueue.Outcome(delivery, result, started, millis));
    }

    private void recordLoop() {
        while (running || !outcomes.isEmpty()) {
            try {
                DeliveryQueue.Outcome first = outcomes.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                if (running && outcomes.size() < RECORD_BATCH && !DeliveryLanes.isOrdered(first.delivery().lane())) {
                    // Recording is off the latency path (the callback has its answer): wait for company. Not so
                    // for an ordered instance's delivery: the next one of its instance waits for this record.
                    Thread.sleep(RECORD_LINGER_MS);
                }
                List<DeliveryQueue.Outcome> batch = new ArrayList<>(List.of(first));
                outcomes.drainTo(batch, RECORD_BATCH - 1);
                complete(batch);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void flush() {
        List<DeliveryQueue.Outcome> rest = new ArrayList<>();
        outcomes.drainTo(rest);
        if (!rest.isEmpty()) {
            complete(rest);
        }
    }

    private void complete(List<DeliveryQueue.Outcome> batch) {
        boolean nextInLane = false;
        try {
            nextInLane = queue.complete(batch) > 0;
            for (DeliveryQueue.Outcome outcome : batch) {
                if (outcome.result().success()) {
                    latency.record(Duration.ofMillis(outcome.latencyMillis()));
                }
            }
        } catch (RuntimeException e) {
            // The claims lapse after their lease and the deliveries are sent again: at least once, never lost.
            LOG.warnf(e, "Could not record %d delivery attempts; they will be retried", batch.size());
        }
        if (!nextInLane && batch.stream().allMatch(outcome -> outcome.result().success())) {
            wakeup.nudge(); // room in flight again
        } else {
            wakeup.wakeLocally(); // a retry may now be due sooner than the dispatcher's next look at the queue
        }
    }

    /**
     * The delivery options of each instance (signature key opened, format, timeout); read at send time so that a
     * rotated key or a new format or timeout applies to the next attempt.
     */
    private Map<Long, DeliveryOptions> instanceOptions(List<Long> instanceIds) {
        Map<Long, Map<String, String>> values = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT instance_id, key, value, secret FROM instance_config
                        WHERE key = ANY(?) AND value IS NOT NULL AND instance_id = ANY(?)""")) {
            select.setArray(1, connection.createArrayOf("text", OPTION_KEYS));
            select.setArray(2, connection.createArrayOf("bigint", instanceIds.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    values.computeIfAbsent(rs.getLong(1), id -> new HashMap<>()).put(rs.getString(2),
                            rs.getBoolean(4) ? secretBox.open(rs.getString(3)) : rs.getString(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the instances' delivery options", e);
        }
        Map<Long, DeliveryOptions> options = new HashMap<>();
        values.forEach((id, config) -> options.put(id, DeliveryOptions.of(key -> java.util.Optional.ofNullable(
                config.get(key)).filter(value -> !value.isBlank()))));
        return options;
    }

    private static final String[] OPTION_KEYS = { EventKeys.SIGNATURE_KEY, EventKeys.NOTIFICATION_FORMAT,
            EventKeys.NOTIFICATION_TIMEOUT };

    private static java.util.concurrent.ThreadFactory daemon(String name) {
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
