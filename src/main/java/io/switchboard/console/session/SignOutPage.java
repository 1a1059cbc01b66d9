package io.switchboard.console.session;

import java.net.URI;

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

    private final ConsoleSessions sessions;
    private final CurrentSession current;
    private final SessionCookie cookie;

    public SignOutPage(ConsoleSessions sessions, CurrentSession current, SessionCookie cookie) {
        this.sessions = sessions;
        this.current = current;
        this.cookie = cookie;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(@RestForm String csrf) {
        current.checkCsrf(csrf);
        sessions.close(current.require());
        return Response.seeOther(URI.create(ConsolePages.BASE + "/sign-in")).cookie(cookie.cleared()).build();
    }
}
