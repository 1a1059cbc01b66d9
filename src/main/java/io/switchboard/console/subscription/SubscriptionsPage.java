package io.switchboard.console.subscription;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.switchboard.api.ProblemMapper;
import io.switchboard.error.HubError;
import io.switchboard.console.ConsolePages;
import io.switchboard.console.session.CurrentSession;
import io.switchboard.instance.Instances;
import io.switchboard.subscription.Feed;
import io.switchboard.subscription.Filter;
import io.switchboard.subscription.FilterSyntaxException;
import io.switchboard.subscription.PushFormat;
import io.switchboard.subscription.SubscriptionRequest;
import io.switchboard.subscription.Subscriptions;

/** The signed-in user's subscriptions (create with the filter checked as it is typed, delete) and pull feed. */
@Path(ConsolePages.BASE + "/subscriptions")
@Produces(MediaType.TEXT_HTML)
public class SubscriptionsPage {

    @Inject CurrentSession session;
    @Inject Subscriptions subscriptions;
    @Inject Instances instances;
    @Inject Feed feed;
    @Inject ObjectMapper mapper;
    @Inject ConsolePages pages;
    @Inject @Location("console/subscription/list.html") Template list;
    @Inject @Location("console/subscription/filter-check.html") Template filterCheck;
    @Inject @Location("console/subscription/feed.html") Template feedPage;

    @GET
    public TemplateInstance list() {
        return page(Map.of(), Map.of(), null);
    }

    /** The filter as the API would judge it: nothing, or "is invalid at position N: …". */
    @GET
    @Path("/filter-check")
    public TemplateInstance checkFilter(@QueryParam("filter") String filter) {
        return pages.page(filterCheck).data("problem", filterProblem(filter)).data("filter", filter == null ? "" : filter);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(MultivaluedMap<String, String> form) {
        session.checkCsrf(form.getFirst("csrf"));
        Map<String, String> values = new HashMap<>();
        form.forEach((k, v) -> values.put(k, v.isEmpty() ? "" : v.get(0)));
        ArrayNode changeTypes = mapper.createArrayNode();
        Arrays.stream(values.getOrDefault("changeType", "").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .forEach(changeTypes::add);
        Long instanceId = null;
        if (!values.getOrDefault("instanceId", "").isBlank()) {
            try {
                instanceId = Long.parseLong(values.get("instanceId").trim());
            } catch (NumberFormatException e) {
                return Response.status(400).entity(page(values, Map.of("instanceId", "must be an instance id"),
                        "instanceId must be an instance id").render()).build();
            }
        }
        try {
            subscriptions.create(session.caller(), new SubscriptionRequest(blank(values.get("title")), instanceId,
                    null, null, blank(values.get("collection")), blank(values.get("filter")),
                    changeTypes.isEmpty() ? null : changeTypes, blank(values.get("deliveryAddress")),
                    "on".equals(values.get("persistNotifications"))), PushFormat.fromAccept(null));
            return ConsolePages.redirect(ConsolePages.BASE + "/subscriptions");
        } catch (HubError problem) {
            Map<String, String> errors = new HashMap<>();
            problem.errors().forEach(e -> errors.put(e.field(), e.message()));
            return Response.status(ProblemMapper.status(problem.kind())).entity(page(values, errors, problem.detail()).render()).build();
        }
    }

    @POST
    @Path("/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") String id, @RestForm String csrf) {
        session.checkCsrf(csrf);
        subscriptions.delete(session.caller(), id);
        return ConsolePages.redirect(ConsolePages.BASE + "/subscriptions");
    }

    @GET
    @Path("/feed")
    public TemplateInstance feed(@QueryParam("deltatoken") String deltatoken) {
        var caller = session.caller();
        Feed.TextPage page = feed.read(caller.organizationId(), caller.userId(), deltatoken, 25);
        return pages.page(feedPage).data("notifications", page.notifications()).data("next", page.next())
                .data("more", page.notifications().size() == 25);
    }

    @ServerExceptionMapper
    public Response problem(HubError problem) {
        return pages.error(problem);
    }

    private TemplateInstance page(Map<String, String> values, Map<String, String> errors, String message) {
        var caller = session.caller();
        return pages.page(list).data("subscriptions", subscriptions.list(caller))
                .data("instances", instances.list(caller.organizationId(), List.of())).data("values", values)
                .data("errors", errors).data("message", message);
    }

    static String filterProblem(String filter) {
        try {
            Filter.compile(filter == null ? "" : filter.strip());
            return null;
        } catch (FilterSyntaxException e) {
            return "is invalid " + e.getMessage();
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
