package io.switchboard.delivery;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;

/**
 * The delivery workers' meters; {@code switchboard.deliveries} by outcome is counted where attempts are recorded
 * ({@link PostgresDeliveryQueue}).
 */
@ApplicationScoped
public class DeliveryMetrics {

    private static final Logger LOG = Logger.getLogger(DeliveryMetrics.class);

    @Inject DeliveryQueue queue;
    private final Timer latency;
    private final Counter deferred;
    private final Counter lapsed;
    private final AtomicLong queueDepth = new AtomicLong();

    public DeliveryMetrics(MeterRegistry metrics) {
        this.latency = Timer.builder("switchboard.delivery.latency")
                .description("duration of a successful callback attempt")
                .publishPercentileHistogram().register(metrics);
        this.deferred = Counter.builder("switchboard.deliveries.deferred")
                .description("deliveries handed to this node for a callback URL that had its share in flight; "
                        + "given back to the queue for a second").register(metrics);
        this.lapsed = Counter.builder("switchboard.deliveries.lapsed")
                .description("claimed deliveries not sent because they waited for their host past their claim; "
                        + "sent again from the queue").register(metrics);
        Gauge.builder("switchboard.delivery.queue.depth", queueDepth, AtomicLong::get)
                .description("deliveries waiting to be sent (PENDING)").register(metrics);
    }

    /** Each successful attempt's duration. */
    Timer latency() {
        return latency;
    }

    /** Deliveries given back because their URL had its share in flight. */
    Counter deferred() {
        return deferred;
    }

    /** Deliveries not sent because their claim could have lapsed while they waited. */
    Counter lapsed() {
        return lapsed;
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void measureQueue() {
        try {
            queueDepth.set(queue.pendingCount());
        } catch (RuntimeException e) {
            LOG.debugf("could not measure the delivery queue: %s", e.getMessage());
        }
    }
}
