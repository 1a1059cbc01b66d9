package io.switchboard.console.instance;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.switchboard.error.FieldError;
import io.switchboard.api.ProblemMapper;
import io.switchboard.error.HubError;
import io.switchboard.console.ConsolePages;
import io.switchboard.console.session.CurrentSession;
import io.switchboard.element.ElementCatalog;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.history.Activity;
import io.switchboard.instance.InstanceRequest;
import io.switchboard.instance.InstanceView;
import io.switchboard.instance.Instances;

/** The organization's instances: a filtered list, and the create form generated from an element's descriptor. */
@Path(ConsolePages.BASE + "/instances")
@Produces(MediaType.TEXT_HTML)
public class InstancesPage {

    /** A row of the list: the instance, its newest receipt's time and whether deliveries of it are failing. */
    @TemplateData
    public record Row(InstanceView instance, java.time.Instant lastReceipt, boolean failing) {
    }

    @Inject CurrentSession session;
    @Inject Instances instances;
    @Inject ElementCatalog catalog;
    @Inject Activity activity;
    @Inject ConsolePages pages;
    @Inject @Location("console/instance/list.html") Template list;
    @Inject @Location("console/instance/create.html") Template create;

    @GET
    public TemplateInstance list(@QueryParam("tag") String tag, @QueryParam("element") String element,
            @QueryParam("name") String name, @QueryParam("enabled") String enabled) {
        long org = session.organizationId();
        List<InstanceView> found = instances.list(org, blank(tag) ? List.of() : List.of(tag.trim())).stream()
                .filter(i -> blank(element) || i.element().key().equals(element))
                .filter(i -> blank(name) || i.name().toLowerCase().contains(name.trim().toLowerCase()))
                .filter(i -> blank(enabled) || i.disabled() != Boolean.parseBoolean(enabled))
                .toList();
        Map<Long, java.time.Instant> last = activity.lastReceipts(found.stream().map(InstanceView::id).toList());
        var failing = activity.failing(org);
        List<Row> rows = found.stream().map(i -> new Row(i, last.get(i.id()), failing.contains(i.id()))).toList();
        return pages.page(list).data("rows", rows).data("elements", catalog.list(org))
                .data("tag", nz(tag)).data("element", nz(element)).data("name", nz(name)).data("enabled", nz(enabled));
    }

    @GET
    @Path("/new")
    public TemplateInstance form(@QueryParam("element") String elementKey) {
        long org = session.organizationId();
        if (blank(elementKey)) {
            return pages.page(create).data("elements", catalog.list(org)).data("element", null)
                    .data("fields", List.of()).data("values", Map.of()).data("errors", Map.of()).data("message", null);
        }
        return form(catalog.get(org, elementKey), Map.of(), Map.of(), null);
    }

    @POST
    @Path("/new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object create(MultivaluedMap<String, String> form) {
        session.checkCsrf(form.getFirst("csrf"));
        long org = session.organizationId();
        ElementDescriptor element = catalog.get(org, nz(form.getFirst("element")));
        Map<String, String> configuration = configuration(form);
        Map<String, String> values = new HashMap<>(configuration);
        values.put("name", nz(form.getFirst("name")));
        values.put("tags", nz(form.getFirst("tags")));
        List<String> tags = Arrays.stream(nz(form.getFirst("tags")).split(",")).map(String::trim)
                .filter(t -> !t.isEmpty()).distinct().toList();
        try {
            InstanceView created = instances.create(session.caller(), new InstanceRequest(element.key(),
                    blank(form.getFirst("name")) ? null : form.getFirst("name").trim(), tags.isEmpty() ? null : tags,
                    configuration, true));
            return ConsolePages.redirect(ConsolePages.BASE + "/instances/" + created.id());
        } catch (HubError problem) {
            return Response.status(ProblemMapper.status(problem.kind()))
                    .entity(form(element, values, errors(problem), problem.detail()).render()).build();
        }
    }

    @ServerExceptionMapper
    public Response problem(HubError problem) {
        return pages.error(problem);
    }

    private TemplateInstance form(ElementDescriptor element, Map<String, String> values, Map<String, String> errors,
            String message) {
        return pages.page(create).data("elements", List.of()).data("element", element)
                .data("fields", ConfigField.of(element, values, errors)).data("values", values)
                .data("errors", errors).data("message", message);
    }

    /** The configuration keys a form filled in (empty inputs are not sent). */
    static Map<String, String> configuration(MultivaluedMap<String, String> form) {
        Map<String, String> configuration = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            if (name.startsWith(ConfigField.PREFIX) && !values.isEmpty() && !blank(values.get(0))) {
                configuration.put(name.substring(ConfigField.PREFIX.length()), values.get(0));
            }
        });
        return configuration;
    }

    /** The problem's errors by field; a problem without fields stands at the top of the form. */
    static Map<String, String> errors(HubError problem) {
        Map<String, String> errors = new HashMap<>();
        for (FieldError error : problem.errors()) {
            String field = error.field().startsWith("configuration.") ? error.field().substring(14) : error.field();
            errors.merge(field, error.message(), (a, b) -> a + "; " + b);
        }
        return errors;
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    static String nz(String value) {
        return value == null ? "" : value;
    }
}
