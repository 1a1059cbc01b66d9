package io.switchboard.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.switchboard.error.HubError;

class CreativeFormatTest {

    @Test
    void headersInAnyOrderThenTheText() {
        MessageRequest request = CreativeFormat.parse("""
                MEDIA_URLS:https://cdn.example/a.png, https://cdn.example/b.png;
                FROM:+14155550199;
                TO:+14155550100;
                Your order shipped""");
        assertEquals("+14155550100", request.to());
        assertEquals("+14155550199", request.from());
        assertEquals(List.of("https://cdn.example/a.png", "https://cdn.example/b.png"), request.mediaUrls());
        assertEquals("Your order shipped", request.message());
    }

    @Test
    void theTextMaySpanLinesAndLooksLikeHeaders() {
        MessageRequest request = CreativeFormat.parse("TO:+14155550100;\r\nLine one\r\n\r\nTO:+1999; is text now\n");
        assertEquals("Line one\n\nTO:+1999; is text now", request.message());
        assertNull(request.from());
    }

    @Test
    void theMisspelledMedialUrlsIsAccepted() {
        MessageRequest request = CreativeFormat.parse("to:+14155550100;\nmedial_urls:https://cdn.example/a.png;\n");
        assertEquals(List.of("https://cdn.example/a.png"), request.mediaUrls());
        assertNull(request.message(), "media only");
    }

    @Test
    void aBlankLineMaySeparateHeadersAndText() {
        assertEquals("Hi", CreativeFormat.parse("TO:+14155550100;\n\nHi\n").message());
    }

    @Test
    void toIsRequiredAndHeadersAppearOnce() {
        HubError missing = assertThrows(HubError.class, () -> CreativeFormat.parse("Hello there"));
        assertEquals("to", missing.errors().get(0).field());
        HubError twice = assertThrows(HubError.class,
                () -> CreativeFormat.parse("TO:+14155550100;\nTO:+14155550101;\nHi"));
        assertEquals("to", twice.errors().get(0).field());
        assertEquals(HubError.Kind.INVALID, twice.kind());
    }
}
