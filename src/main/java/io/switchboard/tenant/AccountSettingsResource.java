package io.switchboard.tenant;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.api.Api;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.api.OpenApiSchemas;

/** The caller's own organization settings (API.md §7, failure policy). */
@Tag(name = OpenApiDefinition.TAG_ACCOUNT)
@SecurityRequirement(name = OpenApiDefinition.PLATFORM)
@Path(Api.BASE + "/accounts/settings")
@Access(Access.Kind.PLATFORM)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountSettingsResource {

    static final String FAILURE_POLICY = "notification.webhook.failure.policy";

    @Inject Tenants tenants;
    @Inject CurrentCaller caller;

    @GET
    @Operation(operationId = "getAccountSettings", summary = "Get the caller's organization settings")
    @APIResponse(responseCode = "200", description = "The settings", content = @Content(
            schema = @Schema(implementation = OpenApiSchemas.FailurePolicy.class)))
    public Map<String, String> get() {
        return Map.of(FAILURE_POLICY, tenants.organization(caller.organizationId()).failurePolicy());
    }

    @PATCH
    @Operation(operationId = "patchAccountSettings", summary = "Change the caller's organization settings")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = OpenApiSchemas.FailurePolicy.class)))
    @APIResponse(responseCode = "200", description = "The settings", content = @Content(
            schema = @Schema(implementation = OpenApiSchemas.FailurePolicy.class)))
    public Map<String, String> patch(Map<String, Object> body) {
        if (body != null && body.containsKey(FAILURE_POLICY)) {
            Object policy = body.get(FAILURE_POLICY);
            tenants.setFailurePolicy(caller.organizationId(), policy == null ? null : policy.toString());
        }
        return get();
    }
}
