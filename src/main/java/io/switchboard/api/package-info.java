/**
 * The HTTP edge of the hub. The annotation holds the parts of the OpenAPI document (served at {@code /q/openapi})
 * that every resource shares: the three credentials of API.md §2 as security schemes, the feature tags, and the
 * shared answers of the webhook and messaging operations. The problem answers that operations refer to by name
 * ({@code @APIResponse(responseCode = "409", ref = OpenApiDefinition.CONFLICT)}) are {@code OpenApiProblems}; the
 * ones every operation of a kind has (401 and 403 with credentials, 404 with a path parameter, 400/413/415 with a
 * body) are added by {@code OpenApiDocumentFilter}, so resources only name the ones particular to them.
 */
@OpenAPIDefinition(
        info = @Info(title = "Switchboard", version = "0.1.0", description = """
                A self-hosted events hub in the style of SAP Open Connectors' events framework: connector instances \
                receive vendor webhooks or poll, events are normalized, grouped into notifications and POSTed, \
                signed, to callback URLs. The contract in prose is docs/API.md.

                Every error is `application/problem+json` (the `Problem` schema). Authorize with one of:
                `platform` (`User <userSecret>, Organization <organizationSecret>`, optionally `, Element <token>`),
                `instance` (`User <userSecret>, Element <instanceToken>`) or `admin` (the admin key). The secrets \
                of a fresh hub are in data/credentials.json."""),
        tags = {
                @Tag(name = OpenApiDefinition.TAG_ELEMENTS, description = "The connector catalog (API.md §3)"),
                @Tag(name = OpenApiDefinition.TAG_INSTANCES, description = "Instances: an element plus one "
                        + "organization's configuration, and that configuration key by key (API.md §4)"),
                @Tag(name = OpenApiDefinition.TAG_EVENTS, description = "An instance's event log: receipts and "
                        + "polls (API.md §6, §7)"),
                @Tag(name = OpenApiDefinition.TAG_DELIVERIES, description = "Notifications sent to callbacks, and "
                        + "sending them again (API.md §7)"),
                @Tag(name = OpenApiDefinition.TAG_WEBHOOKS, description = "Where vendors post; no credentials, "
                        + "the element's signature scheme proves the vendor (API.md §5)"),
                @Tag(name = OpenApiDefinition.TAG_SUBSCRIPTIONS, description = "Subscriptions and the "
                        + "notification feed, SAP Gateway style (API.md §8)"),
                @Tag(name = OpenApiDefinition.TAG_MESSAGING, description = "Outbound messages through a twilio "
                        + "instance (API.md §9)"),
                @Tag(name = OpenApiDefinition.TAG_ACCOUNT, description = "The caller's own organization (API.md §7)"),
                @Tag(name = OpenApiDefinition.TAG_ADMIN, description = "Organizations and users, with the admin key "
                        + "(API.md §2)") },
        components = @Components(
                securitySchemes = {
                        @SecurityScheme(securitySchemeName = OpenApiDefinition.PLATFORM,
                                type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
                                apiKeyName = "Authorization", description = """
                                        Platform credentials: the whole Authorization header value, \
                                        `User <userSecret>, Organization <organizationSecret>`. Adding \
                                        `, Element <instanceToken>` (what Open Connectors clients send after \
                                        provisioning) also names an instance, for the forms without an id \
                                        (`/instances/events`, `/instances/configuration`, `PUT`/`PATCH /instances`, \
                                        `/instances/enabled`). A fresh hub's secrets are `user.secret` and \
                                        `organization.secret` in data/credentials.json."""),
                        @SecurityScheme(securitySchemeName = OpenApiDefinition.INSTANCE,
                                type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
                                apiKeyName = "Authorization", description = """
                                        Instance credentials: the whole Authorization header value, \
                                        `User <userSecret>, Element <instanceToken>`; the token (the `token` of an \
                                        instance) names the instance. Accepted only by the instance-scoped \
                                        operations (`/hubs/messaging/...`, `GET /instances/events`, \
                                        `/instances/configuration`); anywhere else it is a 403."""),
                        @SecurityScheme(securitySchemeName = OpenApiDefinition.ADMIN,
                                type = SecuritySchemeType.HTTP, scheme = "bearer", description = """
                                        The admin key (`switchboard.admin.key`, or `adminKey` in \
                                        data/credentials.json) as `Authorization: Bearer <adminKey>`, for \
                                        `/admin/` only.""") },
                responses = {
                        @APIResponse(name = OpenApiDefinition.WEBHOOK_STORED, description = "Stored (committed) "
                                + "before this answer: the receipt, or a vendor retry answered as a duplicate",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = OpenApiSchemas.Receipt.class),
                                        examples = @ExampleObject(name = "receipt", value = OpenApiExamples.RECEIPT))),
                        @APIResponse(name = OpenApiDefinition.WEBHOOK_IGNORED, description = "Events are not "
                                + "enabled for the instance; nothing stored",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = OpenApiSchemas.Ignored.class))),
                        @APIResponse(name = OpenApiDefinition.MESSAGE_SENT, description = "Twilio took the message",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(ref = "MessageView"),
                                        examples = @ExampleObject(name = "queued", value = OpenApiExamples.MESSAGE))),
                        @APIResponse(name = OpenApiDefinition.MESSAGE_ACCEPTED, description = "With Prefer: "
                                + "respond-async: stored, sent in the background",
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = OpenApiSchemas.AcceptedMessage.class))) },
                requestBodies = @RequestBody(name = OpenApiDefinition.WEBHOOK_BODY, required = true,
                        description = "The vendor's body: JSON, a form (Twilio) or XML (kept raw)",
                        content = {
                                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
                                        type = SchemaType.OBJECT, additionalProperties = Schema.True.class),
                                        examples = @ExampleObject(name = "object",
                                                value = OpenApiExamples.WEBHOOK_BODY)),
                                @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(
                                        type = SchemaType.OBJECT, additionalProperties = String.class)),
                                @Content(mediaType = MediaType.TEXT_XML, schema = @Schema(type = SchemaType.STRING)),
                                @Content(mediaType = MediaType.APPLICATION_XML,
                                        schema = @Schema(type = SchemaType.STRING)) })))
package io.switchboard.api;


import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
