package io.switchboard.history;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.api.Api;
import io.switchboard.instance.Instances;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.CurrentCaller;
import io.switchboard.api.OpenApiDefinition;

/**
 * {@code /instances/events}: the event log of the instance that the Element token (or an
 * {@code Element-Instances} header with platform credentials) names (API.md §2, §7).
 */
@Tag(name = OpenApiDefinition.TAG_EVENTS)
@SecurityRequirement(name = OpenApiDefinition.INSTANCE)
@SecurityRequirement(name = OpenApiDefinition.PLATFORM)
@Path(Api.BASE + "/instances/events")
@Access(Access.Kind.INSTANCE)
@Produces(MediaType.APPLICATION_JSON)
public class InstanceEventsResource {

    @Inject Instances instances;
    @Inject ReceiptLog receipts;
    @Inject CurrentCaller caller;

    @GET
    @Operation(operationId = "listNamedInstanceEvents", summary = "List the event log of the instance the credentials name",
            description = "As listInstanceEvents, for the instance the Element token (or Element-Instances header) names.")
    public RestResponse<List<ReceiptSummary>> events(@HeaderParam("Element-Instances") String elementInstances,
            @QueryParam("status") String status, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("pageSize") String pageSize, @QueryParam("nextPage") String nextPage) {
        return InstanceHistoryResource.events(receipts, caller.organizationId(), instance(elementInstances), status,
                from, to, pageSize, nextPage);
    }

    @GET
    @Path("/{receiptId}")
    @Operation(operationId = "getNamedInstanceEvent", summary = "Get one receipt of the instance the credentials name")
    public ReceiptDetail event(@HeaderParam("Element-Instances") String elementInstances,
            @PathParam("receiptId") String receiptId) {
        return receipts.get(caller.organizationId(), instance(elementInstances), receiptId);
    }

    private long instance(String elementInstances) {
        return instances.find(caller.organizationId(), caller.instanceId(elementInstances)).id;
    }
}
