package io.switchboard.console.instance;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.switchboard.api.ProblemMapper;
import io.switchboard.error.HubError;
import io.switchboard.console.ConsolePages;
import io.switchboard.console.session.CurrentSession;
import io.switchboard.element.ElementCatalog;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.element.InboundWebhook;
import io.switchboard.ingest.WebhookIngest;
import io.switchboard.ingest.WebhookResource;
import io.switchboard.instance.InstanceRequest;
import io.switchboard.instance.InstanceView;
import io.switchboard.instance.Instances;
import io.switchboard.poll.PollNow;

/** One instance: its webhook URL and token, its configuration (edited with PATCH semantics) and its actions. */
@Path(ConsolePages.BASE + "/instances/{id: [0-9]+}")
@Produces(MediaType.TEXT_HTML)
public class InstancePage {

    static final String TEST_BODY = "{\"id\": \"test-1\", \"message\": \"a test event from the console\"}";

    @Inject CurrentSession session;
    @Inject Instances instances;
    @Inject ElementCatalog catalog;
    @Inject WebhookIngest ingest;
    @Inject PollNow pollNow;
    @Inject Clock clock;
    @Inject ConsolePages pages;
    @Inject @Location("console/instance/show.html") Template show;

    /** {@code saved} (keys changed) and {@code polled} (a poll that found nothing) come from the forms' redirects. */
    @GET
    public TemplateInstance show(@PathParam("id") long id, @QueryParam("saved") Integer saved,
            @QueryParam("polled") String polled) {
        InstanceView instance = instances.get(session.organizationId(), id);
        String notice = saved != null ? (saved == 0 ? "Nothing changed." : "Saved " + saved + " change(s).")
                : polled != null ? "The poll found nothing new since the last one." : null;
        return page(instance, Map.of(), null, null).data("notice", notice);
    }

    /** Sends only the keys whose value changed; a secret left empty keeps its value, an emptied key is removed. */
    @POST
    @Path("/configuration")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response configure(@PathParam("id") long id, MultivaluedMap<String, String> form) {
        InstanceView instance = submitted(id, form);
        long org = session.organizationId();
        ElementDescriptor element = catalog.get(org, instance.element().key());
        Map<String, String> changes = new HashMap<>();
        for (ElementDescriptor.ConfigKey key : element.configuration()) {
            String typed = form.getFirst(ConfigField.PREFIX + key.key());
            if (typed == null) {
                continue;
            }
            String current = instance.configuration().get(key.key());
            if (key.secret()) {
                if (!typed.isEmpty()) {
                    changes.put(key.key(), typed);
                }
            } else if (typed.isEmpty()) {
                if (current != null) {
                    changes.put(key.key(), null);
                }
            } else if (!Objects.equals(typed, current)) {
                changes.put(key.key(), typed);
            }
        }
        try {
            instances.patch(org, id, new InstanceRequest(null, null, null, changes, true));
            return ConsolePages.redirect(ConsolePages.BASE + "/instances/" + id + "?saved=" + changes.size());
        } catch (HubError problem) {
            Map<String, String> typed = new HashMap<>(instance.configuration());
            changes.forEach(typed::put);
            return Response.status(ProblemMapper.status(problem.kind())).entity(page(instance, InstancesPage.errors(problem),
                    problem.detail(), typed).render()).build();
        }
    }

    @POST
    @Path("/enabled")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response enable(@PathParam("id") long id, MultivaluedMap<String, String> form) {
        session.checkCsrf(form.getFirst("csrf"));
        instances.setEnabled(session.organizationId(), id, Boolean.parseBoolean(form.getFirst("enabled")));
        return ConsolePages.redirect(ConsolePages.BASE + "/instances/" + id);
    }

    @POST
    @Path("/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") long id, MultivaluedMap<String, String> form) {
        session.checkCsrf(form.getFirst("csrf"));
        instances.delete(session.organizationId(), id);
        return ConsolePages.redirect(ConsolePages.BASE + "/instances");
    }

    /** A test event for the generic webhook element, through the same ingest as a vendor's POST. */
    @POST
    @Path("/test-event")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response testEvent(@PathParam("id") long id, MultivaluedMap<String, String> form) {
        InstanceView instance = submitted(id, form);
        long org = session.organizationId();
        if (!"webhook".equals(instance.element().key())) {
            throw HubError.conflict("test events are for instances of the generic webhook element");
        }
        String body = form.getFirst("body") == null || form.getFirst("body").isBlank() ? TEST_BODY : form.getFirst("body");
        WebhookIngest.Result result = ingest.receive(List.of(instances.settings(id).orElseThrow(
                () -> HubError.notFound("no instance has id " + id))), InboundWebhook.of("POST", instance.webhookUrl(),
                        Map.of("Content-Type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8),
                        clock.instant())).get(0);
        int status = WebhookResource.status(result.outcome());
        if (status >= 300) {
            return Response.status(status == 202 ? 200 : status)
                    .entity(page(instance, Map.of(), "The test event was not accepted: " + result.reason(), null)
                            .render()).build();
        }
        return ConsolePages.redirect(ConsolePages.BASE + "/instances/" + id + "/events");
    }

    /** "Poll now": the same poll as {@code POST /instances/{id}/events/poll}; its receipt opens, or the failure shows. */
    @POST
    @Path("/poll")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response poll(@PathParam("id") long id, MultivaluedMap<String, String> form) {
        InstanceView instance = submitted(id, form);
        long org = session.organizationId();
        try {
            PollNow.Result result = pollNow.run(org, id);
            return ConsolePages.redirect(ConsolePages.BASE + "/instances/" + id
                    + (result.receiptId() == null ? "?polled=nothing" : "/events/" + result.receiptId()));
        } catch (HubError problem) {
            Object receipt = problem.extensions().get("receiptId");
            return Response.status(ProblemMapper.status(problem.kind())).entity(page(instance, Map.of(), "The poll did not run through: "
                    + problem.detail(), null).data("failedPoll", receipt == null ? null : receipt.toString())
                    .render()).build();
        }
    }

    /** The organization's instance a form was sent for, once the form's CSRF token is checked. */
    private InstanceView submitted(long id, MultivaluedMap<String, String> form) {
        session.checkCsrf(form.getFirst("csrf"));
        return instances.get(session.organizationId(), id);
    }

    @ServerExceptionMapper
    public Response problem(HubError problem) {
        return pages.error(problem);
    }

    private TemplateInstance page(InstanceView instance, Map<String, String> errors, String message,
            Map<String, String> typed) {
        ElementDescriptor element = catalog.get(session.organizationId(), instance.element().key());
        return pages.page(show).data("instance", instance)
                .data("fields", ConfigField.of(element, typed == null ? instance.configuration() : typed, errors))
                .data("configured", instance.configuration()).data("message", message)
                .data("webhook", "webhook".equals(element.key())).data("testBody", TEST_BODY)
                .data("polled", instances.settings(instance.id()).map(PollNow::applies).orElse(false))
                .data("notice", null).data("failedPoll", null);
    }
}
