package io.switchboard.api;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Shapes of the OpenAPI document that no Java type of the hub has: bodies the resources read as a
 * {@code JsonNode} or build as a map. Only the document uses these records; each names the code that reads or
 * writes the shape, and the generated-client test ({@code OpenApiClientIT}) checks that they agree.
 */
public final class OpenApiSchemas {

    private OpenApiSchemas() {
    }

    /** Read by {@code InstanceRequest.read}. */
    @Schema(name = "InstanceRequest", description = "An instance to create (POST), replace (PUT) or change (PATCH: "
            + "`configuration` is merged key by key, a key set to null is removed). Configuration values are strings; "
            + "numbers and booleans are accepted and stored as strings.")
    public record InstanceRequest(
            @Schema(description = "The element; may be left out when the path names it") ElementKey element,
            @Schema(examples = "sms-eu") String name,
            @Schema(description = "Defaults to [name]") List<String> tags,
            @Schema(description = "Configuration keys of the element and of events (API.md §4): "
                    + OpenApiExamples.EVENT_KEYS + ". `event.notification.callback.url` is an http(s) URL that "
                    + "notifications are POSTed to, or `kafka:<topic>` to produce them to a Kafka topic when the hub "
                    + "has Kafka (API.md §11)", additionalProperties = String.class)
            Map<String, String> configuration) {
    }

    @Schema(name = "ElementKey")
    public record ElementKey(@Schema(examples = "twilio", required = true) String key) {
    }

    /** Read by {@code InstanceResource.propertyValue}. */
    @Schema(name = "PropertyValue")
    public record PropertyValue(
            @Schema(required = true, examples = "https://app.example/callback") String propertyValue) {
    }

    @Schema(name = "Deleted")
    public record Deleted(@Schema(examples = "7") long id, boolean deleted) {
    }

    @Schema(name = "DeletedElement")
    public record DeletedElement(@Schema(examples = "my-crm") String key, boolean deleted) {
    }

    @Schema(name = "ElementMetadata", description = "The Open Connectors shape of GET /elements/{key}/metadata")
    public record ElementMetadata(EventSupport events) {
    }

    @Schema(name = "EventSupport")
    public record EventSupport(boolean supported,
            @Schema(description = "webhook and/or polling") List<String> methods) {
    }

    /** What {@code WebhookIngest} answers a vendor, and {@code POST /instances/{id}/events/poll}. */
    @Schema(name = "Receipt", description = "A stored receipt: its id (the receipt id of the event log), how many "
            + "events and notifications it made; a vendor's retry of the same delivery is `duplicate` with 0 of each.")
    public record Receipt(
            @Schema(examples = "rcp_01JD8Z6Q4T9X2M5N7P3R1S0VWY", description = "null for a poll that found nothing")
            String id,
            int events,
            int notifications,
            @Schema(description = "Present, true, on a vendor retry") Boolean duplicate) {
    }

    @Schema(name = "Ignored", description = "Events are not enabled for the instance: nothing was stored")
    public record Ignored(boolean ignored,
            @Schema(examples = "events are not enabled for instance 7 (event.notification.enabled)") String reason) {
    }

    @Schema(name = "Redelivered")
    public record Redelivered(@Schema(description = "How many deliveries are sent again") int redelivered) {
    }

    @Schema(name = "AcceptedMessage", description = "A message stored to be sent in the background "
            + "(Prefer: respond-async); its state is at the Location")
    public record AcceptedMessage(@Schema(examples = "msg_01JD8Z6Q4T9X2M5N7P3R1S0VWY") String id,
            @Schema(examples = "accepted") String status) {
    }

    /** Read and written by {@code AccountSettingsResource} and {@code AdminResource.patch}. */
    @Schema(name = "FailurePolicy")
    public record FailurePolicy(
            @JsonProperty("notification.webhook.failure.policy")
            @Schema(enumeration = { "retry", "queue" }, description = "What happens when a delivery's retries are "
                    + "exhausted: retry marks it FAILED, queue pauses its URL (API.md §7)") String policy) {
    }

    /** Read by {@code ReplayResource.request}. */
    @Schema(name = "ReplayRequest", description = "The stored notifications of the instance's receipts accepted in "
            + "[from, to) to send again (API.md §7 Replay)")
    public record ReplayRequest(
            @Schema(required = true, examples = "2026-11-20T00:00:00Z") String from,
            @Schema(description = "Default now", examples = "2026-11-21T00:00:00Z") String to,
            @Schema(description = "Default the instance's event.notification.callback.url; checked like it",
                    examples = "https://app.example/backfill") String callbackUrl,
            @Schema(description = "Receipt statuses to include, among RECEIVED, NOTIFIED, DISPATCHED, FAILED; default "
                    + "NOTIFIED, DISPATCHED, FAILED", examples = "[\"NOTIFIED\", \"FAILED\"]") List<String> status) {
    }
}
