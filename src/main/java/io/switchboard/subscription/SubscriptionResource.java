package io.switchboard.subscription;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.api.Api;
import io.switchboard.api.PublicUrl;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.api.OpenApiExamples;

/**
 * {@code /subscriptions} (API.md §8): a user's own subscriptions; another user's are 404. The {@code Accept} of
 * the POST picks the push format, and the answer is JSON whatever it says.
 */
@Tag(name = OpenApiDefinition.TAG_SUBSCRIPTIONS)
@SecurityRequirement(name = OpenApiDefinition.PLATFORM)
@Path(Api.BASE + "/subscriptions")
@Access(Access.Kind.PLATFORM)
public class SubscriptionResource {

    @Inject Subscriptions subscriptions;
    @Inject CurrentCaller caller;
    @Inject PublicUrl publicUrl;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ MediaType.APPLICATION_JSON, MediaType.APPLICATION_ATOM_XML, MediaType.APPLICATION_XML,
            MediaType.TEXT_XML, MediaType.WILDCARD })
    @Operation(operationId = "createSubscription", summary = "Subscribe to a collection of an instance",
            description = "filter is an OData $filter subset; an invalid one is a 400 saying at which position. "
                    + "The Accept header picks the push format (JSON when it lists application/json, else Atom); "
                    + "the answer is JSON whatever it says.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = SubscriptionRequest.class),
            examples = @ExampleObject(name = "california", value = OpenApiExamples.SUBSCRIPTION_REQUEST)))
    @APIResponse(responseCode = "201", description = "The subscription", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionView.class)))
    public Response create(@HeaderParam("Accept") String accept, SubscriptionRequest request) {
        Subscription created = subscriptions.create(caller.get(), request, PushFormat.fromAccept(accept));
        return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE)
                .location(java.net.URI.create(publicUrl.of(Api.BASE + "/subscriptions/" + created.id())))
                .entity(SubscriptionView.of(created)).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listSubscriptions", summary = "List the caller's subscriptions")
    public List<SubscriptionView> list() {
        return subscriptions.list(caller.get()).stream().map(SubscriptionView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getSubscription", summary = "Get one of the caller's subscriptions")
    public SubscriptionView get(@PathParam("id") String id) {
        return SubscriptionView.of(subscriptions.get(caller.get(), id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteSubscription", summary = "Delete one of the caller's subscriptions")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id) {
        subscriptions.delete(caller.get(), id);
        return Response.noContent().build();
    }
}
