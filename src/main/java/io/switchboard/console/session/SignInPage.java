package io.switchboard.console.session;

import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.switchboard.error.HubError;
import io.switchboard.console.ConsolePages;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.AdminKey;
import io.switchboard.tenant.AuthFailureLimiter;
import io.switchboard.tenant.Authenticator;
import io.switchboard.tenant.Caller;
import io.vertx.core.http.HttpServerRequest;

/** Sign-in with a user's and an organization's secrets, or with the admin key for the admin pages. */
@Path(ConsolePages.BASE + "/sign-in")
@Produces(MediaType.TEXT_HTML)
public class SignInPage {

    @Inject Authenticator authenticator;
    @Inject AdminKey adminKey;
    @Inject AuthFailureLimiter limiter;
    @Inject ConsoleSessions sessions;
    @Inject SessionCookie cookie;
    @Inject ConsolePages pages;
    @Inject @Location("console/sign-in.html") Template signIn;

    @GET
    public TemplateInstance form() {
        return form(null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@RestForm String userSecret, @RestForm String organizationSecret, @RestForm String adminKey,
            @Context HttpServerRequest request) {
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        Optional<Duration> blocked = limiter.blockedFor(address);
        if (blocked.isPresent()) {
            return Response.status(429).header("Retry-After", Math.max(1, blocked.get().toSeconds()))
                    .entity(form("Too many failed sign-ins from your address. Try again in "
                            + Math.max(1, blocked.get().toSeconds()) + " seconds.").render())
                    .build();
        }
        String id;
        if (!blank(adminKey)) {
            if (!this.adminKey.matches(adminKey.trim())) {
                return failed(address, "The admin key is not valid.");
            }
            id = sessions.open(Optional.empty(), Optional.empty(), true);
        } else {
            if (blank(userSecret) || blank(organizationSecret)) {
                return Response.status(400).entity(form("Enter the user secret and the organization secret "
                        + "(data/credentials.json holds them), or the admin key.").render()).build();
            }
            Caller caller;
            try {
                caller = authenticator.authenticate("User " + userSecret.trim() + ", Organization "
                        + organizationSecret.trim(), Access.Kind.PLATFORM).orElseThrow();
            } catch (HubError problem) {
                return failed(address, "The user secret or the organization secret is not valid.");
            }
            id = sessions.open(Optional.of(caller.organizationId()), Optional.of(caller.userId()), false);
        }
        return Response.seeOther(java.net.URI.create(!blank(adminKey) ? ConsolePages.BASE + "/admin"
                : ConsolePages.BASE)).cookie(cookie.of(id)).build();
    }

    private Response failed(String address, String message) {
        limiter.recordFailure(address);
        return Response.status(401).entity(form(message).render()).build();
    }

    private TemplateInstance form(String message) {
        return pages.page(signIn).data("message", message);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
