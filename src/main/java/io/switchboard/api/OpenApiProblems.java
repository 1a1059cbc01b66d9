package io.switchboard.api;

import java.util.List;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.MediaType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The problem answers that operations refer to by name ({@code @APIResponse(responseCode = "409", ref =
 * OpenApiDefinition.CONFLICT)}): each is {@code application/problem+json} in the {@code Problem} schema
 * ({@link ProblemDocument}) with its own description, the commonest with an example. {@link OpenApiDocumentFilter}
 * adds them to the document's shared responses at build time.
 */
final class OpenApiProblems {

    /** One shared answer; {@code example} is a JSON document, or null for none. */
    record Answer(String name, String description, String exampleName, String example) {

        Answer(String name, String description) {
            this(name, description, null, null);
        }
    }

    static final List<Answer> ANSWERS = List.of(
            new Answer(OpenApiDefinition.BAD_REQUEST, "The request is invalid: `detail` says what to fix, `errors` "
                    + "names the fields or configuration keys", "missing-keys", """
                    {"type": "about:blank", "title": "Bad Request", "status": 400,
                     "detail": "configuration is missing required keys: twilio.account.sid, twilio.auth.token",
                     "message": "configuration is missing required keys: twilio.account.sid, twilio.auth.token",
                     "errors": [{"field": "twilio.account.sid", "message": "is required"},
                                {"field": "twilio.auth.token", "message": "is required"}],
                     "requestId": "01JD8Z6Q4T9X2M5N7P3R1S0VWY"}"""),
            new Answer(OpenApiDefinition.UNAUTHORIZED, "The Authorization header is missing or malformed, or names "
                    + "an unknown secret or token", "unauthorized", """
                    {"type": "about:blank", "title": "Unauthorized", "status": 401,
                     "detail": "send Authorization: User <userSecret>, Organization <organizationSecret>",
                     "message": "send Authorization: User <userSecret>, Organization <organizationSecret>",
                     "requestId": "01JD8Z6Q4T9X2M5N7P3R1S0VWY"}"""),
            new Answer(OpenApiDefinition.FORBIDDEN, "Valid credentials of the wrong kind (an Element token on a "
                    + "platform operation, platform secrets on /admin/), or a disabled instance's token"),
            new Answer(OpenApiDefinition.NOT_FOUND, "No such object, or it belongs to another organization",
                    "unknown-instance", """
                    {"type": "about:blank", "title": "Not Found", "status": 404,
                     "detail": "no instance has id 7", "message": "no instance has id 7",
                     "requestId": "01JD8Z6Q4T9X2M5N7P3R1S0VWY"}"""),
            new Answer(OpenApiDefinition.CONFLICT, "The state of the object forbids the call (the detail says "
                    + "which), or a stale message"),
            new Answer(OpenApiDefinition.PAYLOAD_TOO_LARGE, "The body is larger than switchboard.http.max-body "
                    + "(default 5 MiB)"),
            new Answer(OpenApiDefinition.UNSUPPORTED_MEDIA_TYPE, "The Content-Type is not one this operation reads"),
            new Answer(OpenApiDefinition.UNPROCESSABLE, "The vendor refused a well-formed request (e.g. Twilio "
                    + "21610, unsubscribed); `twilioCode` says why"),
            new Answer(OpenApiDefinition.GONE, "The instance is disabled"),
            new Answer(OpenApiDefinition.BAD_GATEWAY, "The vendor failed (after retries) or refused the instance's "
                    + "credentials; the detail names the failure"),
            new Answer(OpenApiDefinition.WEBHOOK_REJECTED, "A bad or missing vendor signature; recorded as REJECTED"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenApiProblems() {
    }

    /** Adds the answers to the document's shared responses, which stay in name order (as the scanner leaves them). */
    static void addTo(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        for (Answer answer : ANSWERS) {
            components.addResponse(answer.name(), OASFactory.createAPIResponse().description(answer.description())
                    .content(OASFactory.createContent().addMediaType(ProblemMapper.PROBLEM_JSON, problem(answer))));
        }
        components.setResponses(new TreeMap<>(components.getResponses()));
    }

    private static MediaType problem(Answer answer) {
        MediaType type = OASFactory.createMediaType();
        if (answer.example() != null) {
            type.addExample(answer.exampleName(), OASFactory.createExample().value(parse(answer.example())));
        }
        return type.schema(OASFactory.createSchema().ref("Problem")); // after the examples, as the scanner wrote it
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an OpenAPI problem example is not JSON: " + json, e);
        }
    }
}
