package io.switchboard.element.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

class DateFormatTest {

    static JsonNode text(String value) {
        return TextNode.valueOf(value);
    }

    @Test
    void patternsWithoutAZoneAreReadInTheConfiguredZone() {
        DateFormat kolkata = DateFormat.of("yyyy-MM-dd HH:mm:ss", "Asia/Kolkata");
        assertEquals(Instant.parse("2026-11-22T04:30:00Z"), kolkata.parse(text("2026-11-22 10:00:00")));
        DateFormat gmt = DateFormat.of("yyyy-MM-dd HH:mm:ss", null);
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), gmt.parse(text("2026-11-22 10:00:00")));
        // summer time applies on its dates
        DateFormat berlin = DateFormat.of("dd.MM.yyyy HH:mm", "Europe/Berlin");
        assertEquals(Instant.parse("2026-07-01T08:00:00Z"), berlin.parse(text("01.07.2026 10:00")));
        assertEquals(Instant.parse("2026-12-01T09:00:00Z"), berlin.parse(text("01.12.2026 10:00")));
    }

    @Test
    void aZoneInTheValueWins() {
        DateFormat rfc2822 = DateFormat.of("EEE, dd MMM yyyy HH:mm:ss Z", "Asia/Kolkata");
        assertEquals(Instant.parse("2019-05-24T17:44:46Z"), rfc2822.parse(text("Fri, 24 May 2019 17:44:46 +0000")));
        DateFormat iso = DateFormat.of("iso", "Asia/Kolkata");
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), iso.parse(text("2026-11-22T11:00:00+01:00")));
        assertEquals(Instant.parse("2026-11-22T04:30:00Z"), iso.parse(text("2026-11-22T10:00:00")));
    }

    @Test
    void aDateOnlyPatternIsMidnightInItsZone() {
        assertEquals(Instant.parse("2026-11-21T23:00:00Z"),
                DateFormat.of("yyyy-MM-dd", "Europe/Berlin").parse(text("2026-11-22")));
    }

    @Test
    void epochAndAuto() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        assertEquals(Instant.ofEpochSecond(1795391130), DateFormat.of("epochSeconds", null)
                .parse(json.numberNode(1795391130L)));
        assertEquals(Instant.ofEpochMilli(1795391130123L), DateFormat.of("milliseconds", null)
                .parse(text("1795391130123")));
        assertEquals(Instant.ofEpochMilli(1795391130123L), DateFormat.of(null, null)
                .parse(json.numberNode(1795391130123L)));
        assertEquals(Instant.ofEpochSecond(1795391130), DateFormat.of("auto", null).parse(text("1795391130")));
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), DateFormat.of(null, null)
                .parse(text("2026-11-22T10:00:00Z")));
    }

    @Test
    void absentIsNullAndGarbageFails() {
        DateFormat format = DateFormat.of("yyyy-MM-dd", null);
        assertNull(format.parse(null));
        assertNull(format.parse(NullNode.getInstance()));
        assertNull(format.parse(text(" ")));
        assertThrows(DateTimeException.class, () -> format.parse(text("22/11/2026")));
        assertThrows(DateTimeException.class, () -> DateFormat.of("epochSeconds", null).parse(text("soon")));
    }

    @Test
    void truncatesToTheFormatsPrecisionInItsZone() {
        Instant instant = Instant.parse("2026-11-22T23:45:30.123Z");
        assertEquals(Instant.parse("2026-11-22T23:45:30Z"),
                DateFormat.of("yyyy-MM-dd'T'HH:mm:ss'Z'", null).truncate(instant));
        assertEquals(Instant.parse("2026-11-22T23:45:00Z"), DateFormat.of("yyyy-MM-dd HH:mm", null).truncate(instant));
        // a day in Berlin starts at 23:00 UTC in winter
        assertEquals(Instant.parse("2026-11-22T23:00:00Z"),
                DateFormat.of("yyyy-MM-dd", "Europe/Berlin").truncate(instant));
        assertEquals(Instant.parse("2026-11-22T23:45:30Z"), DateFormat.of("epochSeconds", null).truncate(instant));
        assertEquals(instant, DateFormat.of("epochMillis", null).truncate(instant.plusNanos(400)));
    }

    @Test
    void badFormatsAndZonesAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> DateFormat.of("yyyy-MM-dd'T", null));
        assertThrows(IllegalArgumentException.class, () -> DateFormat.of("iso", "Mars/Olympus"));
    }
}
