package io.switchboard.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.element.ElementCatalog;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.element.EventKeys;
import io.switchboard.element.signature.Verification;
import io.switchboard.element.signature.WebhookSignatures;
import io.switchboard.event.BodyException;
import io.switchboard.event.BodyParser;
import io.switchboard.event.InboundWebhook;
import io.switchboard.event.Normalized;
import io.switchboard.event.Normalizer;
import io.switchboard.event.Pages;
import io.switchboard.event.ParsedBody;
import io.switchboard.event.ReceiptStore;
import io.switchboard.event.rule.InvalidRuleException;
import io.switchboard.delivery.DeliveryWakeup;
import io.switchboard.instance.InstanceSettings;

/**
 * One vendor webhook through the hub (DESIGN.md "One path"): check each target instance, verify the element's
 * signature, parse and normalize the body, then store every accepted receipt in one transaction. The vendor's
 * 2xx is built only after that commit; nothing here calls out over the network.
 */
@ApplicationScoped
public class WebhookIngest {

    /** What happened for one instance; {@code status} is the HTTP status this alone would answer. */
    public record Result(long instanceId, int status, String receiptId, int events, int notifications,
            boolean duplicate, String reason) {

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", receiptId);
            if (duplicate) {
                body.put("duplicate", true);
            }
            body.put("events", events);
            body.put("notifications", notifications);
            return body;
        }
    }

    /**
     * Fired inside the transaction that stores a new (not duplicate) receipt, so that what an observer writes
     * commits or rolls back with it; {@code raw} is the body as notifications carry it (a form as an object of
     * strings).
     */
    public record ReceiptStored(InstanceSettings instance, String receiptId, JsonNode raw) {
    }

    private record Accepted(InstanceSettings instance, Normalized normalized, ReceiptStore.Incoming incoming) {
    }

    private final ElementCatalog catalog;
    private final ReceiptStore store;
    private final DeliveryWakeup wakeup;
    private final io.switchboard.delivery.DeliveryWorker worker;
    private final Clock clock;
    private final Event<ReceiptStored> storedEvents;

    public WebhookIngest(ElementCatalog catalog, ReceiptStore store, DeliveryWakeup wakeup,
            io.switchboard.delivery.DeliveryWorker worker, Clock clock, Event<ReceiptStored> storedEvents) {
        this.worker = worker;
        this.catalog = catalog;
        this.store = store;
        this.wakeup = wakeup;
        this.clock = clock;
        this.storedEvents = storedEvents;
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
                results.add(new Result(instance.id(), 410, null, 0, 0, false,
                        "instance " + instance.id() + " is disabled and takes no webhooks"));
                continue;
            }
            if (!instance.eventsEnabled()) {
                results.add(new Result(instance.id(), 202, null, 0, 0, false,
                        "events are not enabled for instance " + instance.id() + " (" + EventKeys.ENABLED + ")"));
                continue;
            }
            ElementDescriptor element = catalog.get(instance.organizationId(), instance.elementKey());
            ReceiptStore.Incoming incoming = incoming(instance, inbound, parsed);
            Verification verification = WebhookSignatures.verify(element, instance.configuration(), inbound, clock);
            if (verification.rejected()) {
                String reason = "signature check failed: " + verification.failure().orElse("invalid signature");
                results.add(new Result(instance.id(), 401, store.reject(incoming, reason), 0, 0, false, reason));
                continue;
            }
            if (unreadable != null) {
                String reason = unreadable.getMessage();
                results.add(new Result(instance.id(), unreadable.status(), store.reject(incoming, reason), 0, 0,
                        false, reason));
                continue;
            }
            try {
                accepted.add(new Accepted(instance,
                        Normalizer.normalize(element, instance.configuration(), inbound, parsed), incoming));
            } catch (InvalidRuleException e) {
                String reason = "the element's normalization rules are invalid: " + e.getMessage();
                results.add(new Result(instance.id(), 422, store.reject(incoming, reason), 0, 0, false, reason));
            }
        }
        if (!accepted.isEmpty()) {
            java.util.Optional<java.time.Duration> claimFor = worker.offerLease();
            List<io.switchboard.delivery.DeliveryQueue.Claimed> claimed = new ArrayList<>();
            List<Result> stored = storeAll(accepted, claimFor, claimed);
            if (!claimed.isEmpty()) {
                worker.offer(claimed);
            } else if (stored.stream().anyMatch(r -> r.notifications() > 0)) {
                wakeup.signal();
            }
            results.addAll(stored);
        }
        return results;
    }

    /** Stores every accepted receipt in one transaction; deliveries created claimed are added to {@code claimed}. */
    @Transactional
    List<Result> storeAll(List<Accepted> accepted, java.util.Optional<java.time.Duration> claimFor,
            List<io.switchboard.delivery.DeliveryQueue.Claimed> claimed) {
        List<Result> results = new ArrayList<>();
        for (Accepted a : accepted) {
            ReceiptStore.Incoming incoming = new ReceiptStore.Incoming(a.instance(), "webhook",
                    a.incoming().contentType(), a.incoming().bodyKind(), a.incoming().body(),
                    a.normalized().vendorDeliveryId(), a.incoming().receivedAt(), null);
            List<String> targets = a.instance().get(EventKeys.CALLBACK_URL).map(List::of).orElse(List.of());
            ReceiptStore.Stored stored = store.store(incoming, a.normalized().events(), Pages.WEBHOOK_PAGE_SIZE,
                    targets, claimFor);
            claimed.addAll(stored.claimed());
            if (stored.duplicateOf().isEmpty()) {
                storedEvents.fire(new ReceiptStored(a.instance(), stored.id(), a.normalized().raw()));
            }
            results.add(new Result(a.instance().id(), 200, stored.id(), stored.events(), stored.notifications(),
                    stored.duplicateOf().isPresent(), null));
        }
        return results;
    }

    private ReceiptStore.Incoming incoming(InstanceSettings instance, InboundWebhook inbound, ParsedBody parsed) {
        String kind = parsed == null ? "text" : switch (parsed.format()) {
            case JSON -> "json";
            case FORM -> "form";
            case XML -> "xml";
        };
        String contentType = inbound.header("Content-Type").orElse(null);
        return new ReceiptStore.Incoming(instance, "webhook", contentType, kind,
                new String(inbound.body(), StandardCharsets.UTF_8), Optional.empty(), inbound.receivedAt(), null);
    }
}
