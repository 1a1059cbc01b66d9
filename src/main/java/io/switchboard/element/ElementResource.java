package io.switchboard.element;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.switchboard.api.Api;
import io.switchboard.api.Problem;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;

/** The connector catalog (API.md §3). */
@Path(Api.BASE + "/elements")
@Access(Access.Kind.PLATFORM)
@Produces(MediaType.APPLICATION_JSON)
public class ElementResource {

    private final ElementCatalog catalog;
    private final CurrentCaller caller;

    public ElementResource(ElementCatalog catalog, CurrentCaller caller) {
        this.catalog = catalog;
        this.caller = caller;
    }

    @GET
    public List<ElementDescriptor> list() {
        return catalog.list(caller.organizationId());
    }

    @GET
    @Path("/{key}")
    public ElementDescriptor get(@PathParam("key") String key) {
        return catalog.get(caller.organizationId(), key);
    }

    @GET
    @Path("/{key}/metadata")
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
    public Response create(ElementDescriptor descriptor) {
        if (descriptor == null) {
            throw Problem.badRequest("send an element descriptor in the format GET /elements/{key} returns");
        }
        return Response.status(201).entity(catalog.create(caller.organizationId(), descriptor)).build();
    }

    @DELETE
    @Path("/{key}")
    public Response delete(@PathParam("key") String key) {
        String deleted = catalog.delete(caller.organizationId(), key);
        return Response.ok(Map.of("key", deleted, "deleted", true)).build();
    }
}
