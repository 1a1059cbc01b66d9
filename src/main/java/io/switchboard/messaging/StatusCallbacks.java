package io.switchboard.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.ingest.WebhookIngest;
import io.switchboard.instance.InstanceSettings;

/**
 * Twilio's status callbacks, once verified and stored as a receipt by the ingest pipeline, move the stored
 * message on: {@code queued → sending → sent → delivered}. Runs in the receipt's transaction, so the status and
 * the receipt commit together; an older status never replaces a newer one ({@link MessageStatus}). Incoming
 * messages ({@code received}) are events only. An instance whose events are off stores no receipt, but its
 * verified status callbacks still move its messages on.
 */
@ApplicationScoped
public class StatusCallbacks {

    @Inject MessageStore store;

    void onReceipt(@Observes WebhookIngest.ReceiptStored stored) {
        apply(stored.instance(), stored.raw());
    }

    /** An instance that sends messages without events still follows its messages' status. */
    void onIgnored(@Observes WebhookIngest.Ignored ignored) {
        apply(ignored.instance(), ignored.raw());
    }

    private void apply(InstanceSettings instance, JsonNode raw) {
        if (!Messaging.ELEMENT.equals(instance.elementKey())) {
            return;
        }
        String sid = first(raw, "MessageSid", "SmsSid");
        String status = first(raw, "MessageStatus", "SmsStatus");
        int rank = MessageStatus.twilioRank(status);
        if (sid == null || rank < 0) {
            return;
        }
        String errorCode = first(raw, "ErrorCode");
        store.recordCallback(instance.id(), sid, status.toLowerCase(java.util.Locale.ROOT), rank,
                errorCode != null && errorCode.matches("\\d{1,9}") ? Integer.valueOf(errorCode) : null);
    }

    private static String first(JsonNode raw, String... fields) {
        for (String field : fields) {
            JsonNode value = raw == null ? null : raw.get(field);
            if (value != null && value.isValueNode() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }
}
