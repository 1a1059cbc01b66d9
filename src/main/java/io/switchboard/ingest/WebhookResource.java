package io.switchboard.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.switchboard.api.Api;
import io.switchboard.api.ProblemMapper;
import io.switchboard.error.HubError;
import io.switchboard.api.PublicUrl;
import io.switchboard.event.BodyException;
import io.switchboard.event.BodyParser;
import io.switchboard.element.InboundWebhook;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.api.OpenApiDefinition;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Where vendors post (API.md §5). Public: a vendor proves itself with the element's signature scheme, and the
 * instance's webhook URL names it.
 *
 * <p>A webhook to an instance's own URL is taken on the event loop that read it: when the instance is cached and
 * nothing but its receipt is to be written, the receipt goes straight to the {@link io.switchboard.event.ReceiptWriter}
 * and the 200 follows its commit, with no worker thread between; anything else (an instance to read, a rejection
 * to log) runs on a worker. DESIGN.md "One path".
 */
@Tag(name = OpenApiDefinition.TAG_WEBHOOKS)
@SecurityRequirements
@Path(Api.BASE + "/events")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "200", ref = OpenApiDefinition.WEBHOOK_STORED)
@APIResponse(responseCode = "202", ref = OpenApiDefinition.WEBHOOK_IGNORED)
@APIResponse(responseCode = "400", ref = OpenApiDefinition.BAD_REQUEST)
@APIResponse(responseCode = "401", ref = OpenApiDefinition.WEBHOOK_REJECTED)
@APIResponse(responseCode = "404", ref = OpenApiDefinition.NOT_FOUND)
@APIResponse(responseCode = "410", ref = OpenApiDefinition.GONE)
public class WebhookResource {

    @Inject InstanceRouter router;
    @Inject WebhookIngest ingest;
    @Inject PublicUrl publicUrl;
    @Inject Clock clock;

    @POST
    @Path("/{elementKey}/{instanceRef}")
    @Operation(operationId = "receiveWebhook", summary = "Receive a vendor webhook for an instance",
            description = "The instance's webhookUrl. instanceRef is the instance id or its base64 (Open Connectors "
                    + "style). No credentials: the element's signature scheme (e.g. X-Twilio-Signature, "
                    + "Stripe-Signature, X-Hub-Signature-256) is checked when the instance has the secret for it.")
    @RequestBody(ref = OpenApiDefinition.WEBHOOK_BODY)
    public Uni<Response> receive(@PathParam("elementKey") String elementKey,
            @PathParam("instanceRef") String instanceRef, @Context HttpHeaders headers, @Context UriInfo uri,
            RoutingContext routing) {
        // the body as io.switchboard.api.BodyLimit's body handler read it: JAX-RS's reader on an event loop
        // loses a body over quarkus.rest.input-buffer-size (quarkusio/quarkus#48777)
        InboundWebhook inbound = inbound(publicUrl, clock, "POST", uri, headers, routing.body().buffer().getBytes());
        io.vertx.core.Context eventLoop = Vertx.currentContext();
        Optional<CompletionStage<List<WebhookIngest.Result>>> stored = eventLoop == null ? Optional.empty()
                : router.cachedByReference(elementKey, instanceRef)
                        .flatMap(instance -> ingest.receiveWithoutBlocking(instance, inbound,
                                task -> eventLoop.runOnContext(ignored -> task.run())));
        if (stored.isPresent()) {
            return Uni.createFrom().completionStage(stored.get()).map(WebhookResource::answer);
        }
        // what needs the database before the writer (an instance not cached, a rejection to log) waits on a worker
        return VertxContextSupport.executeBlocking(() -> answer(ingest.receive(
                List.of(router.byReference(elementKey, instanceRef)), inbound)));
    }

    @POST
    @Path("/{elementKey}")
    @Operation(operationId = "receiveRoutedWebhook", summary = "Receive a vendor webhook routed by header or instance finder",
            description = "Each instance listed in Element-Instances gets the receipt; without the header, the "
                    + "instances whose event.notification.instance.finder matches the body do. With several "
                    + "instances the answer is {\"receipts\": [...]}, one entry per instance.")
    @RequestBody(ref = OpenApiDefinition.WEBHOOK_BODY)
    public Response receiveRouted(@PathParam("elementKey") String elementKey,
            @HeaderParam("Element-Instances") String elementInstances, byte[] body, @Context HttpHeaders headers,
            @Context UriInfo uri) {
        InboundWebhook inbound = inbound(publicUrl, clock, "POST", uri, headers, body);
        List<InstanceSettings> targets;
        if (elementInstances != null && !elementInstances.isBlank()) {
            targets = router.byHeader(elementKey, elementInstances);
        } else {
            try {
                targets = router.byFinder(elementKey, BodyParser.parse(inbound).raw());
            } catch (BodyException e) {
                throw new HubError(refusal(e.kind()), e.getMessage());
            }
        }
        return answer(ingest.receive(targets, inbound));
    }

    /** The HTTP status that answers an outcome alone. */
    public static int status(WebhookOutcome outcome) {
        return switch (outcome) {
            case STORED, DUPLICATE -> 200;
            case IGNORED -> 202;
            default -> ProblemMapper.status(refusal(outcome));
        };
    }

    /** The kind of refusal of an outcome that stored nothing. */
    static HubError.Kind refusal(WebhookOutcome outcome) {
        return switch (outcome) {
            case DISABLED -> HubError.Kind.GONE;
            case SIGNATURE_REJECTED -> HubError.Kind.UNAUTHENTICATED;
            case UNPARSEABLE_BODY -> refusal(BodyException.Kind.UNPARSEABLE);
            case UNSUPPORTED_CONTENT_TYPE -> refusal(BodyException.Kind.UNSUPPORTED_CONTENT_TYPE);
            case NOT_NORMALIZED -> HubError.Kind.UNPROCESSABLE;
            case STORED, DUPLICATE, IGNORED -> throw new IllegalArgumentException(outcome + " is not a refusal");
        };
    }

    /** The HTTP status that answers a body the hub cannot accept. */
    public static int status(BodyException.Kind kind) {
        return ProblemMapper.status(refusal(kind));
    }

    static HubError.Kind refusal(BodyException.Kind kind) {
        return switch (kind) {
            case UNPARSEABLE -> HubError.Kind.INVALID;
            case UNSUPPORTED_CONTENT_TYPE -> HubError.Kind.UNSUPPORTED_MEDIA_TYPE;
        };
    }

    private static Response answer(List<WebhookIngest.Result> results) {
        if (results.size() == 1) {
            WebhookIngest.Result result = results.get(0);
            return switch (result.outcome()) {
                case STORED, DUPLICATE -> Response.ok(body(result)).build();
                case IGNORED -> Response.accepted(Map.of("ignored", true, "reason", result.reason())).build();
                default -> throw new HubError(refusal(result.outcome()), result.reason(), List.of(),
                        result.receiptId() == null ? Map.of() : Map.of("receiptId", result.receiptId()));
            };
        }
        List<Map<String, Object>> receipts = new ArrayList<>();
        for (WebhookIngest.Result result : results) {
            Map<String, Object> entry = body(result);
            entry.put("instanceId", result.instanceId());
            entry.put("status", status(result.outcome()));
            if (result.reason() != null) {
                entry.put("reason", result.reason());
            }
            receipts.add(entry);
        }
        boolean anyAccepted = results.stream().anyMatch(r -> r.outcome().stored());
        return Response.status(anyAccepted ? 200 : status(results.get(0).outcome()))
                .entity(Map.of("receipts", receipts)).build();
    }

    private static Map<String, Object> body(WebhookIngest.Result result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", result.receiptId());
        if (result.duplicate()) {
            body.put("duplicate", true);
        }
        body.put("events", result.events());
        body.put("notifications", result.notifications());
        return body;
    }

    /** The request as the pipeline reads it; {@code url} as the vendor addressed it (the signed URL). */
    static InboundWebhook inbound(PublicUrl publicUrl, Clock clock, String method, UriInfo uri, HttpHeaders headers,
            byte[] body) {
        String query = uri.getRequestUri().getRawQuery();
        String url = publicUrl.base() + uri.getRequestUri().getRawPath() + (query == null ? "" : "?" + query);
        return InboundWebhook.of(method, url, headers.getRequestHeaders(), body == null ? new byte[0] : body,
                clock.instant());
    }
}
