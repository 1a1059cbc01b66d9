package io.switchboard.history;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.error.HubError;
import io.switchboard.delivery.DeliveryHistory;
import io.switchboard.delivery.DeliveryStatus;

/**
 * Sends deliveries again (API.md §7) through the delivery package: each becomes PENDING, due now, with a fresh
 * retry count; redelivering a QUEUED delivery resumes its URL for the organization. The caller wakes the workers
 * after the commit.
 */
@ApplicationScoped
public class Redeliveries {

    @Inject DeliveryHistory deliveries;

    /** @return how many deliveries were made PENDING: this one, and those queued behind its URL */
    public int redeliver(long organizationId, long instanceId, long deliveryId) {
        DeliveryHistory.Redelivered done = deliveries.redeliver(organizationId, instanceId, deliveryId);
        return switch (done.refusal()) {
            case NOT_FOUND -> throw DeliveryLog.notFound(instanceId, deliveryId);
            case PENDING -> throw HubError.conflict("delivery " + deliveryId + " is PENDING: it is already on "
                    + "its way (being sent or waiting for its next retry); redeliver it once it is DELIVERED, "
                    + "FAILED or QUEUED");
            case NONE -> done.redelivered();
        };
    }

    /**
     * Redelivers all of the instance's FAILED or QUEUED deliveries; QUEUED resumes each of their URLs, which also
     * sends the organization's other deliveries queued behind them.
     *
     * @return how many deliveries were made PENDING
     */
    public int redeliverAll(long organizationId, long instanceId, DeliveryStatus status) {
        return deliveries.redeliverAll(organizationId, instanceId, status);
    }
}
