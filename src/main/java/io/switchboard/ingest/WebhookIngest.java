package io.switchboard.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.SwitchboardConfig;
import io.switchboard.element.ElementCatalog;
import io.switchboard.element.EventKeys;
import io.switchboard.element.InboundWebhook;
import io.switchboard.event.Pages;
import io.switchboard.event.ParsedBody;
import io.switchboard.event.ReceiptStore;
import io.switchboard.event.ReceiptWriter;
import io.switchboard.delivery.DeliveryWakeup;
import io.switchboard.delivery.DeliveryWorker;
import io.switchboard.instance.InstanceSettings;
import io.opentelemetry.api.trace.SpanKind;
import io.switchboard.trace.Spans;
import io.switchboard.ingest.WebhookChecks.Accepted;

/**
 * One vendor webhook through the hub (DESIGN.md "One path"): check each target instance, verify the element's
 * signature, parse and normalize the body, then store every accepted receipt in one transaction. The vendor's
 * 2xx is built only after that commit; nothing here calls out over the network. In log mode
 * ({@code switchboard.ingest.log=kafka}) the accepted receipts are appended to the {@link ReceiptLog} instead, and
 * the 2xx follows its acknowledgement ({@link LoggedReceipts} stores them).
 */
@ApplicationScoped
public class WebhookIngest {

    private static final Logger LOG = Logger.getLogger(WebhookIngest.class);

    /** What happened for one instance; {@code receiptId} is null when nothing was logged. */
    public record Result(long instanceId, WebhookOutcome outcome, String receiptId, int events, int notifications,
            String reason) {

        static Result refused(long instanceId, WebhookOutcome outcome, String receiptId, String reason) {
            return new Result(instanceId, outcome, receiptId, 0, 0, reason);
        }

        public boolean duplicate() {
            return outcome == WebhookOutcome.DUPLICATE;
        }
    }

    /**
     * Fired inside the transaction that stores a new (not duplicate) receipt, so that what an observer writes
     * commits or rolls back with it; {@code raw} is the body as notifications carry it (a form as an object of
     * strings).
     */
    public record ReceiptStored(InstanceSettings instance, String receiptId, JsonNode raw) {
    }

    /**
     * A webhook, its signature verified, for an instance whose events are off: nothing is stored or sent, but the
     * hub itself may still act on it (a Twilio status callback moves its message on). Fired outside any
     * transaction.
     */
    public record Ignored(InstanceSettings instance, JsonNode raw) {
    }

    @Inject ElementCatalog catalog;
    @Inject ReceiptStore store;
    @Inject ReceiptWriter writer;
    @Inject DeliveryWakeup wakeup;
    @Inject DeliveryWorker worker;
    @Inject ReceiptOffers offers;
    @Inject Event<ReceiptStored> storedEvents;
    @Inject Event<Ignored> ignoredEvents;
    @Inject Spans spans;
    @Inject WebhookChecks checks;
    /** The receipt log in log mode; null in database mode (the group commit). */
    private final ReceiptLog log;

    public WebhookIngest(SwitchboardConfig config, Instance<ReceiptLog> logs) {
        this.log = config.ingest().log() == SwitchboardConfig.Ingest.Log.KAFKA ? logs.get() : null;
    }

    public List<Result> receive(List<InstanceSettings> targets, InboundWebhook inbound) {
        WebhookChecks.Body body = WebhookChecks.parse(inbound);
        List<Result> results = new ArrayList<>();
        List<Accepted> accepted = new ArrayList<>();
        for (WebhookChecks.Step step : checks.steps(targets, inbound, body)) {
            if (step instanceof WebhookChecks.Answer a) {
                results.add(a.result());
            } else if (step instanceof WebhookChecks.Ignore i) {
                announceIgnored(i.instance(), inbound, body.parsed());
                results.add(ignored(i.instance()));
            } else if (step instanceof WebhookChecks.Reject r) {
                results.add(Result.refused(r.instance().id(), r.outcome(), store.reject(r.incoming(), r.reason()),
                        r.reason()));
            } else {
                accepted.add((Accepted) step);
            }
        }
        if (!accepted.isEmpty()) {
            results.addAll(storeAll(accepted));
        }
        return results;
    }

    /**
     * {@link #receive} for a thread that must not block (an event loop), when the webhook needs nothing that
     * blocks: in database mode, one instance whose element is built in, a receipt stored or an answer at once.
     * The receipts go to the {@link ReceiptWriter}; the stage completes after their commit, its last steps (the
     * deliveries handed to this node's workers) run on {@code after}. Empty, with nothing done, when the webhook
     * needs a blocking step (a rejection to log, observers of an ignored webhook, a custom element, log mode, the
     * writers not running): then {@link #receive} it where blocking is allowed.
     */
    public Optional<CompletionStage<List<Result>>> receiveWithoutBlocking(InstanceSettings instance,
            InboundWebhook inbound, Executor after) {
        if (log != null || !catalog.isBuiltIn(instance.elementKey())) {
            return Optional.empty();
        }
        WebhookChecks.Step step = checks.steps(List.of(instance), inbound, WebhookChecks.parse(inbound)).get(0);
        if (step instanceof WebhookChecks.Answer answer) {
            return Optional.of(CompletableFuture.completedFuture(List.of(answer.result())));
        }
        if (!(step instanceof Accepted one)) {
            return Optional.empty();
        }
        List<Accepted> accepted = List.of(one);
        List<ReceiptStore.Write> writes = writes(accepted, worker.offerLease());
        Spans.Active span = spans.start("store receipts", SpanKind.INTERNAL);
        return writer.submit(writes, inTransaction -> announceStored(accepted, inTransaction)).map(committed -> {
            committed.whenComplete((stored, failure) -> span.end(failure == null ? null : failure.toString()));
            return committed.thenApplyAsync(stored -> results(accepted, writes, stored), after);
        });
    }

    private static Result ignored(InstanceSettings instance) {
        return Result.refused(instance.id(), WebhookOutcome.IGNORED, null,
                "events are not enabled for instance " + instance.id() + " (" + EventKeys.ENABLED + ")");
    }

    /** Tells the {@link Ignored} observers of a readable webhook whose signature holds. */
    private void announceIgnored(InstanceSettings instance, InboundWebhook inbound, ParsedBody parsed) {
        if (parsed != null && checks.signatureHolds(instance, inbound)) {
            ignoredEvents.fire(new Ignored(instance, parsed.raw()));
        }
    }

    /**
     * Stores every accepted receipt in one transaction (shared with other requests' receipts by the writer), then
     * hands the deliveries created claimed for this node to its workers with their bodies, or wakes the workers.
     */
    private List<Result> storeAll(List<Accepted> accepted) {
        if (log != null) {
            return appendAll(accepted);
        }
        List<ReceiptStore.Write> writes = writes(accepted, worker.offerLease());
        List<ReceiptStore.Stored> stored = spans.in("store receipts", SpanKind.INTERNAL,
                () -> writer.write(writes, inTransaction -> announceStored(accepted, inTransaction)));
        return results(accepted, writes, stored);
    }

    /** Tells the {@link ReceiptStored} observers, in the receipts' transaction, of each one not a duplicate. */
    private void announceStored(List<Accepted> accepted, List<ReceiptStore.Stored> inTransaction) {
        for (int i = 0; i < inTransaction.size(); i++) {
            if (inTransaction.get(i).duplicateOf().isEmpty()) {
                Accepted a = accepted.get(i);
                storedEvents.fire(new ReceiptStored(a.instance(), inTransaction.get(i).id(), a.normalized().raw()));
            }
        }
    }

    /**
     * After the commit: hands the deliveries created claimed for this node to its workers with their bodies, or
     * wakes the workers, and answers each receipt.
     */
    private List<Result> results(List<Accepted> accepted, List<ReceiptStore.Write> writes,
            List<ReceiptStore.Stored> stored) {
        List<Result> results = new ArrayList<>();
        List<DeliveryWorker.Offer> claimed = new ArrayList<>();
        boolean pending = false;
        for (int i = 0; i < stored.size(); i++) {
            ReceiptStore.Stored s = stored.get(i);
            if (LOG.isDebugEnabled()) {
                LOG.debugf("receipt %s of instance %d stored [traceId=%s]", s.id(), accepted.get(i).instance().id(),
                        writes.get(i).incoming().trace().traceId());
            }
            claimed.addAll(offers.offers(writes.get(i), s));
            pending |= s.pendingDeliveries() > s.claimed().size();
            results.add(new Result(accepted.get(i).instance().id(),
                    s.duplicateOf().isPresent() ? WebhookOutcome.DUPLICATE : WebhookOutcome.STORED, s.id(),
                    s.events(), s.notifications(), null));
        }
        worker.offer(claimed);
        if (pending) {
            wakeup.signal();
        }
        return results;
    }

    /**
     * Log mode: appends every accepted receipt to the receipt log and answers once the log acknowledged them; the
     * nodes' consumers store them. A vendor retry of a delivery id already stored is answered as a duplicate of it
     * (a lookup; it is appended too and stored as a DUPLICATE entry, as in database mode); one whose original is
     * not stored yet is answered as new and stored as a DUPLICATE by the unique (instance, vendor delivery id) rule.
     */
    private List<Result> appendAll(List<Accepted> accepted) {
        List<ReceiptStore.Write> writes = writes(accepted, Optional.empty());
        List<Optional<String>> originals = writes.stream().map(w -> original(w.incoming())).toList();
        spans.in("append receipts", SpanKind.PRODUCER, () -> {
            log.append(writes);
            return null;
        });
        List<Result> results = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            ReceiptStore.Write write = writes.get(i);
            long instanceId = accepted.get(i).instance().id();
            results.add(originals.get(i)
                    .map(original -> new Result(instanceId, WebhookOutcome.DUPLICATE, original, 0, 0, null))
                    .orElseGet(() -> new Result(instanceId, WebhookOutcome.STORED, write.receiptId(),
                            write.events().size(), write.pages().size(), null)));
        }
        return results;
    }

    /** The stored original of a vendor retry; none when the database cannot say now (the store will). */
    private Optional<String> original(ReceiptStore.Incoming incoming) {
        try {
            return store.original(incoming);
        } catch (RuntimeException e) {
            LOG.debugf(e, "could not look vendor delivery %s up; stored as a duplicate later if it is one",
                    incoming.vendorDeliveryId().orElse(""));
            return Optional.empty();
        }
    }

    private static List<ReceiptStore.Write> writes(List<Accepted> accepted, Optional<Duration> claimFor) {
        List<ReceiptStore.Write> writes = new ArrayList<>();
        for (Accepted a : accepted) {
            ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(a.instance(), "webhook",
                    a.incoming().contentType(), a.incoming().bodyKind(), a.incoming().body(),
                    a.normalized().vendorDeliveryId(), a.incoming().receivedAt(), null, a.incoming().trace());
            List<String> targets = a.instance().get(EventKeys.CALLBACK_URL).map(List::of).orElse(List.of());
            writes.add(ReceiptStore.write(incoming, a.normalized().events(), Pages.WEBHOOK_PAGE_SIZE, targets,
                    claimFor));
        }
        return writes;
    }


}
