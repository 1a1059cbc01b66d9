package io.switchboard.ingest;

import java.time.Clock;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.api.Api;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.error.HubError;
import io.switchboard.api.PublicUrl;
import io.switchboard.element.ElementCatalog;
import io.switchboard.event.Normalizer;
import io.switchboard.instance.InstanceSettings;

/**
 * A vendor's verification handshake on an instance's webhook URL (API.md §5), e.g. echoing a {@code challenge}
 * query parameter. Shares its path with {@link WebhookResource}, where vendors post.
 */
@Tag(name = OpenApiDefinition.TAG_WEBHOOKS)
@SecurityRequirements
@Path(Api.BASE + "/events")
public class WebhookHandshakeResource {

    @Inject InstanceRouter router;
    @Inject ElementCatalog catalog;
    @Inject PublicUrl publicUrl;
    @Inject Clock clock;

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
                WebhookResource.inbound(publicUrl, clock, "GET", uri, headers, new byte[0]))
                .map(h -> Response.status(h.status()).type(h.contentType()).entity(h.body()).build())
                .orElseThrow(() -> HubError.invalid("this webhook URL answers GET only for a verification "
                        + "handshake, e.g. ?challenge=abc; vendors deliver events with POST"));
    }
}
