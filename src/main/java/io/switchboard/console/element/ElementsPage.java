package io.switchboard.console.element;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.switchboard.error.FieldError;
import io.switchboard.api.ProblemMapper;
import io.switchboard.error.HubError;
import io.switchboard.console.ConsolePages;
import io.switchboard.console.session.CurrentSession;
import io.switchboard.element.ElementCatalog;
import io.switchboard.element.ElementDescriptor;

/** The element catalog: built-in and custom elements, and a custom element made from a copy of another. */
@Path(ConsolePages.BASE + "/elements")
@Produces(MediaType.TEXT_HTML)
public class ElementsPage {

    @Inject CurrentSession session;
    @Inject ElementCatalog catalog;
    @Inject ObjectMapper mapper;
    @Inject ConsolePages pages;
    @Inject @Location("console/element/list.html") Template list;
    @Inject @Location("console/element/show.html") Template show;
    @Inject @Location("console/element/copy.html") Template copy;

    @GET
    public TemplateInstance list() {
        long org = session.organizationId();
        return pages.page(list).data("elements", catalog.list(org).stream()
                .map(e -> new ElementRow(e, catalog.isBuiltIn(e.key()))).toList());
    }

    @GET
    @Path("/{key}")
    public TemplateInstance show(@PathParam("key") String key) {
        ElementDescriptor element = catalog.get(session.organizationId(), key);
        return pages.page(show).data("element", element).data("builtIn", catalog.isBuiltIn(key));
    }

    @GET
    @Path("/{key}/copy")
    public TemplateInstance copyForm(@PathParam("key") String key) throws JsonProcessingException {
        ElementDescriptor element = catalog.get(session.organizationId(), key);
        ObjectNode descriptor = mapper.valueToTree(element);
        descriptor.put("key", element.key() + "-copy");
        descriptor.put("name", element.name() + " (copy)");
        return copyPage(element.key(), mapper.writerWithDefaultPrettyPrinter().writeValueAsString(descriptor), null,
                java.util.List.of());
    }

    @POST
    @Path("/{key}/copy")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@PathParam("key") String key, @RestForm String descriptor, @RestForm String csrf) {
        session.checkCsrf(csrf);
        ElementDescriptor parsed;
        try {
            parsed = mapper.readValue(descriptor == null ? "" : descriptor, ElementDescriptor.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            return Response.status(400).entity(copyPage(key, descriptor, "The descriptor is not valid JSON" + where
                    + ".", java.util.List.of()).render()).build();
        }
        try {
            ElementDescriptor created = catalog.create(session.organizationId(), parsed);
            return ConsolePages.redirect(ConsolePages.BASE + "/elements/" + created.key());
        } catch (HubError problem) {
            return Response.status(ProblemMapper.status(problem.kind()))
                    .entity(copyPage(key, descriptor, problem.detail(), problem.errors()).render()).build();
        }
    }

    @ServerExceptionMapper
    public Response problem(HubError problem) {
        return pages.error(problem);
    }

    private TemplateInstance copyPage(String source, String descriptor, String message,
            java.util.List<FieldError> errors) {
        return pages.page(copy).data("source", source).data("descriptor", descriptor).data("message", message)
                .data("errors", errors);
    }
}
