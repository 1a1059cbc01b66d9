package io.switchboard.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import io.switchboard.error.HubError;

/**
 * The opaque {@code Elements-Next-Page-Token}: the sort key of the last row of a page, so that the next page
 * starts right after it (keyset paging: stable while new rows arrive, and as fast on page 1000 as on page 1).
 */
final class PageToken {

    /** Where a page of receipts (newest first) ended. */
    record ReceiptKey(Instant receivedAt, String id) {
    }

    private static final String RECEIPT = "r1";
    private static final String DELIVERY = "d1";

    private PageToken() {
    }

    static String receipt(Instant receivedAt, String id) {
        long micros = Math.multiplyExact(receivedAt.getEpochSecond(), 1_000_000L) + receivedAt.getNano() / 1000;
        return encode(RECEIPT + ":" + micros + ":" + id);
    }

    static String delivery(long id) {
        return encode(DELIVERY + ":" + id);
    }

    /** The key of a receipts token, or null when there is none. */
    static ReceiptKey receipt(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        String[] parts = decode(token).split(":", 3);
        try {
            if (parts.length == 3 && parts[0].equals(RECEIPT) && !parts[2].isEmpty()) {
                long micros = Long.parseLong(parts[1]);
                return new ReceiptKey(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1000), parts[2]);
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw invalid();
    }

    /** The last delivery id of a deliveries token, or null when there is none. */
    static Long delivery(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        String[] parts = decode(token).split(":", 2);
        try {
            if (parts.length == 2 && parts[0].equals(DELIVERY)) {
                return Long.parseLong(parts[1]);
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw invalid();
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static HubError invalid() {
        return HubError.invalidField("nextPage", "is not a page token of this list; pass the "
                + "Elements-Next-Page-Token response header of the previous page as it is");
    }
}
