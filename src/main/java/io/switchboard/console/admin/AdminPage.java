package io.switchboard.console.admin;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.switchboard.error.HubError;
import io.switchboard.console.ConsolePages;
import io.switchboard.console.session.CurrentSession;
import io.switchboard.tenant.Tenants;

/** The admin pages (admin key only): organizations, their users, new secrets shown once, failure policies. */
@Path(ConsolePages.BASE + "/admin")
@Produces(MediaType.TEXT_HTML)
public class AdminPage {

    @Inject CurrentSession session;
    @Inject Tenants tenants;
    @Inject ConsolePages pages;
    @Inject @Location("console/admin/organizations.html") Template organizations;
    @Inject @Location("console/admin/organization.html") Template organization;

    @GET
    public TemplateInstance list() {
        session.requireAdmin();
        return pages.page(organizations).data("organizations", tenants.organizations()).data("created", null)
                .data("message", null);
    }

    @POST
    @Path("/organizations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String name, @RestForm String csrf) {
        session.requireAdmin();
        session.checkCsrf(csrf);
        if (name == null || name.isBlank()) {
            return Response.status(400).entity(pages.page(organizations).data("organizations", tenants.organizations())
                    .data("created", null).data("message", "Enter a name for the organization.").render()).build();
        }
        Tenants.Created<?> created = tenants.createOrganization(name.trim(), Optional.empty());
        // The secret is shown on this answer only: it is kept hashed and cannot be read again.
        return Response.ok(pages.page(organizations).data("organizations", tenants.organizations())
                .data("created", new NewSecret("organization " + name.trim(), created.secret()))
                .data("message", null).render()).build();
    }

    @GET
    @Path("/organizations/{id}")
    public TemplateInstance show(@PathParam("id") long id) {
        session.requireAdmin();
        return page(id, null);
    }

    @POST
    @Path("/organizations/{id}/users")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response createUser(@PathParam("id") long id, @RestForm String email, @RestForm String csrf) {
        session.requireAdmin();
        session.checkCsrf(csrf);
        if (email == null || email.isBlank()) {
            return Response.status(400).entity(page(id, null).data("message", "Enter the user's email.").render())
                    .build();
        }
        Tenants.Created<?> created = tenants.createUser(id, email.trim(), Optional.empty());
        return Response.ok(page(id, new NewSecret("user " + email.trim(), created.secret())).render()).build();
    }

    @POST
    @Path("/organizations/{id}/failure-policy")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response failurePolicy(@PathParam("id") long id, @RestForm String policy, @RestForm String csrf) {
        session.requireAdmin();
        session.checkCsrf(csrf);
        tenants.setFailurePolicy(id, policy);
        return ConsolePages.redirect(ConsolePages.BASE + "/admin/organizations/" + id);
    }

    @ServerExceptionMapper
    public Response problem(HubError problem) {
        return pages.error(problem);
    }

    private TemplateInstance page(long id, NewSecret created) {
        return pages.page(organization).data("organization", tenants.organization(id)).data("users", tenants.users(id))
                .data("created", created).data("message", null);
    }
}
