package io.switchboard.console;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A refused console request becomes a page (or, without a session, the sign-in page). */
public class ConsoleErrors {

    private final ConsolePages pages;

    public ConsoleErrors(ConsolePages pages) {
        this.pages = pages;
    }

    @ServerExceptionMapper
    public Response refused(ConsoleRefusal refusal) {
        if (refusal.status() == 401) {
            return ConsolePages.redirect(ConsolePages.BASE + "/sign-in");
        }
        return pages.error(refusal.status(), refusal.getMessage());
    }
}
