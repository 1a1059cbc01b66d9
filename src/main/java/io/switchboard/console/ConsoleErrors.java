package io.switchboard.console;

import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.switchboard.api.ProblemMapper;
import io.vertx.core.http.HttpServerRequest;

/**
 * A refused console request becomes a page (or, without a session, the sign-in page); so does a console path that
 * does not exist, for a browser. Everything else, API clients' requests included, stays with {@link ProblemMapper}.
 */
public class ConsoleErrors {

    @Inject ConsolePages pages;
    @Inject ProblemMapper problems;

    @ServerExceptionMapper
    public Response refused(ConsoleRefusal refusal) {
        if (refusal.status() == 401) {
            return ConsolePages.redirect(ConsolePages.BASE + "/sign-in");
        }
        return pages.error(refusal.status(), refusal.getMessage());
    }

    /** No such console page: the console's 404 page for a browser, problem+json for anyone else. */
    @ServerExceptionMapper
    public Response notFound(NotFoundException e, HttpServerRequest request, UriInfo uri) {
        if (!forBrowser(request)) {
            return problems.web(e, request);
        }
        return pages.error(404, "The console has no page at " + uri.getPath() + ".");
    }

    /** A console page asked with the wrong method (e.g. a bookmarked form action). */
    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, HttpServerRequest request) {
        if (!forBrowser(request)) {
            return problems.web(e, request);
        }
        return pages.error(405, "This address is where a form sends, not a page; open the page the form is on.");
    }

    /** A request for a console path from a client that takes HTML (a browser), not an API client. */
    static boolean forBrowser(HttpServerRequest request) {
        String path = request.path();
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return path != null && (path.equals(ConsolePages.BASE) || path.startsWith(ConsolePages.BASE + "/"))
                && accept != null && accept.contains("text/html");
    }
}
