package io.switchboard.event;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the history API (API.md §7) reads of receipts, their events and notifications. A receipt's {@code status}
 * is as the API shows it: REJECTED, DUPLICATE and FAILED (a failed poll) as stored, the others derived from its
 * deliveries when read (RECEIVED, NOTIFIED, DISPATCHED, FAILED). Scoped by organization and instance.
 */
public interface Receipts {

    /** One entry of an instance's log. */
    record Summary(String id, Instant receivedAt, String source, String status, int events, int notifications,
            String reason) {
    }

    /** One receipt; {@code body} as received. */
    record Detail(String id, Instant receivedAt, String source, String status, String reason, String elementKey,
            String contentType, String duplicateOf, Instant pollDate, String body, String traceId) {
    }

    /** One page of a receipt's events. */
    record Notification(String id, int page, int pages, int events, Instant createdAt) {
    }

    record StoredEvent(String eventType, String objectType, String objectId, Instant date) {
    }

    /**
     * A page of an instance's log, newest first: received in [{@code from}, {@code to}) (null: open), before the
     * key ({@code afterReceivedAt}, {@code afterId}) (null: from the newest), with the API {@code status} (null:
     * any), at most {@code limit}.
     */
    record LogQuery(long organizationId, long instanceId, Instant from, Instant to, Instant afterReceivedAt,
            String afterId, String status, int limit) {
    }

    /** The chosen receipts of a window and their notifications, in receipt then page order. */
    record Replayable(int receipts, List<String> notificationIds) {
    }

    /**
     * A page of the log; with {@code candidates} (only with a status), of those receipts alone: the caller knows
     * that every receipt with the status is among them.
     */
    List<Summary> list(LogQuery query, Collection<String> candidates);

    /** How many of an instance's receipts are stored with {@code status}, counting up to {@code limit}. */
    int countStored(long instanceId, String status, int limit);

    /** The ids of an instance's receipts stored with {@code status} (e.g. its failed polls). */
    List<String> storedWith(long organizationId, long instanceId, String status);

    /** The receipt of each of these notifications. */
    Map<String, String> receiptsOf(Collection<String> notificationIds);

    /** A receipt by its id, or the id of one of its notifications. */
    Optional<Detail> find(long organizationId, long instanceId, String reference);

    /** A receipt's notifications, in page order. */
    List<Notification> notifications(String receiptId);

    /** A receipt's events, in order. */
    List<StoredEvent> events(String receiptId);

    /** The instance's stored receipts received in [{@code from}, {@code to}) whose API status is one of these. */
    Replayable replayable(long organizationId, long instanceId, Instant from, Instant to,
            Collection<String> statuses);
}
