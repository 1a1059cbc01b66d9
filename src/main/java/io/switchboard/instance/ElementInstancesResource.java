package io.switchboard.instance;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.Api;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;

/** Open Connectors' form of creating an instance: the element from the path (API.md §4). */
@Tag(name = OpenApiDefinition.TAG_INSTANCES)
@SecurityRequirement(name = OpenApiDefinition.PLATFORM)
@Path(Api.BASE + "/elements/{keyOrId}/instances")
@Access(Access.Kind.PLATFORM)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ElementInstancesResource {

    @Inject Instances instances;
    @Inject CurrentCaller caller;

    @POST
    @Operation(operationId = "createElementInstance",
            summary = "Create an instance of the element named by key or numeric id")
    public InstanceView create(@PathParam("keyOrId") String keyOrId, JsonNode body) {
        return instances.create(caller.get(), InstanceRequest.read(body).forElement(keyOrId));
    }
}
