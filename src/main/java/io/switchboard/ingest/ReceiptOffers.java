package io.switchboard.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.delivery.DeliveryOptions;
import io.switchboard.delivery.DeliveryWorker;
import io.switchboard.delivery.NotificationRenderer;
import io.switchboard.event.ReceiptStore;
import io.switchboard.instance.InstanceSettings;

/** The deliveries of a stored receipt created claimed for this node, with their bodies rendered from what is in hand. */
@ApplicationScoped
class ReceiptOffers {

    @Inject NotificationRenderer renderer;
    @Inject ObjectMapper mapper;

    List<DeliveryWorker.Offer> offers(ReceiptStore.Write write, ReceiptStore.Stored stored) {
        if (stored.claimed().isEmpty()) {
            return List.of();
        }
        ReceiptStore.Incoming incoming = write.incoming();
        InstanceSettings instance = incoming.instance();
        List<NotificationRenderer.EventLine> events = write.events().stream()
                .map(e -> new NotificationRenderer.EventLine(e.eventType().name(), e.objectType(), e.objectId(),
                        e.date()))
                .toList();
        String tags = tagsJson(instance.tags());
        Map<String, NotificationRenderer.Page> pages = new HashMap<>();
        for (ReceiptStore.Page page : write.pages()) {
            pages.put(page.id(), new NotificationRenderer.Page(page.id(), write.receiptId(),
                    page.page(), page.pages(), page.from(), page.to() - 1, page.raw(), instance.id(),
                    instance.elementKey(), incoming.source(), incoming.bodyKind(), incoming.body(), null,
                    instance.name(), tags, incoming.receivedAt(), incoming.trace()));
        }
        DeliveryOptions options = DeliveryOptions.of(instance::get);
        return stored.claimed().stream().map(claimed -> {
            NotificationRenderer.Page page = pages.get(claimed.notificationId());
            return new DeliveryWorker.Offer(claimed, renderer.render(page, events), options, page.meta());
        }).toList();
    }

    private String tagsJson(List<String> tags) {
        try {
            return mapper.writeValueAsString(tags == null ? List.of() : tags);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
