package io.switchboard.delivery;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the history API (API.md §7) reads and does with deliveries: lists, redelivery and a replay's deliveries.
 * Every read is scoped by organization. Which receipt a delivery's notification belongs to is the event
 * package's to tell.
 */
public interface DeliveryHistory {

    /** A delivery as the history shows it; {@code lastAttemptAt} and the other times are null until they happen. */
    record Row(long id, String notificationId, long instanceId, String target, String url, DeliveryStatus status,
            int attempts, Integer lastStatusCode, String lastError, Instant lastAttemptAt, Instant nextAttemptAt,
            Instant createdAt, Instant deliveredAt) {
    }

    /** What a redelivery did: {@code redelivered} deliveries made PENDING, or why none was. */
    record Redelivered(Refusal refusal, int redelivered) {
    }

    /** Why a delivery was not sent again. */
    enum Refusal {
        /** Sent again (no refusal). */
        NONE,
        /** No such delivery of the instance. */
        NOT_FOUND,
        /** It is PENDING: already on its way. */
        PENDING
    }

    /** A replay's deliveries by status. */
    record LaneCounts(int delivered, int failed, int pending) {
    }

    /** An instance's deliveries newest first: with {@code status} only (null: all), below id {@code before}. */
    List<Row> list(long organizationId, long instanceId, DeliveryStatus status, Long before, int limit);

    Optional<Row> get(long organizationId, long instanceId, long deliveryId);

    /** The deliveries of these notifications, by notification, each list in id order. */
    Map<String, List<Row>> ofNotifications(long organizationId, Collection<String> notificationIds);

    /** How many of an instance's deliveries are in {@code statuses}, counting up to {@code limit}. */
    int count(long instanceId, Set<DeliveryStatus> statuses, int limit);

    /** The notifications of an instance's deliveries in {@code statuses} (each once, in delivery order). */
    Set<String> notificationsIn(long organizationId, long instanceId, Set<DeliveryStatus> statuses);

    /**
     * Sends one delivery again (PENDING, due now, a fresh retry count); a QUEUED one resumes its URL for the
     * organization, sending everything queued behind it, oldest first. The caller wakes the workers.
     */
    Redelivered redeliver(long organizationId, long instanceId, long deliveryId);

    /** Sends all of an instance's FAILED, or QUEUED (resuming their URLs), deliveries again. */
    int redeliverAll(long organizationId, long instanceId, DeliveryStatus status);

    /**
     * A replay's deliveries: one per notification, in the order given, to {@code url} with target {@code replay},
     * in {@code lane} with room for {@code window} under way at once; in the caller's transaction.
     *
     * @return how many were created
     */
    int enqueueReplay(String lane, int window, long organizationId, long instanceId, String url,
            List<String> notificationIds);

    LaneCounts laneCounts(String lane);

    /** Cancels what of a lane is not sent yet; each step commits on its own (see {@link DeliveryLanes#close}). */
    void closeLane(String lane, String reason);
}
