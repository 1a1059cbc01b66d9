package io.switchboard.event;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.delivery.DeliveryQueue;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.trace.TraceContext;

/**
 * Writes what arrived: the receipt (the vendor body, once), its events, its notifications (pages of events)
 * and one delivery per notification and target, all in the caller's transaction. Webhooks and polls share it.
 * Each {@link ReceiptHook} (subscription matching) then adds its rows on the same connection and transaction.
 */
@ApplicationScoped
public class ReceiptStore {

    /** What one receipt became. {@code duplicateOf} is set when the vendor delivery id was seen before. */
    public record Stored(String id, int events, int notifications, int pendingDeliveries, Optional<String> duplicateOf,
            List<DeliveryQueue.Claimed> claimed) {
    }

    /**
     * One resource of a poll: its events, in order, and its {@code raw} JSON (every object the vendor returned for
     * it, {@code {"objectType": "contacts", "contacts": [...]}}), which each of its pages carries.
     */
    public record PollResource(String objectType, List<Event> events, String raw) {
    }

    /**
     * One notification of a receipt: events {@code from} (inclusive) to {@code to} (exclusive) of the receipt's
     * events; {@code raw} null means the receipt's body.
     */
    public record Page(String id, int page, int pages, int from, int to, String raw) {
    }

    /** A receipt to store: the body as received and how to show it again, and the trace it belongs to. */
    public record Incoming(InstanceSettings instance, String source, String contentType, String bodyKind, String body,
            Optional<String> vendorDeliveryId, Instant receivedAt, Instant pollDate, TraceContext trace) {

        public Incoming {
            trace = trace == null ? TraceContext.currentOrFresh() : trace;
        }

        /** A receipt in a trace of its own (one that came without a trace, or a poll). */
        public Incoming(InstanceSettings instance, String source, String contentType, String bodyKind, String body,
                Optional<String> vendorDeliveryId, Instant receivedAt, Instant pollDate) {
            this(instance, source, contentType, bodyKind, body, vendorDeliveryId, receivedAt, pollDate, null);
        }
    }

    /**
     * A receipt ready to be written, its id and its notifications' ids chosen beforehand, with a delivery of each
     * page to each target URL. With {@code claimFor}, the PENDING deliveries are created already claimed for that
     * lease and returned, for this node's workers to send at once without claiming them again (if the node dies
     * first, the lease ends and any node sends them).
     */
    public record Write(String receiptId, Incoming incoming, List<Event> events, List<Page> pages,
            List<String> targetUrls, Optional<Duration> claimFor) {
    }

    @Inject
    DataSource dataSource;
    @Inject
    ReceiptHooks hooks;
    private final Counter receiptsCounter;
    private final Counter eventsCounter;
    private final Counter notificationsCounter;

    ReceiptStore(MeterRegistry metrics) {
        this.receiptsCounter = metrics.counter("switchboard.receipts");
        this.eventsCounter = metrics.counter("switchboard.events");
        this.notificationsCounter = metrics.counter("switchboard.notifications");
    }

    /** A receipt of events paged by {@code pageSize} (a webhook's 20). */
    public static Write write(Incoming incoming, List<Event> events, int pageSize, List<String> targetUrls,
            Optional<Duration> claimFor) {
        return ReceiptPages.write(incoming, events, pageSize, targetUrls, claimFor);
    }

    /**
     * One poll as one receipt (source {@code polling}): the events of every resource, each resource's events
     * paged by {@code pageSize} with that resource's raw on each of its pages (pages are numbered across the
     * receipt).
     */
    public static Write pollWrite(Incoming incoming, List<PollResource> resources, int pageSize,
            List<String> targetUrls) {
        return ReceiptPages.pollWrite(incoming, resources, pageSize, targetUrls);
    }

    /** Stores a receipt with its events paged by {@code pageSize}, and a delivery of each page to each target. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Stored store(Incoming incoming, List<Event> events, int pageSize, List<String> targetUrls) {
        return store(List.of(write(incoming, events, pageSize, targetUrls, Optional.empty()))).get(0);
    }

    /** Stores one poll as one receipt (see {@link #pollWrite}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Stored storePoll(Incoming incoming, List<PollResource> resources, int pageSize, List<String> targetUrls) {
        return store(List.of(pollWrite(incoming, resources, pageSize, targetUrls))).get(0);
    }

    /**
     * Stores receipts, in the caller's transaction, with one statement for all of them; what each became, in
     * order. A vendor delivery id seen before for the instance (or earlier in {@code writes}) stores only a
     * DUPLICATE log entry.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Stored> store(List<Write> writes) {
        try (Connection connection = dataSource.getConnection()) {
            return store(connection, writes, false);
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the receipt", e);
        }
    }

    /**
     * Stores receipts read from the receipt log (API.md §11) like {@link #store(List)}, in the caller's
     * transaction, but idempotently: a record read again (after a crash before its offset was committed) names a
     * receipt id that is stored already and stores nothing; the result is empty for it. A vendor retry stores a
     * DUPLICATE log entry under the id chosen at ingest (so that it, too, is stored once).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Optional<Stored>> storeLogged(List<Write> writes) {
        try (Connection connection = dataSource.getConnection()) {
            Set<String> existing = ReceiptLogEntries.existing(connection,
                    writes.stream().map(Write::receiptId).toList());
            List<Write> fresh = existing.isEmpty() ? writes
                    : writes.stream().filter(w -> !existing.contains(w.receiptId())).toList();
            Iterator<Stored> stored = (fresh.isEmpty() ? List.<Stored>of() : store(connection, fresh, true))
                    .iterator();
            List<Optional<Stored>> results = new ArrayList<>(writes.size());
            for (Write write : writes) {
                results.add(existing.contains(write.receiptId()) ? Optional.empty() : Optional.of(stored.next()));
            }
            return results;
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the logged receipts", e);
        }
    }

    /**
     * The id of the stored (RECEIVED) receipt of the instance with the incoming's vendor delivery id, if any: a
     * lookup outside any transaction, for the receipt log's answer to a vendor retry.
     */
    public Optional<String> original(Incoming incoming) {
        if (incoming.vendorDeliveryId().isEmpty()) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection()) {
            return ReceiptLogEntries.find(connection, incoming);
        } catch (SQLException e) {
            throw new IllegalStateException("could not look the vendor delivery id up", e);
        }
    }

    /** {@code logged}: a DUPLICATE's log entry takes the write's id (chosen at ingest), not a fresh one. */
    private List<Stored> store(Connection connection, List<Write> writes, boolean logged) throws SQLException {
        ReceiptInsert.Inserted inserted = ReceiptInsert.insertAll(connection, writes);
        List<Stored> results = new ArrayList<>(writes.size());
        for (Write write : writes) {
            Incoming incoming = write.incoming();
            if (!inserted.receipts().contains(write.receiptId())) {
                String original = ReceiptLogEntries.original(connection, incoming);
                ReceiptLogEntries.insert(connection, logged ? write.receiptId() : ReceiptPages.receiptId(),
                        incoming, ReceiptLogEntries.Status.DUPLICATE,
                        "a retry of vendor delivery " + incoming.vendorDeliveryId().orElse(""), original);
                results.add(new Stored(original, 0, 0, 0, Optional.of(original), List.of()));
                continue;
            }
            List<DeliveryQueue.Claimed> pending = new ArrayList<>();
            int laned = 0;
            for (Page page : write.pages()) {
                for (ReceiptInsert.Pending delivery : inserted.pending().getOrDefault(page.id(), List.of())) {
                    if (delivery.laned()) {
                        // made due in its lane's turn, never handed to this node's workers; counted as pending
                        // (the workers are woken) only when this commit made some delivery of a lane due
                        laned += inserted.lanedDue() > 0 ? 1 : 0;
                        continue;
                    }
                    pending.add(new DeliveryQueue.Claimed(delivery.id(), page.id(),
                            incoming.instance().organizationId(), incoming.instance().id(), "callback",
                            delivery.url(), 0, 0, null));
                }
            }
            int hooked = hooks.run(connection, write);
            receiptsCounter.increment();
            eventsCounter.increment(write.events().size());
            notificationsCounter.increment(write.pages().size());
            results.add(new Stored(write.receiptId(), write.events().size(), write.pages().size(),
                    pending.size() + laned + hooked, Optional.empty(),
                    write.claimFor().isPresent() ? pending : List.of()));
        }
        return results;
    }

    /** Logs a failed poll with its reason (status FAILED); nothing is sent. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String failPoll(Incoming incoming, String reason) {
        return logEntry(incoming, ReceiptLogEntries.Status.FAILED, reason, "could not log the failed poll");
    }

    /** Logs a refused delivery (bad signature, unreadable body) with its reason; nothing is sent. */
    @Transactional
    public String reject(Incoming incoming, String reason) {
        return logEntry(incoming, ReceiptLogEntries.Status.REJECTED, reason, "could not log the rejected receipt");
    }

    private String logEntry(Incoming incoming, ReceiptLogEntries.Status status, String reason, String failure) {
        String receiptId = ReceiptPages.receiptId();
        try (Connection connection = dataSource.getConnection()) {
            ReceiptLogEntries.insert(connection, receiptId, incoming, status, reason, null);
            return receiptId;
        } catch (SQLException e) {
            throw new IllegalStateException(failure, e);
        }
    }
}
