package io.switchboard.history;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.api.Api;
import io.switchboard.error.HubError;
import io.switchboard.delivery.DeliveryWakeup;
import io.switchboard.instance.Instances;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.api.OpenApiExamples;
import io.switchboard.api.OpenApiSchemas;
import io.switchboard.delivery.DeliveryStatus;

/**
 * An instance's event log and deliveries (API.md §7), with platform credentials. Lists are newest first and paged:
 * a page followed by more carries {@code Elements-Next-Page-Token}, which the next request passes as
 * {@code nextPage}. The class shares its path with {@code InstanceResource}; RESTEasy Reactive matches their
 * methods together.
 */
@SecurityRequirement(name = OpenApiDefinition.PLATFORM)
@Path(Api.BASE + "/instances")
@Access(Access.Kind.PLATFORM)
@Produces(MediaType.APPLICATION_JSON)
public class InstanceHistoryResource {

    public static final String NEXT_PAGE_HEADER = "Elements-Next-Page-Token";

    @Inject Instances instances;
    @Inject ReceiptLog receipts;
    @Inject DeliveryLog deliveries;
    @Inject Redeliveries redeliveries;
    @Inject DeliveryWakeup wakeup;
    @Inject CurrentCaller caller;

    @GET
    @Path("/{id}/events")
    @Tag(name = OpenApiDefinition.TAG_EVENTS)
    @Operation(operationId = "listInstanceEvents", summary = "List an instance's event log",
            description = "Receipts and polls, newest first, filtered by status and by [from, to) (ISO-8601).")
    @APIResponse(responseCode = "200", description = "Newest first; a page followed by more carries "
            + "Elements-Next-Page-Token, to pass as nextPage", headers = @Header(name = InstanceHistoryResource.NEXT_PAGE_HEADER,
                    description = "The nextPage value of the next page", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ReceiptSummary.class),
                    examples = @ExampleObject(name = "receipts", value = OpenApiExamples.RECEIPTS)))
    public RestResponse<List<ReceiptSummary>> events(@PathParam("id") long id, @QueryParam("status") String status,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("pageSize") String pageSize,
            @QueryParam("nextPage") String nextPage) {
        return events(receipts, caller.organizationId(), instance(id), status, from, to, pageSize, nextPage);
    }

    @GET
    @Path("/{id}/events/{receiptId}")
    @Tag(name = OpenApiDefinition.TAG_EVENTS)
    @Operation(operationId = "getInstanceEvent", summary = "Get one receipt of an instance",
            description = "With providerData (the raw body as received) and its notifications and their deliveries. "
                    + "A notification's eventId is accepted in place of the receipt id.")
    public ReceiptDetail event(@PathParam("id") long id, @PathParam("receiptId") String receiptId) {
        return receipts.get(caller.organizationId(), instance(id), receiptId);
    }

    @GET
    @Path("/{id}/deliveries")
    @Tag(name = OpenApiDefinition.TAG_DELIVERIES)
    @Operation(operationId = "listInstanceDeliveries", summary = "List an instance's deliveries",
            description = "Each notification sent to each target, with attempts, lastStatusCode, lastError and "
                    + "nextAttemptDate.")
    @APIResponse(responseCode = "200", description = "Newest first; a page followed by more carries "
            + "Elements-Next-Page-Token, to pass as nextPage", headers = @Header(name = InstanceHistoryResource.NEXT_PAGE_HEADER,
                    description = "The nextPage value of the next page", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = DeliveryView.class),
                    examples = @ExampleObject(name = "deliveries", value = OpenApiExamples.DELIVERIES)))
    public RestResponse<List<DeliveryView>> deliveries(@PathParam("id") long id,
            @QueryParam("status") String status, @QueryParam("pageSize") String pageSize,
            @QueryParam("nextPage") String nextPage) {
        DeliveryStatus wanted = QueryParams.oneOf("status", status, DeliveryStatus.class);
        return paged(deliveries.list(caller.organizationId(), instance(id), wanted, QueryParams.pageSize(pageSize),
                nextPage));
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/redeliver")
    @Tag(name = OpenApiDefinition.TAG_DELIVERIES)
    @Operation(operationId = "redeliver", summary = "Send one delivery again",
            description = "With a fresh retry count; under the queue failure policy this resumes its URL.")
    public DeliveryView redeliver(@PathParam("id") long id, @PathParam("deliveryId") long deliveryId) {
        long instanceId = instance(id);
        redeliveries.redeliver(caller.organizationId(), instanceId, deliveryId);
        wakeup.signal();
        return deliveries.get(caller.organizationId(), instanceId, deliveryId);
    }

    @POST
    @Path("/{id}/deliveries/redeliver")
    @Tag(name = OpenApiDefinition.TAG_DELIVERIES)
    @Operation(operationId = "redeliverAll", summary = "Send all FAILED or QUEUED deliveries of an instance again")
    @APIResponse(responseCode = "200", description = "How many are sent again", content = @Content(
            schema = @Schema(implementation = OpenApiSchemas.Redelivered.class)))
    public Map<String, Integer> redeliverAll(@PathParam("id") long id, @QueryParam("status") String status) {
        DeliveryStatus wanted = QueryParams.oneOf("status", status, DeliveryStatus.class);
        if (wanted != DeliveryStatus.FAILED && wanted != DeliveryStatus.QUEUED) {
            throw HubError.invalidField("status", "must be one of FAILED, QUEUED: the deliveries to send again, "
                    + "e.g. ?status=FAILED");
        }
        int redelivered = redeliveries.redeliverAll(caller.organizationId(), instance(id), wanted);
        if (redelivered > 0) {
            wakeup.signal();
        }
        return Map.of("redelivered", redelivered);
    }

    /** The instance id, once it is known to be the caller's and not deleted (404 otherwise). */
    private long instance(long id) {
        return instances.find(caller.organizationId(), id).id;
    }

    static RestResponse<List<ReceiptSummary>> events(ReceiptLog receipts, long organizationId, long instanceId,
            String status, String from, String to, String pageSize, String nextPage) {
        ReceiptLog.Filter filter = new ReceiptLog.Filter(QueryParams.oneOf("status", status, ReceiptStatus.class),
                QueryParams.instant("from", from), QueryParams.instant("to", to));
        if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
            throw HubError.invalidField("to", "must be after from (from is inclusive, to exclusive)");
        }
        return paged(receipts.list(organizationId, instanceId, filter, QueryParams.pageSize(pageSize), nextPage));
    }

    static <T> RestResponse<List<T>> paged(Page<T> page) {
        RestResponse.ResponseBuilder<List<T>> response = RestResponse.ResponseBuilder.ok(page.items());
        if (page.nextPageToken() != null) {
            response.header(NEXT_PAGE_HEADER, page.nextPageToken());
        }
        return response.build();
    }
}
