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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.api.Api;
import io.switchboard.api.Problem;
import io.switchboard.api.PublicUrl;
import io.switchboard.element.ElementCatalog;
import io.switchboard.event.BodyException;
import io.switchboard.event.BodyParser;
import io.switchboard.element.InboundWebhook;
import io.switchboard.event.Normalizer;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.api.OpenApiDefinition;

/**
 * Where vendors post (API.md §5). Public: a vendor proves itself with the element's signature scheme, and the
 * instance's webhook URL names it.
 */
@Tag(name = OpenApiDefinition.TAG_WEBHOOKS)
@SecurityRequirements
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
    @Operation(operationId = "receiveWebhook", summary = "Receive a vendor webhook for an instance",
            description = "The instance's webhookUrl. instanceRef is the instance id or its base64 (Open Connectors "
                    + "style). No credentials: the element's signature scheme (e.g. X-Twilio-Signature, "
                    + "Stripe-Signature, X-Hub-Signature-256) is checked when the instance has the secret for it.")
    @RequestBody(ref = OpenApiDefinition.WEBHOOK_BODY)
    @APIResponse(responseCode = "200", ref = OpenApiDefinition.WEBHOOK_STORED)
    @APIResponse(responseCode = "202", ref = OpenApiDefinition.WEBHOOK_IGNORED)
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = OpenApiDefinition.WEBHOOK_REJECTED)
    @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
    @APIResponse(responseCode = "410", ref = OpenApiDefinition.GONE)
    public Response receive(@PathParam("elementKey") String elementKey, @PathParam("instanceRef") String instanceRef,
            byte[] body, @Context HttpHeaders headers, @Context UriInfo uri) {
        InstanceSettings instance = router.byReference(elementKey, instanceRef);
        return answer(ingest.receive(List.of(instance), inbound("POST", uri, headers, body)));
    }

    @POST
    @Path("/{elementKey}")
    @Operation(operationId = "receiveRoutedWebhook", summary = "Receive a vendor webhook routed by header or instance finder",
            description = "Each instance listed in Element-Instances gets the receipt; without the header, the "
                    + "instances whose event.notification.instance.finder matches the body do. With several "
                    + "instances the answer is {\"receipts\": [...]}, one entry per instance.")
    @RequestBody(ref = OpenApiDefinition.WEBHOOK_BODY)
    @APIResponse(responseCode = "200", ref = OpenApiDefinition.WEBHOOK_STORED)
    @APIResponse(responseCode = "202", ref = OpenApiDefinition.WEBHOOK_IGNORED)
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = OpenApiDefinition.WEBHOOK_REJECTED)
    @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
    @APIResponse(responseCode = "410", ref = OpenApiDefinition.GONE)
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
    @Operation(operationId = "answerWebhookHandshake", summary = "Answer a vendor's verification handshake",
            description = "E.g. echoes a challenge (or hub.challenge) query parameter as text/plain.")
    @APIResponse(responseCode = "200", description = "The handshake's answer", content = @Content(
            mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
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
