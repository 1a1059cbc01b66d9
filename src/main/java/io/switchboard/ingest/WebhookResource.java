package io.switchboard.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.switchboard.api.Api;
import io.switchboard.api.Problem;
import io.switchboard.api.PublicUrl;
import io.switchboard.element.ElementCatalog;
import io.switchboard.event.BodyException;
import io.switchboard.event.BodyParser;
import io.switchboard.event.InboundWebhook;
import io.switchboard.event.Normalizer;
import io.switchboard.instance.InstanceSettings;

/**
 * Where vendors post (API.md §5). Public: a vendor proves itself with the element's signature scheme, and the
 * instance's webhook URL names it.
 */
@Path(Api.BASE + "/events")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private final InstanceRouter router;
    private final WebhookIngest ingest;
    private final ElementCatalog catalog;
    private final PublicUrl publicUrl;
    private final Clock clock;

    public WebhookResource(InstanceRouter router, WebhookIngest ingest, ElementCatalog catalog, PublicUrl publicUrl,
            Clock clock) {
        this.router = router;
        this.ingest = ingest;
        this.catalog = catalog;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    @POST
    @Path("/{elementKey}/{instanceRef}")
    public Response receive(@PathParam("elementKey") String elementKey, @PathParam("instanceRef") String instanceRef,
            byte[] body, @Context HttpHeaders headers, @Context UriInfo uri) {
        InstanceSettings instance = router.byReference(elementKey, instanceRef);
        return answer(ingest.receive(List.of(instance), inbound("POST", uri, headers, body)));
    }

    @POST
    @Path("/{elementKey}")
    public Response receiveRouted(@PathParam("elementKey") String elementKey,
            @HeaderParam("Element-Instances") String elementInstances, byte[] body, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        InboundWebhook inbound = inbound("POST", uri, headers, body);
        List<InstanceSettings> targets;
        if (elementInstances != null && !elementInstances.isBlank()) {
            targets = router.byHeader(elementKey, elementInstances);
        } else {
            try {
                targets = router.byFinder(elementKey, BodyParser.parse(inbound).raw());
            } catch (BodyException e) {
                throw new Problem(e.status(), e.getMessage());
            }
        }
        return answer(ingest.receive(targets, inbound));
    }

    /** Verification handshakes, e.g. echoing a {@code challenge} query parameter. */
    @GET
    @Path("/{elementKey}/{instanceRef}")
    @Produces({ MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON })
    public Response handshake(@PathParam("elementKey") String elementKey,
            @PathParam("instanceRef") String instanceRef, @Context HttpHeaders headers, @Context UriInfo uri) {
        InstanceSettings instance = router.byReference(elementKey, instanceRef);
        return Normalizer.handshake(catalog.get(instance.organizationId(), elementKey), instance.configuration(),
                inbound("GET", uri, headers, new byte[0]))
                .map(h -> Response.status(h.status()).type(h.contentType()).entity(h.body()).build())
                .orElseThrow(() -> Problem.badRequest("this webhook URL answers GET only for a verification "
                        + "handshake, e.g. ?challenge=abc; vendors deliver events with POST"));
    }

    private static Response answer(List<WebhookIngest.Result> results) {
        if (results.size() == 1) {
            WebhookIngest.Result result = results.get(0);
            return switch (result.status()) {
                case 200 -> Response.ok(result.body()).build();
                case 202 -> Response.accepted(Map.of("ignored", true, "reason", result.reason())).build();
                default -> throw new Problem(result.status(), result.reason(), List.of(),
                        result.receiptId() == null ? Map.of() : Map.of("receiptId", result.receiptId()));
            };
        }
        List<Map<String, Object>> receipts = new ArrayList<>();
        for (WebhookIngest.Result result : results) {
            Map<String, Object> entry = new java.util.LinkedHashMap<>(result.body());
            entry.put("instanceId", result.instanceId());
            entry.put("status", result.status());
            if (result.reason() != null) {
                entry.put("reason", result.reason());
            }
            receipts.add(entry);
        }
        boolean anyAccepted = results.stream().anyMatch(r -> r.status() == 200);
        return Response.status(anyAccepted ? 200 : results.get(0).status()).entity(Map.of("receipts", receipts))
                .build();
    }

    private InboundWebhook inbound(String method, UriInfo uri, HttpHeaders headers, byte[] body) {
        String query = uri.getRequestUri().getRawQuery();
        String url = publicUrl.base() + uri.getRequestUri().getRawPath() + (query == null ? "" : "?" + query);
        return InboundWebhook.of(method, url, headers.getRequestHeaders(), body == null ? new byte[0] : body,
                clock.instant());
    }
}
