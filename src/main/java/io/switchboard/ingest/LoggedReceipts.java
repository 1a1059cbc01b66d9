package io.switchboard.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.delivery.DeliveryWakeup;
import io.switchboard.delivery.DeliveryWorker;
import io.switchboard.event.BodyException;
import io.switchboard.event.BodyParser;
import io.switchboard.event.ReceiptStore;

/**
 * The receipt log's other end (API.md §11): a batch of receipts read from the log, stored in one transaction
 * through the event package's store, exactly as database mode stores them (receipts, events, notifications,
 * deliveries, subscription rows, {@link WebhookIngest.ReceiptStored} observers), then handed to this node's
 * workers. Idempotent: a record read again stores nothing.
 */
@ApplicationScoped
public class LoggedReceipts {

    /** What a batch became: receipts stored new, vendor retries stored as DUPLICATE, records already stored. */
    public record Outcome(int stored, int duplicates, int again) {
    }

    @Inject
    ReceiptStore store;
    @Inject
    DeliveryWorker worker;
    @Inject
    DeliveryWakeup wakeup;
    @Inject
    ReceiptOffers offers;
    @Inject
    Event<WebhookIngest.ReceiptStored> storedEvents;


    /**
     * Stores the receipts in one new transaction; returns after its commit (a failure is thrown and nothing of the
     * batch is stored). The deliveries are created claimed for this node when its workers take offers.
     */
    public Outcome store(List<ReceiptStore.Write> logged) {
        Optional<java.time.Duration> claimFor = worker.offerLease();
        List<ReceiptStore.Write> writes = claimFor.isEmpty() ? logged : logged.stream()
                .map(w -> new ReceiptStore.Write(w.receiptId(), w.incoming(), w.events(), w.pages(), w.targetUrls(),
                        claimFor))
                .toList();
        List<Optional<ReceiptStore.Stored>> stored = QuarkusTransaction.requiringNew().call(() -> {
            List<Optional<ReceiptStore.Stored>> results = store.storeLogged(writes);
            for (int i = 0; i < writes.size(); i++) {
                Optional<ReceiptStore.Stored> s = results.get(i);
                if (s.isPresent() && s.get().duplicateOf().isEmpty()) {
                    ReceiptStore.Write write = writes.get(i);
                    storedEvents.fire(new WebhookIngest.ReceiptStored(write.incoming().instance(), write.receiptId(),
                            raw(write.incoming())));
                }
            }
            return results;
        });
        List<DeliveryWorker.Offer> claimed = new ArrayList<>();
        boolean pending = false;
        int fresh = 0;
        int duplicates = 0;
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).isEmpty()) {
                continue;
            }
            ReceiptStore.Stored s = stored.get(i).get();
            if (s.duplicateOf().isPresent()) {
                duplicates++;
                continue;
            }
            fresh++;
            claimed.addAll(offers.offers(writes.get(i), s));
            pending |= s.pendingDeliveries() > s.claimed().size();
        }
        worker.offer(claimed);
        if (pending) {
            wakeup.signal();
        }
        return new Outcome(fresh, duplicates, stored.size() - fresh - duplicates);
    }

    /** The body as notifications carry it (as ingest parsed it): parsed again from the stored text. */
    private static JsonNode raw(ReceiptStore.Incoming incoming) {
        try {
            return BodyParser.parse(incoming.contentType(),
                    incoming.body() == null ? new byte[0] : incoming.body().getBytes(StandardCharsets.UTF_8)).raw();
        } catch (BodyException e) {
            return null;
        }
    }
}
