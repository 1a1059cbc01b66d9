package io.switchboard.poll;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;
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
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.api.OpenApiExamples;
import io.switchboard.api.OpenApiSchemas;

/**
 * {@code POST /instances/{id}/events/poll} (API.md §6): runs a poll of the instance now and answers with its receipt,
 * {@code {"id": <receiptId or null>, "events", "notifications"}}, or a 502 naming the vendor's failure (the failure
 * is in the event log too); {@link PollNow} runs it. Shares the {@code /instances}
 * class path with the instance resources so that RESTEasy Reactive matches their methods together.
 */
@Tag(name = OpenApiDefinition.TAG_EVENTS)
@SecurityRequirement(name = OpenApiDefinition.PLATFORM)
@Path(Api.BASE + "/instances")
@Access(Access.Kind.PLATFORM)
@Produces(MediaType.APPLICATION_JSON)
public class PollNowResource {

    @Inject PollNow pollNow;
    @Inject CurrentCaller caller;

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
        PollNow.Result result = pollNow.run(caller.organizationId(), id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", result.receiptId());
        body.put("events", result.events());
        body.put("notifications", result.notifications());
        return body;
    }
}
