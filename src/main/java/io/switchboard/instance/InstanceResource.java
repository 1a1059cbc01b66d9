package io.switchboard.instance;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
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
import io.switchboard.error.HubError;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.api.OpenApiExamples;
import io.switchboard.api.OpenApiSchemas;

/**
 * Instances (API.md §4). The {@code /instances/{id}} forms take platform credentials; the forms without an id
 * work on the instance that the three-part header's Element token names.
 */
@Tag(name = OpenApiDefinition.TAG_INSTANCES)
@SecurityRequirement(name = OpenApiDefinition.PLATFORM)
@Path(Api.BASE + "/instances")
@Access(Access.Kind.PLATFORM)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InstanceResource {

    /** What the forms without an id need. */
    private static final String NAMED = "Needs the three-part header `User <u>, Organization <o>, Element <token>`.";

    @Inject Instances instances;
    @Inject CurrentCaller caller;

    @POST
    @Operation(operationId = "createInstance", summary = "Create an instance",
            description = "Provisions an instance of an element with its configuration. Missing required configuration "
                    + "keys are a 400 naming each one; an unknown element is a 404. The answer carries the instance's "
                    + "`token` and the `webhookUrl` its vendor must call.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = OpenApiSchemas.InstanceRequest.class),
            examples = @ExampleObject(name = "twilio", value = OpenApiExamples.INSTANCE_REQUEST)))
    @APIResponse(responseCode = "200", description = "The instance", content = @Content(
            schema = @Schema(implementation = InstanceView.class),
            examples = @ExampleObject(name = "twilio", value = OpenApiExamples.INSTANCE)))
    @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
    public InstanceView create(JsonNode body) {
        return instances.create(caller.get(), InstanceRequest.read(body));
    }

    @GET
    @Operation(operationId = "listInstances", summary = "List instances",
            description = "The organization's instances; with tags, those carrying all the given tags.")
    public List<InstanceView> list(@QueryParam("tags[]") List<String> tags, @QueryParam("tags") List<String> plain) {
        List<String> all = new java.util.ArrayList<>(tags);
        all.addAll(plain);
        return instances.list(caller.organizationId(), all);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getInstance", summary = "Get an instance")
    public InstanceView get(@PathParam("id") long id) {
        return instances.get(caller.organizationId(), id);
    }

    @PUT
    @Path("/{id}")
    @Operation(operationId = "replaceInstance", summary = "Replace an instance",
            description = "Replaces name, tags and configuration; the body is the one of createInstance.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = OpenApiSchemas.InstanceRequest.class),
            examples = @ExampleObject(name = "twilio", value = OpenApiExamples.INSTANCE_REQUEST)))
    public InstanceView replace(@PathParam("id") long id, JsonNode body) {
        return instances.replace(caller.organizationId(), id, InstanceRequest.read(body));
    }

    @PATCH
    @Path("/{id}")
    @Operation(operationId = "patchInstance", summary = "Change an instance",
            description = "Partial: name, tags (replaces the list), configuration (merged key by key; a key set to "
                    + "null is removed).")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = OpenApiSchemas.InstanceRequest.class),
            examples = @ExampleObject(name = "patch", value = OpenApiExamples.INSTANCE_PATCH)))
    public InstanceView patch(@PathParam("id") long id, JsonNode body) {
        return instances.patch(caller.organizationId(), id, InstanceRequest.read(body));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteInstance", summary = "Delete an instance",
            description = "Its pending deliveries become CANCELLED; afterwards its events, deliveries and webhook URL "
                    + "answer 404.")
    @APIResponse(responseCode = "200", description = "Deleted", content = @Content(
            schema = @Schema(implementation = OpenApiSchemas.Deleted.class)))
    public Map<String, Object> delete(@PathParam("id") long id) {
        instances.delete(caller.organizationId(), id);
        return Map.of("id", id, "deleted", true);
    }

    @PUT
    @Path("/{id}/enabled")
    @Operation(operationId = "enableInstance", summary = "Enable an instance")
    public InstanceView enable(@PathParam("id") long id) {
        return instances.setEnabled(caller.organizationId(), id, true);
    }

    @DELETE
    @Path("/{id}/enabled")
    @Operation(operationId = "disableInstance", summary = "Disable an instance",
            description = "A disabled instance answers its vendor 410 and is not polled.")
    public InstanceView disable(@PathParam("id") long id) {
        return instances.setEnabled(caller.organizationId(), id, false);
    }

    @GET
    @Path("/{id}/configuration")
    @Operation(operationId = "listInstanceConfiguration", summary = "List an instance's configuration",
            description = "Every key the element declares (unset ones with their default, or null) and every extra "
                    + "key that is set; secret values read \"********\".")
    public List<InstanceView.ConfigEntry> configuration(@PathParam("id") long id) {
        return instances.configuration(caller.organizationId(), id);
    }

    @GET
    @Path("/{id}/configuration/{configurationId}")
    @Operation(operationId = "getInstanceConfiguration", summary = "Get one configuration entry of an instance")
    public InstanceView.ConfigEntry configurationEntry(@PathParam("id") long id,
            @PathParam("configurationId") long configurationId) {
        return instances.configurationEntry(caller.organizationId(), id, configurationId);
    }

    @PATCH
    @Path("/{id}/configuration/{configurationId}")
    @Operation(operationId = "patchInstanceConfiguration", summary = "Set one configuration entry of an instance",
            description = "Takes effect at once: a new callback URL (http(s), or kafka:<topic> when the hub has "
                    + "Kafka) gets the next notification; a new event.poller.refresh_interval reschedules the next "
                    + "poll.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = OpenApiSchemas.PropertyValue.class),
            examples = @ExampleObject(name = "callback", value = OpenApiExamples.PROPERTY_VALUE)))
    @APIResponse(responseCode = "200", description = "The configuration entry", content = @Content(
            schema = @Schema(implementation = InstanceView.ConfigEntry.class),
            examples = @ExampleObject(name = "callback", value = OpenApiExamples.CONFIG_ENTRY)))
    public InstanceView.ConfigEntry patchConfigurationEntry(@PathParam("id") long id,
            @PathParam("configurationId") long configurationId, JsonNode body) {
        return instances.patchConfigurationEntry(caller.organizationId(), id, configurationId, propertyValue(body));
    }

    // The forms without an id: the instance is the one the Element token of the three-part header names.

    @PUT
    @Operation(operationId = "replaceNamedInstance", summary = "Replace the instance the Element token names",
            description = NAMED)
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = OpenApiSchemas.InstanceRequest.class),
            examples = @ExampleObject(name = "twilio", value = OpenApiExamples.INSTANCE_REQUEST)))
    public InstanceView replaceNamed(JsonNode body) {
        return replace(namedInstance(), body);
    }

    @PATCH
    @Operation(operationId = "patchNamedInstance", summary = "Change the instance the Element token names",
            description = NAMED)
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = OpenApiSchemas.InstanceRequest.class),
            examples = @ExampleObject(name = "patch", value = OpenApiExamples.INSTANCE_PATCH)))
    public InstanceView patchNamed(JsonNode body) {
        return patch(namedInstance(), body);
    }

    @PUT
    @Path("/enabled")
    @Operation(operationId = "enableNamedInstance", summary = "Enable the instance the Element token names",
            description = NAMED)
    public InstanceView enableNamed() {
        return enable(namedInstance());
    }

    @DELETE
    @Path("/enabled")
    @Operation(operationId = "disableNamedInstance", summary = "Disable the instance the Element token names",
            description = NAMED)
    public InstanceView disableNamed() {
        return disable(namedInstance());
    }

    private long namedInstance() {
        return caller.get().instanceId().orElseThrow(() -> HubError.invalid(
                "this form names no instance: add 'Element <instanceToken>' to the Authorization header, "
                        + "or use /instances/{id}"));
    }

    static String propertyValue(JsonNode body) {
        if (body == null || !body.isObject() || !body.has("propertyValue")) {
            throw HubError.invalidField("propertyValue", "is required, e.g. {\"propertyValue\": \"https://app.example/cb\"}");
        }
        return ConfigurationValues.text("propertyValue", body.get("propertyValue"));
    }
}
