package io.switchboard.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.error.HubError;
import io.switchboard.delivery.DeliveryHistory;
import io.switchboard.delivery.DeliveryStatus;
import io.switchboard.event.Receipts;

/**
 * An instance's event log: its receipts (webhooks and polls), newest first, with the status derived from their
 * deliveries (API.md §7), read through the event package and, for what they became, the delivery package. Every
 * query is scoped by organization and instance.
 */
@ApplicationScoped
public class ReceiptLog {

    /** What to list; null fields do not filter. {@code from} is inclusive, {@code to} exclusive. */
    public record Filter(ReceiptStatus status, Instant from, Instant to) {
    }

    /** Up to this many candidates, a status filter reads them alone; above, the log newest first. */
    static final int FEW_CANDIDATES = 5000;

    @Inject Receipts receipts;
    @Inject DeliveryHistory deliveries;

    public Page<ReceiptSummary> list(long organizationId, long instanceId, Filter filter, int pageSize,
            String nextPage) {
        PageToken.ReceiptKey after = PageToken.receipt(nextPage);
        String status = filter.status() == null ? null : filter.status().name();
        Receipts.LogQuery query = new Receipts.LogQuery(organizationId, instanceId, filter.from(), filter.to(),
                after == null ? null : after.receivedAt(), after == null ? null : after.id(), status, pageSize + 1);
        Set<String> candidates = filter.status() == null ? null
                : fewCandidates(organizationId, instanceId, filter.status());
        List<ReceiptSummary> items = new ArrayList<>();
        for (Receipts.Summary r : receipts.list(query, candidates)) {
            items.add(new ReceiptSummary(r.id(), r.receivedAt(), r.source(), ReceiptStatus.valueOf(r.status()),
                    r.events(), r.notifications(), r.reason()));
        }
        if (items.size() <= pageSize) {
            return new Page<>(items, null);
        }
        items.remove(pageSize);
        ReceiptSummary last = items.get(pageSize - 1);
        return new Page<>(items, PageToken.receipt(last.eventDate(), last.id()));
    }

    /**
     * The receipts that can show as FAILED or DISPATCHED, when there are fewer than {@link #FEW_CANDIDATES}:
     * those with a delivery in the states that make the status (index delivery_instance_status) and, for FAILED,
     * the stored failed polls (receipt_instance_stored_status, V12). Null for the other statuses, or when there are
     * more: then reading the log newest first and deriving each receipt's status is the better bet (it is quick
     * when such receipts are common among the recent ones). Without this, a filter for a status few receipts have
     * reads a log of 100,000 receipts to its end, deriving each one.
     */
    private Set<String> fewCandidates(long organizationId, long instanceId, ReceiptStatus status) {
        Set<DeliveryStatus> delivered = switch (status) {
            case FAILED -> EnumSet.of(DeliveryStatus.FAILED);
            case DISPATCHED -> EnumSet.of(DeliveryStatus.PENDING, DeliveryStatus.QUEUED);
            default -> null;
        };
        if (delivered == null) {
            return null;
        }
        // First only how many, from the two indexes alone: this decides the plan and returns nothing to anyone,
        // and the instance's organization was checked by the caller (the rows below are scoped again).
        int counted = deliveries.count(instanceId, delivered, FEW_CANDIDATES);
        if (counted >= FEW_CANDIDATES
                || counted + receipts.countStored(instanceId, status.name(), FEW_CANDIDATES - counted)
                        >= FEW_CANDIDATES) {
            return null;
        }
        Set<String> notifications = deliveries.notificationsIn(organizationId, instanceId, delivered);
        Map<String, String> receiptOf = receipts.receiptsOf(notifications);
        Set<String> ids = new LinkedHashSet<>();
        for (String notification : notifications) {
            if (receiptOf.get(notification) != null) {
                ids.add(receiptOf.get(notification));
            }
        }
        ids.addAll(receipts.storedWith(organizationId, instanceId, status.name()));
        return ids;
    }

    /**
     * One receipt with its events, notifications and their deliveries. {@code reference} is a receipt id, or the
     * id of one of its notifications (a callback's {@code message.eventId}).
     */
    public ReceiptDetail get(long organizationId, long instanceId, String reference) {
        Receipts.Detail receipt = receipts.find(organizationId, instanceId, reference).orElseThrow(
                () -> HubError.notFound("instance " + instanceId + " has no event '" + reference + "'; use the id "
                        + "of GET /instances/" + instanceId + "/events, or a callback's message.eventId"));
        List<Receipts.Notification> pages = receipts.notifications(receipt.id());
        Map<String, List<DeliveryHistory.Row>> sent = deliveries.ofNotifications(organizationId,
                pages.stream().map(Receipts.Notification::id).toList());
        List<ReceiptDetail.NotificationView> notifications = new ArrayList<>();
        for (Receipts.Notification page : pages) {
            List<DeliveryView> views = sent.getOrDefault(page.id(), List.of()).stream()
                    .map(row -> Rows.delivery(row, receipt.id())).toList();
            notifications.add(new ReceiptDetail.NotificationView(page.id(), page.page(), page.pages(),
                    page.events(), page.createdAt(), views));
        }
        List<ReceiptDetail.EventView> events = receipts.events(receipt.id()).stream()
                .map(e -> new ReceiptDetail.EventView(receipt.elementKey(), e.eventType(), e.objectType(),
                        e.objectId(), e.date()))
                .toList();
        return new ReceiptDetail(receipt.id(), receipt.receivedAt(), receipt.source(),
                ReceiptStatus.valueOf(receipt.status()), receipt.reason(), receipt.elementKey(),
                receipt.contentType(), receipt.duplicateOf(), receipt.pollDate(), receipt.body(), events,
                notifications, receipt.traceId());
    }
}
