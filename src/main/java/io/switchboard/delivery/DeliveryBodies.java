package io.switchboard.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** The bodies of claimed deliveries: callbacks by notification, other targets by their {@link TargetRenderer}. */
@ApplicationScoped
public class DeliveryBodies {

    @Inject NotificationRenderer renderer;
    private final List<TargetRenderer> targetRenderers;

    public DeliveryBodies(Instance<TargetRenderer> targetRenderers) {
        this.targetRenderers = targetRenderers.stream().toList();
    }

    /**
     * The body of each delivery by delivery id (absent: its notification no longer exists); puts each callback's
     * {@link NotificationMeta} into {@code metas} by notification id.
     */
    public Map<Long, TargetRenderer.Rendered> render(List<DeliveryQueue.Claimed> claimed,
            Map<String, NotificationMeta> metas) {
        Map<Long, TargetRenderer.Rendered> bodies = new HashMap<>();
        Map<TargetRenderer, List<DeliveryQueue.Claimed>> others = new HashMap<>();
        List<DeliveryQueue.Claimed> callbacks = new ArrayList<>();
        for (DeliveryQueue.Claimed delivery : claimed) {
            TargetRenderer other = targetRenderers.stream()
                    .filter(r -> delivery.target().startsWith(r.targetPrefix())).findFirst().orElse(null);
            if (other == null) {
                callbacks.add(delivery);
            } else {
                others.computeIfAbsent(other, r -> new ArrayList<>()).add(delivery);
            }
        }
        if (!callbacks.isEmpty()) {
            Map<String, NotificationRenderer.RenderedPage> pages = renderer.renderPages(callbacks.stream()
                    .map(DeliveryQueue.Claimed::notificationId).distinct().toList());
            for (DeliveryQueue.Claimed delivery : callbacks) {
                NotificationRenderer.RenderedPage page = pages.get(delivery.notificationId());
                if (page != null) {
                    bodies.put(delivery.id(), new TargetRenderer.Rendered(delivery.notificationId(), page.body(),
                            null));
                    metas.put(delivery.notificationId(), page.meta());
                }
            }
        }
        others.forEach((other, deliveries) -> bodies.putAll(other.render(deliveries)));
        return bodies;
    }
}
