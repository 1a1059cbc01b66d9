package io.switchboard.history;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.switchboard.api.Api;
import io.switchboard.api.Problem;
import io.switchboard.delivery.DeliveryWakeup;
import io.switchboard.instance.Instances;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;

/**
 * An instance's event log and deliveries (API.md §7), with platform credentials. Lists are newest first and paged:
 * a page followed by more carries {@code Elements-Next-Page-Token}, which the next request passes as
 * {@code nextPage}. The class shares its path with {@code InstanceResource}; RESTEasy Reactive matches their
 * methods together.
 */
@Path(Api.BASE + "/instances")
@Access(Access.Kind.PLATFORM)
@Produces(MediaType.APPLICATION_JSON)
public class InstanceHistoryResource {

    public static final String NEXT_PAGE_HEADER = "Elements-Next-Page-Token";

    private final Instances instances;
    private final ReceiptLog receipts;
    private final DeliveryLog deliveries;
    private final Redeliveries redeliveries;
    private final DeliveryWakeup wakeup;
    private final CurrentCaller caller;

    public InstanceHistoryResource(Instances instances, ReceiptLog receipts, DeliveryLog deliveries,
            Redeliveries redeliveries, DeliveryWakeup wakeup, CurrentCaller caller) {
        this.instances = instances;
        this.receipts = receipts;
        this.deliveries = deliveries;
        this.redeliveries = redeliveries;
        this.wakeup = wakeup;
        this.caller = caller;
    }

    @GET
    @Path("/{id}/events")
    public RestResponse<List<ReceiptSummary>> events(@PathParam("id") long id, @QueryParam("status") String status,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("pageSize") String pageSize,
            @QueryParam("nextPage") String nextPage) {
        return events(receipts, caller.organizationId(), instance(id), status, from, to, pageSize, nextPage);
    }

    @GET
    @Path("/{id}/events/{receiptId}")
    public ReceiptDetail event(@PathParam("id") long id, @PathParam("receiptId") String receiptId) {
        return receipts.get(caller.organizationId(), instance(id), receiptId);
    }

    @GET
    @Path("/{id}/deliveries")
    public RestResponse<List<DeliveryView>> deliveries(@PathParam("id") long id,
            @QueryParam("status") String status, @QueryParam("pageSize") String pageSize,
            @QueryParam("nextPage") String nextPage) {
        DeliveryStatus wanted = QueryParams.oneOf("status", status, DeliveryStatus.class);
        return paged(deliveries.list(caller.organizationId(), instance(id), wanted, QueryParams.pageSize(pageSize),
                nextPage));
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/redeliver")
    public DeliveryView redeliver(@PathParam("id") long id, @PathParam("deliveryId") long deliveryId) {
        long instanceId = instance(id);
        redeliveries.redeliver(caller.organizationId(), instanceId, deliveryId);
        wakeup.signal();
        return deliveries.get(caller.organizationId(), instanceId, deliveryId);
    }

    @POST
    @Path("/{id}/deliveries/redeliver")
    public Map<String, Integer> redeliverAll(@PathParam("id") long id, @QueryParam("status") String status) {
        DeliveryStatus wanted = QueryParams.oneOf("status", status, DeliveryStatus.class);
        if (wanted != DeliveryStatus.FAILED && wanted != DeliveryStatus.QUEUED) {
            throw Problem.invalidField("status", "must be one of FAILED, QUEUED: the deliveries to send again, "
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
            throw Problem.invalidField("to", "must be after from (from is inclusive, to exclusive)");
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
