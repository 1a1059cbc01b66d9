package io.switchboard.console.delivery;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
import io.switchboard.delivery.DeliveryWakeup;
import io.switchboard.history.Activity;
import io.switchboard.history.Redeliveries;

/**
 * The organization's open deliveries (pending, failed, queued) grouped by callback URL; a URL paused by the
 * {@code queue} failure policy has a banner and a resume button.
 */
@Path(ConsolePages.BASE + "/deliveries")
@Produces(MediaType.TEXT_HTML)
public class DeliveriesPage {

    @Inject CurrentSession session;
    @Inject Activity activity;
    @Inject Redeliveries redeliveries;
    @Inject DeliveryWakeup wakeup;
    @Inject ConsolePages pages;
    @Inject @Location("console/delivery/by-url.html") Template deliveries;

    @GET
    public TemplateInstance list() {
        return pages.page(deliveries).data("groups", activity.openByUrl(session.organizationId(), 10));
    }

    /** Resumes a paused URL: redelivering its oldest queued delivery lifts the pause and sends the rest. */
    @POST
    @Path("/resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resume(@RestForm long instanceId, @RestForm long deliveryId, @RestForm String csrf) {
        session.checkCsrf(csrf);
        redeliveries.redeliver(session.organizationId(), instanceId, deliveryId);
        wakeup.signal();
        return ConsolePages.redirect(ConsolePages.BASE + "/deliveries");
    }

    @ServerExceptionMapper
    public Response problem(HubError problem) {
        return pages.error(problem);
    }
}
