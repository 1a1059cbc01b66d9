package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.junit.jupiter.api.Test;

/** The build-time filter, on a model made by hand: no Quarkus boot. */
class OpenApiDocumentFilterTest {

    @Test
    void theConsolesPathsAreLeftOutWhateverTheyDeclare() {
        OpenAPI openAPI = document("/console", "/console/instances/{id}", "/consoles", "/elements/api-v2/instances");
        new OpenApiDocumentFilter().filterOpenAPI(openAPI);
        assertEquals(Set.of("/consoles", "/elements/api-v2/instances"), openAPI.getPaths().getPathItems().keySet());
    }

    @Test
    void commonProblemsAreAddedByKindAndDeclaredProblemsWin() {
        OpenAPI openAPI = document("/elements/api-v2/instances/{id}");
        Operation operation = openAPI.getPaths().getPathItem("/elements/api-v2/instances/{id}").getGET();
        operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(OpenApiDefinition.PLATFORM));
        operation.getResponses().addAPIResponse("404", OASFactory.createAPIResponse().description("own")
                .content(OASFactory.createContent().addMediaType(ProblemMapper.PROBLEM_JSON,
                        OASFactory.createMediaType())));
        operation.getResponses().addAPIResponse("400", OASFactory.createAPIResponse().description("Bad Request"));
        operation.addParameter(OASFactory.createParameter().name("status").in(Parameter.In.QUERY));
        new OpenApiDocumentFilter().filterOpenAPI(openAPI);
        assertEquals(List.of("200", "400", "401", "403", "404"),
                List.copyOf(operation.getResponses().getAPIResponses().keySet()));
        assertEquals("#/components/responses/" + OpenApiDefinition.UNAUTHORIZED,
                operation.getResponses().getAPIResponse("401").getRef());
        assertEquals("own", operation.getResponses().getAPIResponse("404").getDescription());
        assertEquals("#/components/responses/" + OpenApiDefinition.BAD_REQUEST,
                operation.getResponses().getAPIResponse("400").getRef(), "a bare generated answer is replaced");
        assertNull(operation.getResponses().getAPIResponse("413"), "no body, no 413");
    }

    @Test
    void theSharedProblemAnswersAreProblemJsonInTheProblemSchema() {
        OpenAPI openAPI = document("/elements/api-v2/instances/{id}");
        new OpenApiDocumentFilter().filterOpenAPI(openAPI);
        var responses = openAPI.getComponents().getResponses();
        assertEquals(List.copyOf(new java.util.TreeSet<>(responses.keySet())), List.copyOf(responses.keySet()),
                "in name order");
        for (String name : List.of(OpenApiDefinition.BAD_REQUEST, OpenApiDefinition.UNAUTHORIZED,
                OpenApiDefinition.FORBIDDEN, OpenApiDefinition.NOT_FOUND, OpenApiDefinition.CONFLICT,
                OpenApiDefinition.GONE, OpenApiDefinition.PAYLOAD_TOO_LARGE, OpenApiDefinition.UNSUPPORTED_MEDIA_TYPE,
                OpenApiDefinition.UNPROCESSABLE, OpenApiDefinition.BAD_GATEWAY, OpenApiDefinition.WEBHOOK_REJECTED)) {
            var problem = responses.get(name).getContent().getMediaType(ProblemMapper.PROBLEM_JSON);
            assertEquals("#/components/schemas/Problem", problem.getSchema().getRef(), name);
        }
        var example = responses.get(OpenApiDefinition.NOT_FOUND).getContent().getMediaType(ProblemMapper.PROBLEM_JSON)
                .getExamples().get("unknown-instance").getValue();
        assertEquals(404, ((java.util.Map<?, ?>) example).get("status"), "the example is JSON, not a string");
    }

    private static OpenAPI document(String... paths) {
        OpenAPI openAPI = OASFactory.createOpenAPI().paths(OASFactory.createPaths());
        for (String path : paths) {
            openAPI.getPaths().addPathItem(path, OASFactory.createPathItem().GET(OASFactory.createOperation()
                    .responses(OASFactory.createAPIResponses().addAPIResponse("200",
                            OASFactory.createAPIResponse().description("OK")))));
        }
        return openAPI;
    }
}
