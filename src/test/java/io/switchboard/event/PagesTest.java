package io.switchboard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class PagesTest {

    private static List<Integer> items(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void aHundredWebhookEventsMakeFivePagesOfTwenty() {
        List<Pages.Page<Integer>> pages = Pages.split(items(100), Pages.WEBHOOK_PAGE_SIZE);

        assertEquals(5, pages.size());
        for (int i = 0; i < 5; i++) {
            Pages.Page<Integer> page = pages.get(i);
            assertEquals(i + 1, page.page());
            assertEquals(5, page.pages());
            assertEquals(20, page.items().size());
            assertEquals(i * 20, page.from());
            assertEquals(i * 20 + 20, page.to());
            assertEquals(i * 20, page.items().get(0));
        }
    }

    @Test
    void oneEventIsOnePage() {
        List<Pages.Page<Integer>> pages = Pages.split(items(1), Pages.WEBHOOK_PAGE_SIZE);

        assertEquals(List.of(new Pages.Page<>(1, 1, 0, 1, List.of(0))), pages);
    }

    @Test
    void noEventsAreNoPages() {
        assertTrue(Pages.split(List.of(), Pages.WEBHOOK_PAGE_SIZE).isEmpty());
    }

    @Test
    void theLastPageHoldsTheRest() {
        List<Pages.Page<Integer>> pages = Pages.split(items(21), Pages.WEBHOOK_PAGE_SIZE);

        assertEquals(2, pages.size());
        assertEquals(List.of(20), pages.get(1).items());
        assertEquals(2, pages.get(1).pages());
    }

    @Test
    void pollsArePagedByTen() {
        List<Pages.Page<Integer>> pages = Pages.split(items(25), Pages.POLL_PAGE_SIZE);

        assertEquals(List.of(10, 10, 5), pages.stream().map(p -> p.items().size()).toList());
    }

    @Test
    void aPageSizeBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Pages.split(items(3), 0));
    }
}
