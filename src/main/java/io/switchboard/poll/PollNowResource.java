package io.switchboard.poll;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.api.Api;
import io.switchboard.api.Problem;
import io.switchboard.element.EventKeys;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.instance.Instances;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.api.OpenApiExamples;
import io.switchboard.api.OpenApiSchemas;

/**
 * {@code POST /instances/{id}/events/poll} (API.md §6): runs a poll of the instance now and answers with its receipt,
 * {@code {"id": <receiptId or null>, "events", "notifications"}}, or a 502 naming the vendor's failure (the failure
 * is in the event log too). The next scheduled poll counts its interval from this one. Shares the {@code /instances}
 * class path with the instance resources so that RESTEasy Reactive matches their methods together.
 */
@Tag(name = OpenApiDefinition.TAG_EVENTS)
@SecurityRequirement(name = OpenApiDefinition.PLATFORM)
@Path(Api.BASE + "/instances")
@Access(Access.Kind.PLATFORM)
@Produces(MediaType.APPLICATION_JSON)
public class PollNowResource {

    private final Instances instances;
    private final PollLedger ledger;
    private final PollRunner runner;
    private final CurrentCaller caller;

    PollNowResource(Instances instances, PollLedger ledger, PollRunner runner, CurrentCaller caller) {
        this.instances = instances;
        this.ledger = ledger;
        this.runner = runner;
        this.caller = caller;
    }

    @POST
    @Path("/{id}/events/poll")
    @Operation(operationId = "pollInstance", summary = "Poll an instance now",
            description = "Runs a poll of a polled instance now; the next scheduled poll counts its interval from this one.")
    @APIResponse(responseCode = "200", description = "The poll's receipt (id null when it found nothing)",
            content = @Content(schema = @Schema(implementation = OpenApiSchemas.Receipt.class),
                    examples = @ExampleObject(name = "poll", value = OpenApiExamples.RECEIPT)))
    @APIResponse(responseCode = "409", ref = OpenApiDefinition.CONFLICT)
    @APIResponse(responseCode = "502", ref = OpenApiDefinition.BAD_GATEWAY)
    public Map<String, Object> poll(@PathParam("id") long id) {
        long instanceId = instances.find(caller.organizationId(), id).id;
        InstanceSettings settings = ledger.read(instanceId).map(PollLedger.Polled::instance)
                .orElseThrow(() -> Problem.notFound("no instance has id " + id));
        if (!PollSchedule.polling(settings)) {
            throw Problem.conflict("instance " + id + " is not polled: " + EventKeys.VENDOR_TYPE + " is "
                    + settings.vendorType() + "; set it to polling");
        }
        if (settings.disabled()) {
            throw Problem.conflict("instance " + id + " is disabled; enable it (PUT /instances/" + id
                    + "/enabled) to poll it");
        }
        if (!settings.eventsEnabled()) {
            throw Problem.conflict("events are not enabled for instance " + id + " (" + EventKeys.ENABLED + ")");
        }
        Lease lease = ledger.leaseNow(instanceId).orElseThrow(() -> Problem.conflict("a poll of instance " + id
                + " is running now; try again when it has ended"));
        PollRunner.Outcome outcome = runner.run(lease).join();
        if (outcome.failure() != null) {
            Map<String, Object> extensions = new LinkedHashMap<>();
            if (outcome.receiptId() != null) {
                extensions.put("receiptId", outcome.receiptId());
            }
            throw new Problem(502, "the poll failed: " + outcome.failure().reason(), List.of(), extensions);
        }
        if (outcome.skipped()) {
            throw Problem.conflict("instance " + id + " stopped being polled while the poll ran");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", outcome.receiptId());
        body.put("events", outcome.events());
        body.put("notifications", outcome.notifications());
        return body;
    }
}
