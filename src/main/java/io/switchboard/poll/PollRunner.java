package io.switchboard.poll;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.switchboard.delivery.DeliveryWakeup;
import io.switchboard.element.rule.PolledResource;
import io.switchboard.event.ReceiptStore;
import io.switchboard.outbound.TargetGuard;
import io.switchboard.trace.Spans;
import io.vertx.core.Vertx;

/**
 * Runs one leased poll (API.md §6): plans it ({@link PollPlan}), fetches every page of its resources
 * ({@link PagedFetch}), classifies the objects into events ({@link Changes}) and commits the result with the new
 * watermark, or logs the failure with the old one kept ({@link PollLedger}). The blocking steps (database, DNS,
 * reading answers) run on a small pool of poll threads; waiting for a vendor holds no thread, so a slow vendor
 * delays only its own polls.
 */
@ApplicationScoped
class PollRunner {

    private static final Logger LOG = Logger.getLogger(PollRunner.class);

    /** How a poll ended: a receipt (null id when nothing changed), a failure, or skipped (not to be polled). */
    record Outcome(long instanceId, String receiptId, int events, int notifications, PollFailure failure,
            boolean skipped) {

        static Outcome skipped(long instanceId) {
            return new Outcome(instanceId, null, 0, 0, null, true);
        }
    }

    @Inject PollLedger ledger;
    @Inject DeliveryWakeup wakeup;
    @Inject Spans spans;
    private final PollConfig config;
    private final ObjectMapper mapper;
    private final PollMetrics metrics;
    private final Clock clock;
    private final ExecutorService executor;
    private final VendorClient client;
    private final PagedFetch pages;

    PollRunner(PollConfig config, TargetGuard guard, ObjectMapper mapper, PollMetrics metrics, Clock clock,
            Vertx vertx) {
        this.config = config;
        this.mapper = mapper;
        this.metrics = metrics;
        this.clock = clock;
        this.executor = Executors.newFixedThreadPool(config.threads(), threads("poll-"));
        this.client = new VendorClient(vertx, config.requestTimeout(), config.maxResponse().asLongValue(),
                config.maxPerHost());
        this.pages = new PagedFetch(client, guard, config, mapper, metrics, clock, executor);
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
        client.close();
    }

    /** Runs the leased poll; the future never fails (a failure is an outcome). */
    CompletableFuture<Outcome> run(Lease lease) {
        // The poll's span: its receipt (stored in commit or failed, with the span current) is in its trace.
        Spans.Active span = spans.start("poll instance " + lease.instanceId(), SpanKind.INTERNAL);
        return CompletableFuture.supplyAsync(() -> plan(lease), executor)
                .thenCompose(plan -> plan == null ? CompletableFuture.completedFuture((Outcome) null)
                        : pages.fetchAll(plan).thenApplyAsync(fetched -> {
                            try (Scope scope = span.enter()) {
                                return commit(plan, fetched);
                            }
                        }, executor))
                .handleAsync((outcome, failure) -> {
                    Outcome result;
                    try (Scope scope = span.enter()) {
                        result = failure == null ? outcome == null ? Outcome.skipped(lease.instanceId()) : outcome
                                : failed(lease, failure);
                    }
                    span.end(failure == null ? null : String.valueOf(failure.getMessage()));
                    metrics.finished(result, Duration.between(lease.start(), clock.instant()));
                    return result;
                }, executor);
    }

    /**
     * RFC 3986 §5.2 reference resolution of a next page's URL against its page's; see {@link PageUrls#resolve}.
     */
    static URI resolve(URI base, String reference) throws URISyntaxException {
        return PageUrls.resolve(base, reference);
    }

    /** The poll's plan; null (the lease given back) when the instance is not to be polled now. */
    private PollPlan plan(Lease lease) {
        PollLedger.Polled polled = ledger.read(lease.instanceId()).orElse(null);
        if (polled == null || !PollSchedule.pollable(polled.instance())) {
            ledger.skip(lease);
            return null;
        }
        return PollPlan.of(lease, polled.instance(), polled.element().orElse(null),
                Boundaries.decode(mapper, lease.boundary()), config);
    }

    private Outcome commit(PollPlan plan, List<PagedFetch.Fetched> fetched) {
        List<ReceiptStore.PollResource> resources = new ArrayList<>();
        Map<String, Set<Changes.Seen>> boundary = new LinkedHashMap<>();
        ObjectNode body = mapper.createObjectNode();
        for (PagedFetch.Fetched f : fetched) {
            PolledResource resource = f.resource();
            Changes.Found found = Changes.classify(plan.instance().elementKey(), resource, f.objects(),
                    plan.windowStart(resource), plan.lease().start(),
                    plan.reported().getOrDefault(resource.name(), Set.of()));
            if (!found.boundary().isEmpty()) {
                boundary.put(resource.name(), found.boundary());
            }
            if (found.events().isEmpty()) {
                continue;
            }
            ObjectNode raw = mapper.createObjectNode();
            raw.put("objectType", resource.name());
            ArrayNode array = raw.putArray(resource.name());
            f.objects().forEach(array::add);
            body.set(resource.name(), raw);
            resources.add(new ReceiptStore.PollResource(resource.name(), found.events(), raw.toString()));
        }
        long instanceId = plan.lease().instanceId();
        PollLedger.Finished finished = ledger.succeed(plan.lease(), resources, Boundaries.encode(mapper, boundary),
                body.toString());
        if (finished.stored() == null) {
            return finished.discarded() ? Outcome.skipped(instanceId) : new Outcome(instanceId, null, 0, 0, null,
                    false);
        }
        if (finished.stored().pendingDeliveries() > 0) {
            wakeup.signal();
        }
        return new Outcome(instanceId, finished.stored().id(), finished.stored().events(),
                finished.stored().notifications(), null, false);
    }

    private Outcome failed(Lease lease, Throwable thrown) {
        Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause()
                : thrown;
        PollFailure failure;
        if (cause instanceof PollFailure f) {
            failure = f;
        } else {
            LOG.errorf(cause, "poll of instance %d failed unexpectedly", lease.instanceId());
            failure = new PollFailure("the hub could not complete the poll (an internal error; see the hub's log)");
        }
        String receiptId = null;
        try {
            receiptId = ledger.fail(lease, failure).orElse(null);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not log the failed poll of instance %d; it is retried when its lease ends",
                    lease.instanceId());
        }
        LOG.debugf("poll of instance %d failed: %s", lease.instanceId(), failure.reason());
        return new Outcome(lease.instanceId(), receiptId, 0, 0, failure, false);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
