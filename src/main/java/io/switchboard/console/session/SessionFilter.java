package io.switchboard.console.session;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.switchboard.console.ConsolePages;

/** Finds the console session of a request under /console; without one, every page but sign-in sends there. */
public class SessionFilter {

    @Inject ConsoleSessions sessions;
    @Inject CurrentSession current;

    @ServerRequestFilter
    public Response session(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals(ConsolePages.BASE) && !path.startsWith(ConsolePages.BASE + "/")) {
            return null;
        }
        Cookie cookie = request.getCookies().get(SessionCookie.NAME);
        if (cookie != null) {
            sessions.find(cookie.getValue()).ifPresent(current::set);
        }
        if (current.get().isEmpty() && !path.equals(ConsolePages.BASE + "/sign-in")) {
            URI signIn = URI.create(ConsolePages.BASE + "/sign-in");
            return Response.seeOther(signIn).header("HX-Redirect", signIn.toString()).build();
        }
        return null;
    }
}
