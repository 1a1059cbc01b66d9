package io.switchboard.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** GSM-7 160/153 septets, UCS-2 70/67 code units, never splitting a character across segments. */
class SegmentsTest {

    @Test
    void gsm7FitsOneSegmentUpTo160Septets() {
        assertEquals(1, Segments.count(""));
        assertEquals(1, Segments.count("a".repeat(160)));
        assertEquals(2, Segments.count("a".repeat(161)));
        assertEquals(2, Segments.count("a".repeat(306)));
        assertEquals(3, Segments.count("a".repeat(307)));
        assertEquals(Segments.Encoding.GSM7, Segments.encoding("Grüße à @£$¥ ΔΦΓ {ok} €5 [x] ~|^\\"));
    }

    @Test
    void extensionCharactersCountTwoSeptets() {
        assertEquals(1, Segments.count("€".repeat(80)));
        assertEquals(2, Segments.count("€".repeat(81)));
        assertEquals(1, Segments.count("^{}\\[~]|€\f".repeat(8)), "10 characters, 20 septets, 8 times");
        assertEquals(2, Segments.count("a".repeat(159) + "{"));
    }

    @Test
    void anExtensionCharacterIsNotSplitAcrossSegments() {
        // 306 septets: two full segments if the escape and its character could be split, three as they cannot.
        assertEquals(3, Segments.count("a".repeat(152) + "€" + "a".repeat(152)));
    }

    @Test
    void anyOtherCharacterMakesTheTextUcs2() {
        assertEquals(Segments.Encoding.UCS2, Segments.encoding("Hello ж"));
        assertEquals(1, Segments.count("ж".repeat(70)));
        assertEquals(2, Segments.count("ж".repeat(71)));
        assertEquals(2, Segments.count("ж".repeat(134)));
        assertEquals(3, Segments.count("ж".repeat(135)));
        assertEquals(2, Segments.count("a".repeat(70) + "ж"), "one Cyrillic letter turns 71 GSM characters UCS-2");
        assertEquals(Segments.Encoding.UCS2, Segments.encoding("smart “quotes”"));
    }

    @Test
    void surrogatePairsCountTwoUnitsAndStayTogether() {
        assertEquals(1, Segments.count("😀".repeat(35)));
        assertEquals(2, Segments.count("😀".repeat(36)));
        // 134 units: two segments if a pair could be split, three as it cannot.
        assertEquals(3, Segments.count("ж".repeat(66) + "😀" + "ж".repeat(66)));
    }
}
