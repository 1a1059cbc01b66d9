package io.switchboard.messaging;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.api.Api;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.api.OpenApiExamples;

/**
 * {@code /hubs/messaging/messages} (API.md §9): send a message through the twilio instance that the Element token
 * (or platform credentials plus {@code Element-Instances}) names, as JSON or in the {@code text/plain} creative
 * format, and read a message's state.
 */
@Tag(name = OpenApiDefinition.TAG_MESSAGING)
@SecurityRequirement(name = OpenApiDefinition.INSTANCE)
@SecurityRequirement(name = OpenApiDefinition.PLATFORM)
@Path(Api.BASE + "/hubs/messaging/messages")
@Access(Access.Kind.INSTANCE)
@Produces(MediaType.APPLICATION_JSON)
public class MessagingResource {

    static final String PATH = Api.BASE + "/hubs/messaging/messages";

    @Inject Messaging messaging;
    @Inject CurrentCaller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "sendMessage", summary = "Send a message through a twilio instance",
            description = "JSON, or text/plain in the creative format (header lines TO:…; FROM:…; MEDIA_URLS:…; then "
                    + "the text). Validated before anything is sent (400 naming the field).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = MessageRequest.class),
            examples = @ExampleObject(name = "mms", value = OpenApiExamples.MESSAGE_REQUEST)))
    @APIResponse(responseCode = "200", ref = OpenApiDefinition.MESSAGE_SENT)
    @APIResponse(responseCode = "202", ref = OpenApiDefinition.MESSAGE_ACCEPTED)
    @APIResponse(responseCode = "409", ref = OpenApiDefinition.CONFLICT)
    @APIResponse(responseCode = "422", ref = OpenApiDefinition.UNPROCESSABLE)
    @APIResponse(responseCode = "502", ref = OpenApiDefinition.BAD_GATEWAY)
    public Response send(@HeaderParam("Element-Instances") String elementInstances, @HeaderParam("Prefer") String prefer,
            MessageRequest request) {
        return send(instance(elementInstances), prefer, request);
    }

    /** The document's sendMessage operation too (one POST with two bodies): its answers are {@link #send}'s. */
    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Operation(operationId = "sendMessage", summary = "Send a message through a twilio instance")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.TEXT_PLAIN,
            schema = @Schema(type = SchemaType.STRING),
            examples = @ExampleObject(name = "creative", value = OpenApiExamples.MESSAGE_CREATIVE)))
    public Response sendCreative(@HeaderParam("Element-Instances") String elementInstances,
            @HeaderParam("Prefer") String prefer, String body) {
        InstanceSettings instance = instance(elementInstances);
        return send(instance, prefer, CreativeFormat.parse(body == null ? "" : body));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getMessage", summary = "Get a message's state",
            description = "accepted, sending, then Twilio's status (queued, sent, delivered/undelivered/failed), "
                    + "or failed with a reason.")
    public MessageView get(@HeaderParam("Element-Instances") String elementInstances, @PathParam("id") String id) {
        return messaging.get(instance(elementInstances), id);
    }

    private Response send(InstanceSettings instance, String prefer, MessageRequest request) {
        OutboundMessage message = messaging.validate(instance, request);
        if (respondAsync(prefer)) {
            String id = messaging.accept(instance, message);
            return Response.accepted(Map.of("id", id, "status", MessageStatus.ACCEPTED))
                    .header("Preference-Applied", "respond-async")
                    .location(URI.create(PATH + "/" + id)).build();
        }
        return Response.ok(messaging.send(instance, message)).build();
    }

    private InstanceSettings instance(String elementInstances) {
        return messaging.instance(caller.organizationId(), caller.instanceId(elementInstances));
    }

    /** RFC 7240: {@code Prefer: respond-async} among other preferences, in any case. */
    static boolean respondAsync(String prefer) {
        return prefer != null && Arrays.stream(prefer.split("[,;]"))
                .map(p -> p.trim().toLowerCase(Locale.ROOT)).anyMatch("respond-async"::equals);
    }
}
