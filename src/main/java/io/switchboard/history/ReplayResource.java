package io.switchboard.history;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.SwitchboardConfig;
import io.switchboard.api.Api;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.api.OpenApiExamples;
import io.switchboard.api.OpenApiSchemas;
import io.switchboard.error.HubError;
import io.switchboard.delivery.DeliveryWakeup;
import io.switchboard.delivery.Destinations;
import io.switchboard.outbound.TargetRefusedException;
import io.switchboard.element.EventKeys;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.instance.Instances;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;

/** Replay (backfill) of an instance's stored notifications (API.md §7 "Replay"), with platform credentials. */
@Path(Api.BASE + "/instances")
@Access(Access.Kind.PLATFORM)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OpenApiDefinition.TAG_EVENTS)
@SecurityRequirement(name = OpenApiDefinition.PLATFORM)
public class ReplayResource {

    /** The receipt statuses replayed when the request names none. */
    private static final Set<ReceiptStatus> DEFAULT_STATUSES = EnumSet.of(ReceiptStatus.NOTIFIED,
            ReceiptStatus.DISPATCHED, ReceiptStatus.FAILED);
    private static final Set<ReceiptStatus> REPLAYABLE = EnumSet.of(ReceiptStatus.RECEIVED, ReceiptStatus.NOTIFIED,
            ReceiptStatus.DISPATCHED, ReceiptStatus.FAILED);

    @Inject Instances instances;
    @Inject Replays replays;
    @Inject Destinations destinations;
    @Inject DeliveryWakeup wakeup;
    @Inject CurrentCaller caller;
    @Inject Clock clock;
    @Inject SwitchboardConfig config;

    @POST
    @Path("/{id}/events/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replayEvents", summary = "Send an instance's stored notifications of a time window again",
            description = "In receipt and page order, with their original eventIds and an Elements-Replay-Id header, "
                    + "as deliveries with target replay; a few at a time (one for an ordered instance), so that live "
                    + "deliveries keep their room.")
    @RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = OpenApiSchemas.ReplayRequest.class),
            examples = @ExampleObject(name = "window", value = "{\"from\": \"2026-11-20T00:00:00Z\"}")))
    @APIResponse(responseCode = "202", description = "Started (DONE at once when nothing is in the window)",
            content = @Content(schema = @Schema(implementation = Replays.Started.class),
                    examples = @ExampleObject(name = "started", value = OpenApiExamples.REPLAY)))
    public RestResponse<Replays.Started> start(@PathParam("id") long id, JsonNode body) {
        long organizationId = caller.organizationId();
        long instanceId = instances.find(organizationId, id).id;
        InstanceSettings settings = instances.settings(instanceId)
                .orElseThrow(() -> HubError.notFound("instance " + id + " does not exist"));
        Replays.Request request = request(body, settings);
        Replays.Started started = replays.start(organizationId, instanceId, request,
                settings.ordered() ? 1 : Math.max(1, config.delivery().replayWindow()));
        if (started.notifications() > 0) {
            wakeup.signal();
        }
        return RestResponse.status(RestResponse.Status.ACCEPTED, started);
    }

    @GET
    @Path("/{id}/events/replay/{replayId}")
    @Operation(operationId = "getReplay", summary = "A replay's progress")
    @APIResponse(responseCode = "200", description = "Its counts by delivery status", content = @Content(
            schema = @Schema(implementation = Replays.Progress.class),
            examples = @ExampleObject(name = "progress", value = OpenApiExamples.REPLAY_PROGRESS)))
    public Replays.Progress progress(@PathParam("id") long id, @PathParam("replayId") String replayId) {
        long organizationId = caller.organizationId();
        return replays.progress(organizationId, instances.find(organizationId, id).id, replayId);
    }

    @DELETE
    @Path("/{id}/events/replay/{replayId}")
    @Operation(operationId = "cancelReplay", summary = "Cancel what of a replay is not sent yet",
            description = "A callback already under way may still arrive; the answer is the replay's progress.")
    public Replays.Progress cancel(@PathParam("id") long id, @PathParam("replayId") String replayId) {
        long organizationId = caller.organizationId();
        return replays.cancel(organizationId, instances.find(organizationId, id).id, replayId);
    }

    private Replays.Request request(JsonNode body, InstanceSettings settings) {
        if (body == null || !body.isObject()) {
            throw HubError.invalid("the body must be a JSON object, e.g. {\"from\": \"2026-11-20T00:00:00Z\"}");
        }
        Instant from = QueryParams.instant("from", text(body, "from"));
        if (from == null) {
            throw HubError.invalidField("from", "is required: the start of the window, e.g. 2026-11-20T00:00:00Z");
        }
        Instant to = QueryParams.instant("to", text(body, "to"));
        if (to == null) {
            to = clock.instant();
        }
        if (!from.isBefore(to)) {
            throw HubError.invalidField("to", "must be after from");
        }
        String url = text(body, "callbackUrl");
        if (url == null) {
            url = settings.get(EventKeys.CALLBACK_URL).orElseThrow(() -> HubError.invalidField("callbackUrl",
                    "is required: the instance has no " + EventKeys.CALLBACK_URL));
        }
        try {
            url = destinations.checkConfigured("callbackUrl", url); // http(s) by the guard, kafka: by its destination
        } catch (TargetRefusedException e) {
            throw HubError.invalidField("callbackUrl", e.getMessage());
        }
        return new Replays.Request(from, to, url, statuses(body.get("status")));
    }

    private static Set<ReceiptStatus> statuses(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_STATUSES;
        }
        if (!node.isArray() || node.isEmpty()) {
            throw HubError.invalidField("status", "must be a non-empty array of receipt statuses, e.g. "
                    + "[\"NOTIFIED\", \"FAILED\"]");
        }
        Set<ReceiptStatus> statuses = EnumSet.noneOf(ReceiptStatus.class);
        for (JsonNode element : node) {
            ReceiptStatus status = element.isTextual() ? QueryParams.oneOf("status", element.asText(),
                    ReceiptStatus.class) : null;
            if (status == null || !REPLAYABLE.contains(status)) {
                throw HubError.invalidField("status", "must list statuses among RECEIVED, NOTIFIED, DISPATCHED, "
                        + "FAILED (rejected and duplicate receipts are never replayed); was " + element);
            }
            statuses.add(status);
        }
        return statuses;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw HubError.invalidField(field, "must be a string");
        }
        return value.asText().isBlank() ? null : value.asText();
    }
}
