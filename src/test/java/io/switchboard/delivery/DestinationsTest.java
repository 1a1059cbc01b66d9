package io.switchboard.delivery;

import io.switchboard.outbound.TargetRefusedException;
import io.switchboard.outbound.TargetGuard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

/** Which URLs go where, and who checks them; no Quarkus. */
class DestinationsTest {

    static final class Fake implements DeliveryDestination {
        final List<String> checked = new ArrayList<>();

        @Override
        public String prefix() {
            return "fake:";
        }

        @Override
        public void checkConfigured(String label, String url) {
            checked.add(url);
        }

        @Override
        public CompletionStage<Optional<DeliveryResult>> send(DeliveryQueue.Claimed delivery,
                Map<String, String> headers, byte[] body, long notAfterNanos) {
            throw new UnsupportedOperationException();
        }
    }

    final Fake fake = new Fake();
    final Destinations destinations = new Destinations(new TargetGuard(false, host -> List.of()), List.of(fake));

    @Test
    void httpUrlsStayWithTheHttpSenderAndOtherSchemesGoToTheirDestination() {
        assertNull(destinations.of("https://app.example/callback"));
        assertNull(destinations.of("http://app.example/callback"));
        assertSame(fake, destinations.of("fake:topic"));
        assertNull(destinations.of("ftp://app.example/x"), "unknown schemes are the guard's to refuse");
    }

    @Test
    void configuredUrlsAreCheckedByTheirOwner() {
        assertEquals("https://app.example/callback", destinations.checkConfigured("k", " https://app.example/callback "));
        assertEquals("fake:topic", destinations.checkConfigured("k", "fake:topic"));
        assertEquals(List.of("fake:topic"), fake.checked);
        TargetRefusedException spaces = assertThrows(TargetRefusedException.class,
                () -> destinations.checkConfigured("k", " fake:topic"));
        assertTrue(spaces.getMessage().contains("spaces"), spaces.getMessage());
        TargetRefusedException ftp = assertThrows(TargetRefusedException.class,
                () -> destinations.checkConfigured("k", "ftp://app.example/x"));
        assertTrue(ftp.getMessage().startsWith("k must be an http or https URL"), ftp.getMessage());
        assertThrows(TargetRefusedException.class, () -> destinations.checkConfigured("k", "http://127.0.0.1/x"),
                "http(s) still goes through the private-address guard");
    }
}
