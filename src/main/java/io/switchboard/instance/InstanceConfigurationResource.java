package io.switchboard.instance;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.Api;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;

/** {@code /instances/configuration}: the configuration of the instance the Element token names (API.md §2). */
@Path(Api.BASE + "/instances/configuration")
@Access(Access.Kind.INSTANCE)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InstanceConfigurationResource {

    private final Instances instances;
    private final CurrentCaller caller;

    public InstanceConfigurationResource(Instances instances, CurrentCaller caller) {
        this.instances = instances;
        this.caller = caller;
    }

    @GET
    public List<InstanceView.ConfigEntry> list(@HeaderParam("Element-Instances") String elementInstances) {
        return instances.configuration(caller.organizationId(), caller.instanceId(elementInstances));
    }

    @GET
    @Path("/{configurationId}")
    public InstanceView.ConfigEntry get(@PathParam("configurationId") long configurationId,
            @HeaderParam("Element-Instances") String elementInstances) {
        return instances.configurationEntry(caller.organizationId(), caller.instanceId(elementInstances),
                configurationId);
    }

    @PATCH
    @Path("/{configurationId}")
    public InstanceView.ConfigEntry patch(@PathParam("configurationId") long configurationId,
            @HeaderParam("Element-Instances") String elementInstances, JsonNode body) {
        return instances.patchConfigurationEntry(caller.organizationId(), caller.instanceId(elementInstances),
                configurationId, InstanceResource.propertyValue(body));
    }
}
