package io.switchboard.delivery;

import java.util.List;
import java.util.Map;

/**
 * Renders the deliveries of a target kind other than the instance callback, e.g. subscription pushes (target
 * {@code subscription:<id>}). Callbacks are rendered by {@link NotificationRenderer}.
 */
public interface TargetRenderer {

    /**
     * A body to send: {@code id} goes in the {@code Elements-Webhook-Id} (and Standard Webhooks) header;
     * {@code contentType} replaces the default {@code application/json}.
     */
    record Rendered(String id, byte[] body, String contentType) {
    }

    /** The start of the targets this renders, e.g. {@code subscription:}. */
    String targetPrefix();

    /** The body of each delivery, by delivery id; a delivery whose content is gone is absent. */
    Map<Long, Rendered> render(List<DeliveryQueue.Claimed> deliveries);
}
