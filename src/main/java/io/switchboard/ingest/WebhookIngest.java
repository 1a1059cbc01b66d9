package io.switchboard.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.element.ElementCatalog;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.element.EventKeys;
import io.switchboard.element.signature.Verification;
import io.switchboard.element.signature.WebhookSignatures;
import io.switchboard.event.BodyException;
import io.switchboard.event.BodyParser;
import io.switchboard.element.InboundWebhook;
import io.switchboard.event.Normalized;
import io.switchboard.event.Normalizer;
import io.switchboard.event.Pages;
import io.switchboard.event.ParsedBody;
import io.switchboard.event.ReceiptStore;
import io.switchboard.event.ReceiptWriter;
import io.switchboard.element.rule.InvalidRuleException;
import io.switchboard.delivery.DeliveryOptions;
import io.switchboard.delivery.DeliveryWakeup;
import io.switchboard.delivery.DeliveryWorker;
import io.switchboard.delivery.NotificationRenderer;
import io.switchboard.instance.InstanceSettings;
import io.opentelemetry.api.trace.SpanKind;
import io.switchboard.trace.Spans;
import io.switchboard.trace.TraceContext;

/**
 * One vendor webhook through the hub (DESIGN.md "One path"): check each target instance, verify the element's
 * signature, parse and normalize the body, then store every accepted receipt in one transaction. The vendor's
 * 2xx is built only after that commit; nothing here calls out over the network.
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

    private record Accepted(InstanceSettings instance, Normalized normalized, ReceiptStore.Incoming incoming) {
    }

    private final ElementCatalog catalog;
    private final ReceiptStore store;
    private final ReceiptWriter writer;
    private final DeliveryWakeup wakeup;
    private final DeliveryWorker worker;
    private final NotificationRenderer renderer;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Event<ReceiptStored> storedEvents;
    private final Event<Ignored> ignoredEvents;
    private final Spans spans;
    private final WebhookSignatures signatures;

    public WebhookIngest(ElementCatalog catalog, ReceiptStore store, ReceiptWriter writer, DeliveryWakeup wakeup,
            DeliveryWorker worker, NotificationRenderer renderer, ObjectMapper mapper, Clock clock,
            Event<ReceiptStored> storedEvents, Event<Ignored> ignoredEvents, Spans spans,
            WebhookSignatures signatures) {
        this.spans = spans;
        this.signatures = signatures;
        this.catalog = catalog;
        this.store = store;
        this.writer = writer;
        this.wakeup = wakeup;
        this.worker = worker;
        this.renderer = renderer;
        this.mapper = mapper;
        this.clock = clock;
        this.storedEvents = storedEvents;
        this.ignoredEvents = ignoredEvents;
    }

    public List<Result> receive(List<InstanceSettings> targets, InboundWebhook inbound) {
        ParsedBody parsed = null;
        BodyException unreadable = null;
        try {
            parsed = BodyParser.parse(inbound);
        } catch (BodyException e) {
            unreadable = e;
        }
        List<Result> results = new ArrayList<>();
        List<Accepted> accepted = new ArrayList<>();
        for (InstanceSettings instance : targets) {
            if (instance.disabled()) {
                results.add(Result.refused(instance.id(), WebhookOutcome.DISABLED, null,
                        "instance " + instance.id() + " is disabled and takes no webhooks"));
                continue;
            }
            if (!instance.eventsEnabled()) {
                announceIgnored(instance, inbound, parsed);
                results.add(Result.refused(instance.id(), WebhookOutcome.IGNORED, null,
                        "events are not enabled for instance " + instance.id() + " (" + EventKeys.ENABLED + ")"));
                continue;
            }
            ElementDescriptor element = catalog.get(instance.organizationId(), instance.elementKey());
            ReceiptStore.Incoming incoming = incoming(instance, inbound, parsed);
            Verification verification = signatures.verify(element, instance.configuration(), inbound, clock);
            if (verification.rejected()) {
                String reason = "signature check failed: " + verification.failure().orElse("invalid signature");
                results.add(Result.refused(instance.id(), WebhookOutcome.SIGNATURE_REJECTED,
                        store.reject(incoming, reason), reason));
                continue;
            }
            if (unreadable != null) {
                String reason = unreadable.getMessage();
                results.add(Result.refused(instance.id(), WebhookOutcome.of(unreadable.kind()),
                        store.reject(incoming, reason), reason));
                continue;
            }
            try {
                accepted.add(new Accepted(instance,
                        Normalizer.normalize(element, instance.configuration(), inbound, parsed), incoming));
            } catch (InvalidRuleException e) {
                String reason = "the element's normalization rules are invalid: " + e.getMessage();
                results.add(Result.refused(instance.id(), WebhookOutcome.NOT_NORMALIZED,
                        store.reject(incoming, reason), reason));
            }
        }
        if (!accepted.isEmpty()) {
            results.addAll(storeAll(accepted));
        }
        return results;
    }

    /** Tells the {@link Ignored} observers of a readable webhook whose signature holds. */
    private void announceIgnored(InstanceSettings instance, InboundWebhook inbound, ParsedBody parsed) {
        if (parsed == null) {
            return;
        }
        ElementDescriptor element = catalog.get(instance.organizationId(), instance.elementKey());
        if (!signatures.verify(element, instance.configuration(), inbound, clock).rejected()) {
            ignoredEvents.fire(new Ignored(instance, parsed.raw()));
        }
    }

    /**
     * Stores every accepted receipt in one transaction (shared with other requests' receipts by the writer), then
     * hands the deliveries created claimed for this node to its workers with their bodies, or wakes the workers.
     */
    private List<Result> storeAll(List<Accepted> accepted) {
        Optional<Duration> claimFor = worker.offerLease();
        List<ReceiptStore.Write> writes = new ArrayList<>();
        for (Accepted a : accepted) {
            ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(a.instance(), "webhook",
                    a.incoming().contentType(), a.incoming().bodyKind(), a.incoming().body(),
                    a.normalized().vendorDeliveryId(), a.incoming().receivedAt(), null, a.incoming().trace());
            List<String> targets = a.instance().get(EventKeys.CALLBACK_URL).map(List::of).orElse(List.of());
            writes.add(ReceiptStore.write(incoming, a.normalized().events(), Pages.WEBHOOK_PAGE_SIZE, targets,
                    claimFor));
        }
        List<ReceiptStore.Stored> stored = spans.in("store receipts", SpanKind.INTERNAL,
                () -> writer.write(writes, inTransaction -> {
                    for (int i = 0; i < inTransaction.size(); i++) {
                        if (inTransaction.get(i).duplicateOf().isEmpty()) {
                            Accepted a = accepted.get(i);
                            storedEvents.fire(new ReceiptStored(a.instance(), inTransaction.get(i).id(),
                                    a.normalized().raw()));
                        }
                    }
                }));
        List<Result> results = new ArrayList<>();
        List<DeliveryWorker.Offer> offers = new ArrayList<>();
        boolean pending = false;
        for (int i = 0; i < stored.size(); i++) {
            ReceiptStore.Stored s = stored.get(i);
            if (LOG.isDebugEnabled()) {
                LOG.debugf("receipt %s of instance %d stored [traceId=%s]", s.id(), accepted.get(i).instance().id(),
                        writes.get(i).incoming().trace().traceId());
            }
            offers.addAll(offers(writes.get(i), s));
            pending |= s.pendingDeliveries() > s.claimed().size();
            results.add(new Result(accepted.get(i).instance().id(),
                    s.duplicateOf().isPresent() ? WebhookOutcome.DUPLICATE : WebhookOutcome.STORED, s.id(),
                    s.events(), s.notifications(), null));
        }
        worker.offer(offers);
        if (pending) {
            wakeup.signal();
        }
        return results;
    }

    /** The deliveries of a receipt created claimed for this node, with their bodies rendered from what is in hand. */
    private List<DeliveryWorker.Offer> offers(ReceiptStore.Write write, ReceiptStore.Stored stored) {
        if (stored.claimed().isEmpty()) {
            return List.of();
        }
        ReceiptStore.Incoming incoming = write.incoming();
        InstanceSettings instance = incoming.instance();
        List<NotificationRenderer.EventLine> events = write.events().stream()
                .map(e -> new NotificationRenderer.EventLine(e.eventType().name(), e.objectType(), e.objectId(),
                        e.date()))
                .toList();
        String tags = tagsJson(instance.tags());
        Map<String, NotificationRenderer.Page> pages = new HashMap<>();
        for (ReceiptStore.Page page : write.pages()) {
            pages.put(page.id(), new NotificationRenderer.Page(page.id(), write.receiptId(),
                    page.page(), page.pages(), page.from(), page.to() - 1, page.raw(), instance.id(),
                    instance.elementKey(), incoming.source(), incoming.bodyKind(), incoming.body(), null,
                    instance.name(), tags, incoming.receivedAt(), incoming.trace()));
        }
        DeliveryOptions options = DeliveryOptions.of(instance::get);
        return stored.claimed().stream().map(claimed -> {
            NotificationRenderer.Page page = pages.get(claimed.notificationId());
            return new DeliveryWorker.Offer(claimed, renderer.render(page, events), options, page.meta());
        }).toList();
    }

    private String tagsJson(List<String> tags) {
        try {
            return mapper.writeValueAsString(tags == null ? List.of() : tags);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ReceiptStore.Incoming incoming(InstanceSettings instance, InboundWebhook inbound, ParsedBody parsed) {
        String kind = parsed == null ? "text" : switch (parsed.format()) {
            case JSON -> "json";
            case FORM -> "form";
            case XML -> "xml";
        };
        String contentType = inbound.header("Content-Type").orElse(null);
        return new ReceiptStore.Incoming(instance, "webhook", contentType, kind,
                new String(inbound.body(), StandardCharsets.UTF_8), Optional.empty(), inbound.receivedAt(), null,
                TraceContext.forRequest(inbound.header("traceparent").orElse(null),
                        inbound.header("tracestate").orElse(null)));
    }
}
