package io.switchboard.subscription;

import java.time.Clock;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.api.Api;
import io.switchboard.api.QueryNumbers;
import io.switchboard.api.PublicUrl;
import io.switchboard.tenant.Access;
import io.switchboard.tenant.Caller;
import io.switchboard.tenant.CurrentCaller;
import io.switchboard.api.OpenApiDefinition;
import io.switchboard.api.OpenApiExamples;

/**
 * {@code GET /notifications[?deltatoken=&$top=]}: the caller's feed, oldest first, as JSON or (with
 * {@code Accept: application/atom+xml}) Atom. The delta link continues after the last entry given.
 */
@Tag(name = OpenApiDefinition.TAG_SUBSCRIPTIONS)
@SecurityRequirement(name = OpenApiDefinition.PLATFORM)
@Path(Api.BASE + "/notifications")
@Access(Access.Kind.PLATFORM)
public class FeedResource {

    static final int DEFAULT_TOP = 100;
    static final int MAX_TOP = 1000;

    @Inject Feed feed;
    @Inject NotificationRendering rendering;
    @Inject CurrentCaller caller;
    @Inject PublicUrl publicUrl;
    @Inject Clock clock;

    @GET
    @Produces({ MediaType.APPLICATION_JSON, MediaType.APPLICATION_ATOM_XML, MediaType.WILDCARD })
    @Operation(operationId = "readNotificationFeed", summary = "Read the caller's notification feed",
            description = "Oldest first, at most $top (default 100, at most 1000); __delta (JSON) or the delta link "
                    + "(Atom) returns only what came after.")
    @APIResponse(responseCode = "200", description = "The feed", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "feed", value = OpenApiExamples.FEED)),
            @Content(mediaType = MediaType.APPLICATION_ATOM_XML, schema = @Schema(type = SchemaType.STRING)) })
    public Response read(@HeaderParam("Accept") String accept, @QueryParam("deltatoken") String deltatoken,
            @QueryParam("$top") String top) {
        Caller who = caller.get();
        DeltaToken after = DeltaToken.parse(deltatoken);
        int limit = top(top);
        Feed.Page page = feed.read(who.organizationId(), who.userId(), after, limit);
        String topParam = top == null || top.isBlank() ? "" : "&$top=" + limit;
        String delta = link(page.next(), topParam);
        if (PushFormat.forFeed(accept) == PushFormat.ATOM) {
            String self = link(after, topParam);
            return Response.ok(rendering.feedAtom(page.notifications(), self, delta, clock.instant()),
                    MediaType.APPLICATION_ATOM_XML_TYPE.withCharset("UTF-8")).build();
        }
        return Response.ok(rendering.feedJson(page.notifications(), delta), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private String link(DeltaToken token, String topParam) {
        return publicUrl.of(Api.BASE + "/notifications?deltatoken=" + token + topParam);
    }

    private static int top(String top) {
        return QueryNumbers.bounded("$top", top, DEFAULT_TOP, 0, MAX_TOP, "");
    }
}
