package io.switchboard.messaging;

import java.util.ArrayList;
import java.util.List;

/**
 * How many SMS segments a text takes (3GPP TS 23.038 and 23.040). A text made only of GSM 03.38 characters is
 * sent in GSM-7: 160 septets in one segment, else 153 per segment (7 go to the concatenation header); the
 * extension table's characters ({@code ^ { } \ [ ] ~ | €} and form feed) take two septets, an escape and the
 * character. Any other character makes the whole text UCS-2: 70 UTF-16 code units in one segment, else 67 per
 * segment, a character outside the BMP (an emoji) taking a surrogate pair of two units. A character is never
 * split across two segments, as handsets and Twilio's segment calculator do.
 */
public final class Segments {

    /** The encoding a text is sent in. */
    public enum Encoding {
        GSM7(160, 153), UCS2(70, 67);

        final int single;
        final int concatenated;

        Encoding(int single, int concatenated) {
            this.single = single;
            this.concatenated = concatenated;
        }
    }

    // GSM 03.38 basic character set, in code order (0x1B, the escape to the extension table, left out).
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ" + "ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    private Segments() {
    }

    public static Encoding encoding(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (BASIC.indexOf(c) < 0 && EXTENSION.indexOf(c) < 0) {
                return Encoding.UCS2;
            }
        }
        return Encoding.GSM7;
    }

    /** The number of segments; an empty text is one (empty) segment. */
    public static int count(String text) {
        if (text == null || text.isEmpty()) {
            return 1;
        }
        Encoding encoding = encoding(text);
        List<Integer> units = units(text, encoding);
        int total = units.stream().mapToInt(Integer::intValue).sum();
        if (total <= encoding.single) {
            return 1;
        }
        int segments = 1;
        int used = 0;
        for (int unit : units) {
            if (used + unit > encoding.concatenated) {
                segments++;
                used = 0;
            }
            used += unit;
        }
        return segments;
    }

    /** The size of each character in the encoding's units (septets or UTF-16 code units). */
    private static List<Integer> units(String text, Encoding encoding) {
        List<Integer> units = new ArrayList<>(text.length());
        text.codePoints().forEach(cp -> {
            if (encoding == Encoding.GSM7) {
                units.add(EXTENSION.indexOf(cp) >= 0 ? 2 : 1);
            } else {
                units.add(Character.charCount(cp));
            }
        });
        return units;
    }
}
