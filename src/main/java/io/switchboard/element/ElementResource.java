package io.switchboard.element;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.api.Api;
import io.switchboard.error.HubError;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.api.OpenApiSchemas;

/** The connector catalog (API.md §3). */
@Tag(name = OpenApiDefinition.TAG_ELEMENTS)
@SecurityRequirement(name = OpenApiDefinition.PLATFORM)
@Path(Api.BASE + "/elements")
@Access(Access.Kind.PLATFORM)
@Produces(MediaType.APPLICATION_JSON)
public class ElementResource {

    @Inject ElementCatalog catalog;
    @Inject CurrentCaller caller;

    @GET
    @Operation(operationId = "listElements", summary = "List elements",
            description = "The built-in elements and the organization's own.")
    public List<ElementDescriptor> list() {
        return catalog.list(caller.organizationId());
    }

    @GET
    @Path("/{key}")
    @Operation(operationId = "getElement", summary = "Get an element",
            description = "One descriptor, with its normalization rules; the numeric id works in place of the key.")
    public ElementDescriptor get(@PathParam("key") String key) {
        return catalog.get(caller.organizationId(), key);
    }

    @GET
    @Path("/{key}/metadata")
    @Operation(operationId = "getElementMetadata", summary = "Get an element's event support (Open Connectors shape)")
    @APIResponse(responseCode = "200", description = "Which ways of producing events it supports", content = @Content(
            schema = @Schema(implementation = OpenApiSchemas.ElementMetadata.class)))
    public Map<String, Object> metadata(@PathParam("key") String key) {
        ElementDescriptor element = catalog.get(caller.organizationId(), key);
        List<String> methods = new java.util.ArrayList<>();
        if (element.events().webhook()) {
            methods.add("webhook");
        }
        if (element.events().polling()) {
            methods.add("polling");
        }
        return Map.of("events", Map.of("supported", !methods.isEmpty(), "methods", methods));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createElement", summary = "Create an organization's own element",
            description = "The body is a descriptor in the format getElement returns for a built-in.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ElementDescriptor.class)))
    @APIResponse(responseCode = "201", description = "The element as stored", content = @Content(
            schema = @Schema(implementation = ElementDescriptor.class)))
    @APIResponse(responseCode = "409", ref = OpenApiDefinition.CONFLICT)
    public Response create(ElementDescriptor descriptor) {
        if (descriptor == null) {
            throw HubError.invalid("send an element descriptor in the format GET /elements/{key} returns");
        }
        return Response.status(201).entity(catalog.create(caller.organizationId(), descriptor)).build();
    }

    @DELETE
    @Path("/{key}")
    @Operation(operationId = "deleteElement", summary = "Delete an organization's own element")
    @APIResponse(responseCode = "200", description = "Deleted", content = @Content(
            schema = @Schema(implementation = OpenApiSchemas.DeletedElement.class)))
    @APIResponse(responseCode = "409", ref = OpenApiDefinition.CONFLICT)
    public Response delete(@PathParam("key") String key) {
        String deleted = catalog.delete(caller.organizationId(), key);
        return Response.ok(Map.of("key", deleted, "deleted", true)).build();
    }
}
