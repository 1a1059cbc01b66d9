package io.switchboard.console.session;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.switchboard.console.ConsolePages;

/** Sign-out: the session is deleted on the server, so its cookie opens nothing any more. */
@Path(ConsolePages.BASE + "/sign-out")
public class SignOutPage {

    @Inject ConsoleSessions sessions;
    @Inject CurrentSession current;
    @Inject SessionCookie cookie;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(@RestForm String csrf) {
        current.checkCsrf(csrf);
        sessions.close(current.require());
        return Response.seeOther(URI.create(ConsolePages.BASE + "/sign-in")).cookie(cookie.cleared()).build();
    }
}
