package io.switchboard.console.message;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.switchboard.api.ProblemMapper;
import io.switchboard.error.HubError;
import io.switchboard.console.ConsolePages;
import io.switchboard.console.session.CurrentSession;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.instance.InstanceView;
import io.switchboard.instance.Instances;
import io.switchboard.messaging.MessageRequest;
import io.switchboard.messaging.MessageStore;
import io.switchboard.messaging.Messaging;
import io.switchboard.messaging.SentMessage;

/** Messages sent through the organization's Twilio instances, and a form to send one (synchronously). */
@Path(ConsolePages.BASE + "/messages")
@Produces(MediaType.TEXT_HTML)
public class MessagesPage {

    @Inject CurrentSession session;
    @Inject Instances instances;
    @Inject Messaging messaging;
    @Inject MessageStore messages;
    @Inject ConsolePages pages;
    @Inject @Location("console/message/list.html") Template list;

    @GET
    public TemplateInstance list(@QueryParam("instance") Long instanceId) {
        return page(instanceId, Map.of(), Map.of(), null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response send(@RestForm long instanceId, @RestForm String to, @RestForm String from,
            @RestForm String message, @RestForm String csrf) {
        session.checkCsrf(csrf);
        Map<String, String> values = new HashMap<>();
        values.put("to", to == null ? "" : to);
        values.put("from", from == null ? "" : from);
        values.put("message", message == null ? "" : message);
        try {
            InstanceSettings instance = messaging.instance(session.organizationId(), instanceId);
            SentMessage sent = messaging.send(instance, messaging.validate(instance, new MessageRequest(blank(to),
                    blank(from), blank(message), null, null, null)));
            return ConsolePages.redirect(ConsolePages.BASE + "/messages?instance=" + instanceId + "&sent=" + sent.id());
        } catch (HubError problem) {
            Map<String, String> errors = new HashMap<>();
            problem.errors().forEach(e -> errors.put(e.field(), e.message()));
            return Response.status(ProblemMapper.status(problem.kind())).entity(page(instanceId, values, errors, problem.detail()).render())
                    .build();
        }
    }

    @ServerExceptionMapper
    public Response problem(HubError problem) {
        return pages.error(problem);
    }

    private TemplateInstance page(Long instanceId, Map<String, String> values, Map<String, String> errors,
            String message) {
        long org = session.organizationId();
        List<InstanceView> twilio = instances.list(org, List.of()).stream()
                .filter(i -> "twilio".equals(i.element().key())).toList();
        Long chosen = instanceId != null ? instanceId : twilio.isEmpty() ? null : twilio.get(0).id();
        if (chosen != null) {
            instances.get(org, chosen);
        }
        return pages.page(list).data("instances", twilio).data("chosen", chosen)
                .data("messages", chosen == null ? List.of() : messages.recent(org, chosen, 50))
                .data("values", values).data("errors", errors).data("message", message);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
