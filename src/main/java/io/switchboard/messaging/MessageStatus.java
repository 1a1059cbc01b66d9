package io.switchboard.messaging;

import java.util.Map;

/**
 * The order of a message's states, so that a status never replaces a more advanced one: the hub's own
 * {@code accepted} and {@code sending} come first, then Twilio's {@code accepted}/{@code scheduled} (messaging
 * services), {@code queued}, {@code sending}, {@code sent}, then the outcomes {@code delivered},
 * {@code undelivered}, {@code failed}, {@code canceled} (the first one reported stays), then WhatsApp's
 * {@code read}, which comes after {@code delivered}.
 */
public final class MessageStatus {

    public static final String ACCEPTED = "accepted";
    public static final String SENDING = "sending";
    public static final String FAILED = "failed";

    private static final Map<String, Integer> TWILIO = Map.ofEntries(
            Map.entry("accepted", 2), Map.entry("scheduled", 2),
            Map.entry("queued", 3), Map.entry("sending", 4), Map.entry("sent", 5),
            Map.entry("delivered", 6), Map.entry("undelivered", 6), Map.entry("failed", 6),
            Map.entry("canceled", 6), Map.entry("partially_delivered", 6),
            Map.entry("read", 7));

    /** Above every Twilio status: the hub gave up before Twilio took the message. */
    static final int HUB_FAILED = 100;

    private MessageStatus() {
    }

    /** The rank of a status Twilio reported; -1 for statuses of incoming messages ({@code received}, …). */
    public static int twilioRank(String status) {
        return status == null ? -1 : TWILIO.getOrDefault(status.toLowerCase(java.util.Locale.ROOT), -1);
    }

    /** The rank of a stored message's own status: the hub's before Twilio took it (no SID yet), else Twilio's. */
    static int rowRank(String status, boolean hasSid) {
        if (hasSid) {
            return Math.max(twilioRank(status), 0);
        }
        return switch (status) {
            case ACCEPTED -> 0;
            case SENDING -> 1;
            default -> HUB_FAILED;
        };
    }
}
