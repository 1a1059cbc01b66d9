package io.switchboard.subscription;

import io.switchboard.error.HubError;

/**
 * Where a reader of the feed stands: the last notification it was given ({@code seq}) and the oldest
 * transaction still running when it was given it ({@code xmin}). The next read returns what is newer than
 * {@code seq} and also whatever a transaction that was still running then wrote (it may have taken a lower
 * {@code seq} and committed later), so that nothing committed late is skipped and nothing is returned twice.
 */
record DeltaToken(long seq, long xmin) {

    static final DeltaToken START = new DeltaToken(0, Long.MAX_VALUE);

    static DeltaToken parse(String text) {
        if (text == null || text.isBlank()) {
            return START;
        }
        String[] parts = text.strip().split("-");
        try {
            if (parts.length == 2) {
                DeltaToken token = new DeltaToken(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                if (token.seq >= 0 && token.xmin > 0) {
                    return token;
                }
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HubError.invalidField("deltatoken", "is not a delta token of this feed; use the __delta link a feed"
                + " response carries");
    }

    @Override
    public String toString() {
        return seq + "-" + xmin;
    }
}
