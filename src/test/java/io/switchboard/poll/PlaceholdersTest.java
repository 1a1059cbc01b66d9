package io.switchboard.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    static final Instant SINCE = Instant.parse("2026-11-22T23:45:30.123Z");

    static String expand(String template, ZoneId zone) {
        return Placeholders.expand(template, new Placeholders.Values(SINCE, zone,
                Map.of("twilio.account.sid", "AC123"), 50), "contacts.url");
    }

    @Test
    void gmtDate() {
        assertEquals("/c?since=2026-11-22T23:45:30Z",
                expand("/c?since=${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}", ZoneId.of("Europe/Berlin")));
        assertEquals("/c?d=2026-11-22", expand("/c?d=${gmtDate:yyyy-MM-dd}", ZoneOffset.UTC));
        assertEquals("/c?since=2026-11-22T23:45:30Z", expand("/c?since=${gmtDate}", ZoneOffset.UTC));
    }

    @Test
    void dateInTheResourceTimeZone() {
        // Berlin is UTC+1 in November: the local date is already the next day
        assertEquals("/c?since=2026-11-23%2000:45:30", expand("/c?since=${date:yyyy-MM-dd HH:mm:ss}",
                ZoneId.of("Europe/Berlin")));
        assertEquals("/c?since=2026-11-23T00:45:30%2B01:00", expand("/c?since=${date:yyyy-MM-dd'T'HH:mm:ssXXX}",
                ZoneId.of("Europe/Berlin")));
        assertEquals("/c?since=2026-11-22T18:45:30-05:00", expand("/c?since=${date:yyyy-MM-dd'T'HH:mm:ssXXX}",
                ZoneId.of("America/New_York")));
        assertEquals("/c?since=2026-11-22T23:45:30Z", expand("/c?since=${date:yyyy-MM-dd'T'HH:mm:ssXXX}",
                ZoneOffset.UTC));
    }

    @Test
    void epochInMillisecondsAndSeconds() {
        assertEquals("/c?ms=" + SINCE.toEpochMilli() + "&s=" + SINCE.getEpochSecond() + "&ms2=" + SINCE.toEpochMilli(),
                expand("/c?ms=${epoch}&s=${epoch:s}&ms2=${epoch:ms}", ZoneOffset.UTC));
        assertEquals("/c?ms=1795391130123&s=1795391130", expand("/c?ms=${epoch}&s=${epoch:s}", ZoneOffset.UTC));
    }

    @Test
    void configAndPageSize() {
        assertEquals("/2010-04-01/Accounts/AC123/Messages.json?PageSize=50",
                expand("/2010-04-01/Accounts/${config:twilio.account.sid}/Messages.json?PageSize=${pageSize}",
                        ZoneOffset.UTC));
    }

    @Test
    void textWithoutPlaceholdersIsKept() {
        assertEquals("/c?status=open&x=%24", expand("/c?status=open&x=%24", ZoneOffset.UTC));
    }

    @Test
    void mistakesAreNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> expand("/c?x=${since}", ZoneOffset.UTC));
        assertTrue(unknown.getMessage().startsWith("contacts.url has an unknown placeholder ${since}"),
                unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> expand("/c?x=${epoch:h}", ZoneOffset.UTC));
        assertThrows(IllegalArgumentException.class, () -> expand("/c?x=${config:nope}", ZoneOffset.UTC));
        IllegalArgumentException pattern = assertThrows(IllegalArgumentException.class,
                () -> expand("/c?x=${gmtDate:yyyy-MM-dd'T}", ZoneOffset.UTC));
        assertTrue(pattern.getMessage().contains("is not a date format"), pattern.getMessage());
    }

    @Test
    void encodesWhatAUrlCannotHoldAsIs() {
        assertEquals("a%2Bb%20c:d%2F%C3%A9", Placeholders.encode("a+b c:d/é"));
    }
}
