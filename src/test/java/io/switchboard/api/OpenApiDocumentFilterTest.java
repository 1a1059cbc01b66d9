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
