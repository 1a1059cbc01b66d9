package io.switchboard.delivery;

import java.util.List;
import java.util.Map;

import io.switchboard.delivery.NotificationRenderer.EventLine;
import io.switchboard.delivery.NotificationRenderer.Page;

/**
 * What {@link NotificationRenderer} renders callbacks from: stored notifications with their receipts, instances and
 * events. Implemented by the package that stores them (event), which sits above delivery.
 */
public interface NotificationContents {

    /**
     * The notifications' pages and their receipts' events.
     *
     * @param pages  one per notification id found (one whose receipt is gone is absent)
     * @param events each page's receipt's events in order, by receipt id
     */
    record Contents(List<Page> pages, Map<String, List<EventLine>> events) {
    }

    /** Reads the notifications with these ids (not empty) and what they need, on one connection. */
    Contents load(List<String> notificationIds);
}
