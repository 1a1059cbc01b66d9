package io.switchboard.api;

import io.switchboard.error.HubError;

/** Whole-number query parameters of the API (page sizes, {@code $top}): a default when absent, a ceiling above. */
public final class QueryNumbers {

    private QueryNumbers() {
    }

    /**
     * {@code value} as a whole number of at least {@code min}, {@code absent} when it is missing or blank, and at
     * most {@code max} (a larger one is {@code max}); anything else is a 400 naming {@code field}: "must be a whole
     * number from {@code min} to {@code max}" followed by {@code hint}.
     */
    public static int bounded(String field, String value, int absent, int min, int max, String hint) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min) {
                return Math.min(number, max);
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw HubError.invalidField(field, "must be a whole number from " + min + " to " + max + hint);
    }
}
