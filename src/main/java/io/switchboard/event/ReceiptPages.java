package io.switchboard.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.switchboard.api.RequestIds;

/** Receipts to write, their ids and their notifications' (pages of their events) chosen beforehand. */
final class ReceiptPages {

    private ReceiptPages() {
    }

    /** A receipt of events paged by {@code pageSize} (a webhook's 20). */
    static ReceiptStore.Write write(ReceiptStore.Incoming incoming, List<Event> events, int pageSize,
            List<String> targetUrls, Optional<Duration> claimFor) {
        List<ReceiptStore.Page> pages = new ArrayList<>();
        for (Pages.Page<Event> page : Pages.split(events, pageSize)) {
            pages.add(new ReceiptStore.Page(notificationId(), page.page(), page.pages(), page.from(), page.to(),
                    null));
        }
        return new ReceiptStore.Write(receiptId(), incoming, events, pages, targetUrls, claimFor);
    }

    /**
     * One poll as one receipt (source {@code polling}): the events of every resource, each resource's events
     * paged by {@code pageSize} with that resource's raw on each of its pages (pages are numbered across the
     * receipt).
     */
    static ReceiptStore.Write pollWrite(ReceiptStore.Incoming incoming, List<ReceiptStore.PollResource> resources,
            int pageSize, List<String> targetUrls) {
        List<Event> events = new ArrayList<>();
        List<int[]> bounds = new ArrayList<>();
        List<String> raws = new ArrayList<>();
        for (ReceiptStore.PollResource resource : resources) {
            for (Pages.Page<Event> page : Pages.split(resource.events(), pageSize)) {
                bounds.add(new int[] { events.size() + page.from(), events.size() + page.to() });
                raws.add(resource.raw());
            }
            events.addAll(resource.events());
        }
        List<ReceiptStore.Page> pages = new ArrayList<>();
        for (int i = 0; i < bounds.size(); i++) {
            pages.add(new ReceiptStore.Page(notificationId(), i + 1, bounds.size(), bounds.get(i)[0],
                    bounds.get(i)[1], raws.get(i)));
        }
        return new ReceiptStore.Write(receiptId(), incoming, events, pages, targetUrls, Optional.empty());
    }

    /** A new receipt's id. */
    static String receiptId() {
        return "rcp_" + RequestIds.next();
    }

    private static String notificationId() {
        return "ntf_" + RequestIds.next();
    }
}
