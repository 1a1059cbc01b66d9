package io.switchboard.tenant;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.switchboard.error.HubError;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.api.OpenApiExamples;
import io.switchboard.api.OpenApiSchemas;

/** Organizations and their users, for the holder of the admin key (API.md §2). */
@Tag(name = OpenApiDefinition.TAG_ADMIN)
@SecurityRequirement(name = OpenApiDefinition.ADMIN)
@Path("/admin/organizations")
@Access(Access.Kind.ADMIN)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    public record NewOrganization(String name) {
    }

    public record NewUser(String email, String firstName, String lastName) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrganizationView(long id, String name, String secret,
            @JsonProperty("notification.webhook.failure.policy") String failurePolicy) {

        static OrganizationView of(Organization organization, String secret) {
            return new OrganizationView(organization.id(), organization.name(), secret, organization.failurePolicy());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserView(long id, String email, String secret) {
    }

    @Inject Tenants tenants;

    @POST
    @Operation(operationId = "createOrganization", summary = "Create an organization",
            description = "The answer holds the organization secret; it is shown this once.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = NewOrganization.class),
            examples = @ExampleObject(name = "acme", value = "{\"name\": \"acme\"}")))
    @APIResponse(responseCode = "201", description = "The organization, with its secret", content = @Content(
            schema = @Schema(implementation = OrganizationView.class),
            examples = @ExampleObject(name = "acme", value = OpenApiExamples.ORGANIZATION)))
    public Response create(NewOrganization body) {
        if (body == null || body.name() == null || body.name().isBlank()) {
            throw HubError.invalidField("name", "is required, e.g. {\"name\": \"acme\"}");
        }
        Tenants.Created<Organization> created = tenants.createOrganization(body.name().trim(), Optional.empty());
        return Response.status(201).entity(OrganizationView.of(created.entity(), created.secret())).build();
    }

    @GET
    @Operation(operationId = "listOrganizations", summary = "List organizations", description = "Secrets omitted.")
    public List<OrganizationView> list() {
        return tenants.organizations().stream().map(o -> OrganizationView.of(o, null)).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getOrganization", summary = "Get an organization")
    public OrganizationView get(@PathParam("id") long id) {
        return OrganizationView.of(tenants.organization(id), null);
    }

    @PATCH
    @Path("/{id}")
    @Operation(operationId = "patchOrganization", summary = "Change an organization's failure policy")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = OpenApiSchemas.FailurePolicy.class)))
    public OrganizationView patch(@PathParam("id") long id, Map<String, Object> body) {
        tenants.organization(id);
        if (body != null && body.containsKey(AccountSettingsResource.FAILURE_POLICY)) {
            Object policy = body.get(AccountSettingsResource.FAILURE_POLICY);
            tenants.setFailurePolicy(id, policy == null ? null : policy.toString());
        }
        return OrganizationView.of(tenants.organization(id), null);
    }

    @POST
    @Path("/{id}/users")
    @Operation(operationId = "createUser", summary = "Create a user of an organization",
            description = "The answer holds the user secret; it is shown this once.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = NewUser.class),
            examples = @ExampleObject(name = "ops", value = "{\"email\": \"ops@acme.test\"}")))
    @APIResponse(responseCode = "201", description = "The user, with its secret", content = @Content(
            schema = @Schema(implementation = UserView.class),
            examples = @ExampleObject(name = "ops", value = OpenApiExamples.USER)))
    public Response createUser(@PathParam("id") long id, NewUser body) {
        tenants.organization(id);
        if (body == null || body.email() == null || !body.email().contains("@")) {
            throw HubError.invalidField("email", "is required and must be an email address, e.g. ops@acme.test");
        }
        Tenants.Created<AppUser> created = tenants.createUser(id, body.email().trim(), Optional.empty());
        return Response.status(201).entity(new UserView(created.entity().id(), created.entity().email(),
                created.secret())).build();
    }
}
