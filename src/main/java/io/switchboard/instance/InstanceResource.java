package io.switchboard.instance;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.Api;
import io.switchboard.api.Problem;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;

/**
 * Instances (API.md §4). The {@code /instances/{id}} forms take platform credentials; the forms without an id
 * work on the instance that the three-part header's Element token names.
 */
@Path(Api.BASE + "/instances")
@Access(Access.Kind.PLATFORM)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InstanceResource {

    private final Instances instances;
    private final CurrentCaller caller;

    public InstanceResource(Instances instances, CurrentCaller caller) {
        this.instances = instances;
        this.caller = caller;
    }

    @POST
    public InstanceView create(JsonNode body) {
        return instances.create(caller.get(), InstanceRequest.read(body));
    }

    @GET
    public List<InstanceView> list(@QueryParam("tags[]") List<String> tags, @QueryParam("tags") List<String> plain) {
        List<String> all = new java.util.ArrayList<>(tags);
        all.addAll(plain);
        return instances.list(caller.organizationId(), all);
    }

    @GET
    @Path("/{id}")
    public InstanceView get(@PathParam("id") long id) {
        return instances.get(caller.organizationId(), id);
    }

    @PUT
    @Path("/{id}")
    public InstanceView replace(@PathParam("id") long id, JsonNode body) {
        return instances.replace(caller.organizationId(), id, InstanceRequest.read(body));
    }

    @PATCH
    @Path("/{id}")
    public InstanceView patch(@PathParam("id") long id, JsonNode body) {
        return instances.patch(caller.organizationId(), id, InstanceRequest.read(body));
    }

    @DELETE
    @Path("/{id}")
    public Map<String, Object> delete(@PathParam("id") long id) {
        instances.delete(caller.organizationId(), id);
        return Map.of("id", id, "deleted", true);
    }

    @PUT
    @Path("/{id}/enabled")
    public InstanceView enable(@PathParam("id") long id) {
        return instances.setEnabled(caller.organizationId(), id, true);
    }

    @DELETE
    @Path("/{id}/enabled")
    public InstanceView disable(@PathParam("id") long id) {
        return instances.setEnabled(caller.organizationId(), id, false);
    }

    @GET
    @Path("/{id}/configuration")
    public List<InstanceView.ConfigEntry> configuration(@PathParam("id") long id) {
        return instances.configuration(caller.organizationId(), id);
    }

    @GET
    @Path("/{id}/configuration/{configurationId}")
    public InstanceView.ConfigEntry configurationEntry(@PathParam("id") long id,
            @PathParam("configurationId") long configurationId) {
        return instances.configurationEntry(caller.organizationId(), id, configurationId);
    }

    @PATCH
    @Path("/{id}/configuration/{configurationId}")
    public InstanceView.ConfigEntry patchConfigurationEntry(@PathParam("id") long id,
            @PathParam("configurationId") long configurationId, JsonNode body) {
        return instances.patchConfigurationEntry(caller.organizationId(), id, configurationId, propertyValue(body));
    }

    // The forms without an id: the instance is the one the Element token of the three-part header names.

    @PUT
    public InstanceView replaceNamed(JsonNode body) {
        return replace(namedInstance(), body);
    }

    @PATCH
    public InstanceView patchNamed(JsonNode body) {
        return patch(namedInstance(), body);
    }

    @PUT
    @Path("/enabled")
    public InstanceView enableNamed() {
        return enable(namedInstance());
    }

    @DELETE
    @Path("/enabled")
    public InstanceView disableNamed() {
        return disable(namedInstance());
    }

    private long namedInstance() {
        return caller.get().instanceId().orElseThrow(() -> Problem.badRequest(
                "this form names no instance: add 'Element <instanceToken>' to the Authorization header, "
                        + "or use /instances/{id}"));
    }

    static String propertyValue(JsonNode body) {
        if (body == null || !body.isObject() || !body.has("propertyValue")) {
            throw Problem.invalidField("propertyValue", "is required, e.g. {\"propertyValue\": \"https://app.example/cb\"}");
        }
        return ConfigurationValues.text("propertyValue", body.get("propertyValue"));
    }
}
