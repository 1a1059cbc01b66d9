package io.switchboard.console.instance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.switchboard.error.HubError;
import io.switchboard.console.ConsolePages;
import io.switchboard.console.session.CurrentSession;
import io.switchboard.delivery.DeliveryWakeup;
import io.switchboard.history.Activity;
import io.switchboard.delivery.DeliveryStatus;
import io.switchboard.history.DeliveryView;
import io.switchboard.history.Page;
import io.switchboard.history.ReceiptDetail;
import io.switchboard.history.ReceiptLog;
import io.switchboard.history.ReceiptStatus;
import io.switchboard.history.ReceiptSummary;
import io.switchboard.history.Redeliveries;
import io.switchboard.instance.InstanceView;
import io.switchboard.instance.Instances;

/**
 * The events of an instance: its receipts (the table polls for new ones), one receipt with everything it became,
 * and redelivery.
 */
@Path(ConsolePages.BASE + "/instances/{id: [0-9]+}/events")
@Produces(MediaType.TEXT_HTML)
public class EventsPage {

    static final int PAGE_SIZE = 50;

    @Inject CurrentSession session;
    @Inject Instances instances;
    @Inject ReceiptLog receipts;
    @Inject Activity activity;
    @Inject Redeliveries redeliveries;
    @Inject DeliveryWakeup wakeup;
    @Inject ObjectMapper mapper;
    @Inject ConsolePages pages;
    @Inject @Location("console/instance/events.html") Template events;
    @Inject @Location("console/instance/receipt-rows.html") Template rows;
    @Inject @Location("console/receipt/show.html") Template receipt;
    @Inject @Location("console/receipt/deliveries.html") Template deliveries;

    @GET
    public TemplateInstance list(@PathParam("id") long id, @QueryParam("status") String status,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("next") String next) {
        return list(events, id, status, from, to, next);
    }

    /** The table's rows alone: what the page's htmx polling swaps in. */
    @GET
    @Path("/rows")
    public TemplateInstance rows(@PathParam("id") long id, @QueryParam("status") String status,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("next") String next) {
        return list(rows, id, status, from, to, next);
    }

    @GET
    @Path("/{receiptId}")
    public TemplateInstance receipt(@PathParam("id") long id, @PathParam("receiptId") String receiptId) {
        return detail(receipt, id, receiptId);
    }

    @GET
    @Path("/{receiptId}/deliveries")
    public TemplateInstance deliveries(@PathParam("id") long id, @PathParam("receiptId") String receiptId) {
        return detail(deliveries, id, receiptId);
    }

    @POST
    @Path("/{receiptId}/deliveries/{deliveryId}/redeliver")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response redeliver(@PathParam("id") long id, @PathParam("receiptId") String receiptId,
            @PathParam("deliveryId") long deliveryId, @RestForm String csrf) {
        session.checkCsrf(csrf);
        long org = session.organizationId();
        redeliveries.redeliver(org, instances.get(org, id).id(), deliveryId);
        wakeup.signal();
        return ConsolePages.redirect(ConsolePages.BASE + "/instances/" + id + "/events/" + receiptId);
    }

    @POST
    @Path("/redeliver")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response redeliverAll(@PathParam("id") long id, @RestForm String status, @RestForm String csrf) {
        session.checkCsrf(csrf);
        DeliveryStatus wanted = "QUEUED".equals(status) ? DeliveryStatus.QUEUED : DeliveryStatus.FAILED;
        long org = session.organizationId();
        int sent = redeliveries.redeliverAll(org, instances.get(org, id).id(), wanted);
        if (sent > 0) {
            wakeup.signal();
        }
        return ConsolePages.redirect(ConsolePages.BASE + "/instances/" + id + "/events?redelivered=" + sent);
    }

    @ServerExceptionMapper
    public Response problem(HubError problem) {
        return pages.error(problem);
    }

    private TemplateInstance list(Template template, long id, String status, String from, String to, String next) {
        long org = session.organizationId();
        InstanceView instance = instances.get(org, id);
        ReceiptStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = ReceiptStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw HubError.invalidField("status", "must be one of " + List.of(ReceiptStatus.values()));
            }
        }
        Page<ReceiptSummary> page = receipts.list(org, instance.id(),
                new ReceiptLog.Filter(wanted, day(from, "from", 0), day(to, "to", 1)), PAGE_SIZE,
                next == null || next.isBlank() ? null : next);
        StringBuilder query = new StringBuilder();
        append(query, "status", status);
        append(query, "from", from);
        append(query, "to", to);
        return pages.page(template).data("instance", instance).data("receipts", page.items())
                .data("nextPage", page.nextPageToken()).data("filter", query.toString())
                .data("first", next == null || next.isBlank())
                .data("status", InstancesPage.nz(status)).data("from", InstancesPage.nz(from))
                .data("to", InstancesPage.nz(to)).data("statuses", ReceiptStatus.values());
    }

    private TemplateInstance detail(Template template, long id, String receiptId) {
        long org = session.organizationId();
        InstanceView instance = instances.get(org, id);
        ReceiptDetail detail = receipts.get(org, instance.id(), receiptId);
        List<Long> deliveryIds = new ArrayList<>();
        detail.notifications().forEach(n -> n.deliveries().stream().map(DeliveryView::id).forEach(deliveryIds::add));
        Map<Long, List<Activity.AttemptView>> attempts = activity.attemptsOf(org, deliveryIds);
        return pages.page(template).data("instance", instance).data("receipt", detail)
                .data("raw", pretty(detail.providerData())).data("attempts", attempts);
    }

    private String pretty(String body) {
        if (body == null) {
            return null;
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(body));
        } catch (Exception notJson) {
            return body;
        }
    }

    /** A yyyy-MM-dd from a date input: its start (plus {@code days}) in UTC. */
    private static Instant day(String value, String field, int days) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim()).plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw HubError.invalidField(field, "must be a date like 2026-12-01");
        }
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                    .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
