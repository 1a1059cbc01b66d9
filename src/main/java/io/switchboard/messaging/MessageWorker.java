package io.switchboard.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.SwitchboardConfig;
import io.switchboard.delivery.RetryPolicy;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.instance.Instances;
import io.switchboard.store.LeasedJobs;

/**
 * Sends async messages in the background. A dispatcher thread (a {@link LeasedJobs} loop) claims due rows
 * ({@code FOR UPDATE SKIP LOCKED}, with a lease), and a pool sends them and records each outcome in the row; retries
 * follow {@code switchboard.delivery.retry-schedule} like deliveries. All state is in the row, so a restart, or
 * another node, simply continues; a send whose node died mid-call is taken again when its lease ends (at least once).
 */
@ApplicationScoped
public class MessageWorker {

    private static final Logger LOG = Logger.getLogger(MessageWorker.class);
    private static final long MAX_IDLE_WAIT_MS = 1000;
    /** Saturated: a finished send wakes sooner. */
    private static final Duration SATURATED_WAIT = Duration.ofMillis(50);
    private static final Duration ERROR_WAIT = Duration.ofSeconds(1);

    @Inject MessageStore store;
    @Inject TwilioClient twilio;
    @Inject Instances instances;
    @Inject RetryPolicy retryPolicy;
    @Inject Clock clock;
    private final MessagingConfig config;
    private final Duration retention;
    private final Duration lease;
    private final LeasedJobs<Send> jobs;
    private ExecutorService senders;

    public MessageWorker(MessagingConfig config, SwitchboardConfig switchboard) {
        this.config = config;
        this.retention = switchboard.retention();
        // Longer than one call can take; also how long the claims of a crashed node wait before another takes them.
        this.lease = config.timeout().plusSeconds(15);
        // Each finished send claims again: a pool thread is free.
        this.jobs = new LeasedJobs<>(new LeasedJobs.Settings("message-dispatch", config.concurrency(),
                Integer.MAX_VALUE, SATURATED_WAIT, ERROR_WAIT, true), new Dispatch());
    }

    void start(@Observes StartupEvent event) {
        if (!config.workersEnabled()) {
            LOG.info("Message workers are disabled on this node (switchboard.messaging.workers-enabled=false)");
            return;
        }
        AtomicInteger count = new AtomicInteger();
        senders = Executors.newFixedThreadPool(config.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "message-send-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        jobs.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (!jobs.running()) {
            return;
        }
        jobs.stop(Duration.ZERO);
        senders.shutdown();
        // Sends still running after this lose their record; their lease ends and they are sent again.
        senders.awaitTermination(config.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    /** Call after storing a message that is due now. */
    public void wake() {
        jobs.signal();
    }

    /** A claimed message and its instance (read once per batch: a batch is mostly one instance's messages). */
    private record Send(MessageStore.Claimed message, Optional<InstanceSettings> instance) {
    }

    /** The dispatcher's side of {@link LeasedJobs}: claims due rows, sends each on the pool. */
    private final class Dispatch implements LeasedJobs.Jobs<Send> {

        @Override
        public List<Send> claim(int room) {
            List<MessageStore.Claimed> claimed = store.claim(room, lease);
            Map<Long, Optional<InstanceSettings>> instances = new HashMap<>();
            for (MessageStore.Claimed message : claimed) {
                instances.computeIfAbsent(message.instanceId(), MessageWorker.this::instance);
            }
            return claimed.stream().map(message -> new Send(message, instances.get(message.instanceId()))).toList();
        }

        @Override
        public CompletionStage<?> start(Send send) {
            return CompletableFuture.runAsync(() -> send(send.message(), send.instance()), senders);
        }

        @Override
        public Duration idleWait() {
            return Duration.ofMillis(store.nextDue().map(due -> Duration.between(clock.instant(), due).toMillis())
                    .map(ms -> Math.max(5, Math.min(MAX_IDLE_WAIT_MS, ms))).orElse(MAX_IDLE_WAIT_MS));
        }

        @Override
        public void failed(RuntimeException e) {
            LOG.warnf(e, "Message dispatch failed; retrying in a second");
        }
    }

    void send(MessageStore.Claimed claimed, Optional<InstanceSettings> instance) {
        try {
            if (instance.isEmpty()) {
                store.recordFailed(claimed.id(), "instance " + claimed.instanceId() + " was deleted", null);
                return;
            }
            TwilioAnswer answer = instance.get().disabled()
                    ? TwilioAnswer.unreachable("instance " + claimed.instanceId() + " is disabled")
                    : twilio.send(instance.get(), claimed.message());
            record(claimed, answer);
        } catch (RuntimeException e) {
            // The claim lapses with its lease and the message is tried again.
            LOG.warnf(e, "Could not send or record message %s; it will be tried again", claimed.id());
        }
    }

    private void record(MessageStore.Claimed claimed, TwilioAnswer answer) {
        int attempts = claimed.attempts() + 1;
        if (answer.sent()) {
            String sid = Messaging.text(answer.body(), "sid").orElse(null);
            if (sid == null) {
                store.recordFailed(claimed.id(), "Twilio answered " + answer.status()
                        + " without a message sid; the message may have been sent", null);
                return;
            }
            store.recordSent(claimed.id(), sid, Messaging.text(answer.body(), "status").orElse("queued"),
                    Messaging.dateCreated(answer.body(), clock));
        } else if (answer.retryable()) {
            Optional<Duration> delay = retryPolicy.nextDelay(attempts, answer.retryAfter());
            if (delay.isPresent()) {
                store.recordRetry(claimed.id(), clock.instant().plus(delay.get()), answer.describe(),
                        answer.twilioCode());
            } else {
                store.recordFailed(claimed.id(), "retries exhausted after " + attempts + " attempts; last: "
                        + answer.describe(), answer.twilioCode());
            }
        } else {
            store.recordFailed(claimed.id(), answer.problem(attempts).detail(), answer.twilioCode());
        }
    }

    @ActivateRequestContext
    Optional<InstanceSettings> instance(long id) {
        return instances.settings(id);
    }

    /** Settled messages are kept as long as receipts ({@code switchboard.retention}). */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        Instant before = clock.instant().minus(retention);
        int removed = store.purge(before);
        if (removed > 0) {
            LOG.infof("Removed %d messages settled before %s", removed, before);
        }
    }

    void onInstanceDeleted(@Observes Instances.InstanceDeleted deleted) {
        store.cancel(deleted.instanceId(), "instance " + deleted.instanceId() + " was deleted");
    }
}
