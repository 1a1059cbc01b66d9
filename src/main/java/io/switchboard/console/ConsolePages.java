package io.switchboard.console;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.switchboard.api.ProblemMapper;
import io.switchboard.error.HubError;
import io.switchboard.console.session.CurrentSession;

/** What every console page gets (the session's CSRF token, whether it is the admin) and the error page. */
@ApplicationScoped
public class ConsolePages {

    public static final String BASE = "/console";

    @Inject CurrentSession session;
    @Inject @Location("console/error.html") Template error;

    public TemplateInstance page(Template template) {
        return template.data("csrf", session.csrf()).data("admin", session.admin())
                .data("signedIn", session.get().isPresent());
    }

    public Response error(int status, String message) {
        String title = switch (status) {
            case 404 -> "Not found";
            case 403 -> "Not allowed";
            case 405 -> "Not a page";
            case 409 -> "Conflict";
            case 429 -> "Too many attempts";
            default -> status >= 500 ? "Something failed" : "Cannot do that";
        };
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page(error).data("title", title).data("message", message).data("status", status).render())
                .build();
    }

    public Response error(HubError problem) {
        return error(ProblemMapper.status(problem.kind()), problem.detail());
    }

    /** The answer to a form: back to a page (POST, then redirect, then GET). */
    public static Response redirect(String path) {
        return Response.seeOther(URI.create(path)).build();
    }
}
