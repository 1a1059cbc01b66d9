package io.switchboard.event;

import java.util.ArrayList;
import java.util.List;

/** Splits a receipt's events into notifications (API.md §7). */
public final class Pages {

    /** Events per notification of a webhook receipt. */
    public static final int WEBHOOK_PAGE_SIZE = 20;
    /** Events per notification of a poll. */
    public static final int POLL_PAGE_SIZE = 10;

    /**
     * One notification's share of a receipt.
     *
     * @param page  1-based
     * @param pages how many pages the receipt has
     * @param from  index of the page's first item in the receipt (inclusive)
     * @param to    index after the page's last item (exclusive)
     * @param items the page's items
     */
    public record Page<T>(int page, int pages, int from, int to, List<T> items) {
    }

    private Pages() {
    }

    /** Pages of at most {@code size} items, in order; no items, no pages. */
    public static <T> List<Page<T>> split(List<T> items, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("page size must be at least 1, was " + size);
        }
        int pages = (items.size() + size - 1) / size;
        List<Page<T>> result = new ArrayList<>(pages);
        for (int i = 0; i < pages; i++) {
            int from = i * size;
            int to = Math.min(from + size, items.size());
            result.add(new Page<>(i + 1, pages, from, to, List.copyOf(items.subList(from, to))));
        }
        return result;
    }
}
