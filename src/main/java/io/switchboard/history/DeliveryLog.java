package io.switchboard.history;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.error.HubError;
import io.switchboard.delivery.DeliveryHistory;
import io.switchboard.delivery.DeliveryStatus;
import io.switchboard.event.Receipts;

/** An instance's deliveries, newest first (API.md §7); scoped by organization and instance. */
@ApplicationScoped
public class DeliveryLog {

    @Inject DeliveryHistory deliveries;
    @Inject Receipts receipts;

    public Page<DeliveryView> list(long organizationId, long instanceId, DeliveryStatus status, int pageSize,
            String nextPage) {
        Long after = PageToken.delivery(nextPage);
        List<DeliveryView> items = new java.util.ArrayList<>(Rows.deliveries(
                deliveries.list(organizationId, instanceId, status, after, pageSize + 1), receipts));
        if (items.size() <= pageSize) {
            return new Page<>(items, null);
        }
        items.remove(pageSize);
        return new Page<>(items, PageToken.delivery(items.get(pageSize - 1).id()));
    }

    public DeliveryView get(long organizationId, long instanceId, long deliveryId) {
        DeliveryHistory.Row row = deliveries.get(organizationId, instanceId, deliveryId)
                .orElseThrow(() -> notFound(instanceId, deliveryId));
        return Rows.deliveries(List.of(row), receipts).get(0);
    }

    static HubError notFound(long instanceId, long deliveryId) {
        return HubError.notFound("instance " + instanceId + " has no delivery " + deliveryId
                + "; GET /instances/" + instanceId + "/deliveries lists them");
    }
}
