package io.switchboard.instance;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
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

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.api.Api;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.api.OpenApiExamples;
import io.switchboard.api.OpenApiSchemas;

/** {@code /instances/configuration}: the configuration of the instance the Element token names (API.md §2). */
@Tag(name = OpenApiDefinition.TAG_INSTANCES)
@SecurityRequirement(name = OpenApiDefinition.INSTANCE)
@SecurityRequirement(name = OpenApiDefinition.PLATFORM)
@Path(Api.BASE + "/instances/configuration")
@Access(Access.Kind.INSTANCE)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InstanceConfigurationResource {

    @Inject Instances instances;
    @Inject CurrentCaller caller;

    @GET
    @Operation(operationId = "listNamedInstanceConfiguration", summary = "List the configuration of the instance the credentials name",
            description = "The instance is the one the Element token names (or, with platform credentials, the "
                    + "Element-Instances header).")
    public List<InstanceView.ConfigEntry> list(@HeaderParam("Element-Instances") String elementInstances) {
        return instances.configuration(caller.organizationId(), caller.instanceId(elementInstances));
    }

    @GET
    @Path("/{configurationId}")
    @Operation(operationId = "getNamedInstanceConfiguration", summary = "Get one configuration entry of the instance the credentials name")
    public InstanceView.ConfigEntry get(@PathParam("configurationId") long configurationId,
            @HeaderParam("Element-Instances") String elementInstances) {
        return instances.configurationEntry(caller.organizationId(), caller.instanceId(elementInstances),
                configurationId);
    }

    @PATCH
    @Path("/{configurationId}")
    @Operation(operationId = "patchNamedInstanceConfiguration", summary = "Set one configuration entry of the instance the credentials name")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = OpenApiSchemas.PropertyValue.class),
            examples = @ExampleObject(name = "callback", value = OpenApiExamples.PROPERTY_VALUE)))
    @APIResponse(responseCode = "200", description = "The configuration entry", content = @Content(
            schema = @Schema(implementation = InstanceView.ConfigEntry.class),
            examples = @ExampleObject(name = "callback", value = OpenApiExamples.CONFIG_ENTRY)))
    public InstanceView.ConfigEntry patch(@PathParam("configurationId") long configurationId,
            @HeaderParam("Element-Instances") String elementInstances, JsonNode body) {
        return instances.patchConfigurationEntry(caller.organizationId(), caller.instanceId(elementInstances),
                configurationId, InstanceResource.propertyValue(body));
    }
}
