package io.switchboard.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MessageStatusTest {

    @Test
    void twilioStatusesAreOrdered() {
        List<String> order = List.of("queued", "sending", "sent", "delivered", "read");
        for (int i = 1; i < order.size(); i++) {
            assertTrue(MessageStatus.twilioRank(order.get(i - 1)) < MessageStatus.twilioRank(order.get(i)),
                    order.get(i - 1) + " < " + order.get(i));
        }
        assertEquals(MessageStatus.twilioRank("delivered"), MessageStatus.twilioRank("undelivered"));
        assertEquals(MessageStatus.twilioRank("delivered"), MessageStatus.twilioRank("failed"));
        assertEquals(-1, MessageStatus.twilioRank("received"), "incoming messages are not outbound states");
    }

    @Test
    void theHubsOwnStatesComeBeforeTwilios() {
        assertTrue(MessageStatus.rowRank("accepted", false) < MessageStatus.rowRank("sending", false));
        assertTrue(MessageStatus.rowRank("sending", false) < MessageStatus.twilioRank("queued"));
        assertTrue(MessageStatus.rowRank("failed", false) > MessageStatus.twilioRank("read"));
        assertEquals(MessageStatus.twilioRank("failed"), MessageStatus.rowRank("failed", true));
    }

    @Test
    void preferAsyncIsReadAmongOtherPreferences() {
        assertTrue(MessagingResource.respondAsync("respond-async"));
        assertTrue(MessagingResource.respondAsync("return=minimal, Respond-Async; wait=10"));
        assertEquals(false, MessagingResource.respondAsync("return=minimal"));
        assertEquals(false, MessagingResource.respondAsync(null));
    }
}
