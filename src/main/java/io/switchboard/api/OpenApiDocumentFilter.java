package io.switchboard.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Completes the document the annotations describe, at build time (so the stored schema that the client generator
 * reads has it too):
 * <ul>
 * <li>the console's pages ({@code /console...}) are HTML for browsers, not API: they are left out whatever their
 * resources declare;</li>
 * <li>the shared problem answers ({@link OpenApiProblems}) join the document's components;</li>
 * <li>the problem answers every operation of a kind has are added by reference to the shared responses of
 * {@link OpenApiDefinition}: 401 and 403 where credentials are required, 404 where the path names an object,
 * 400 where a body or query parameter is read, 413 and 415 where a body is read. An operation's own annotations
 * win.</li>
 * </ul>
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiDocumentFilter implements OASFilter {

    static final String CONSOLE = "/console";
    static final String ELEMENT_INSTANCES = "Element-Instances";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        OpenApiProblems.addTo(openAPI);
        if (openAPI.getPaths() == null) {
            return;
        }
        List.copyOf(openAPI.getPaths().getPathItems().keySet()).stream()
                .filter(path -> path.equals(CONSOLE) || path.startsWith(CONSOLE + "/"))
                .forEach(openAPI.getPaths()::removePathItem);
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> {
                    addCommonProblems(path, item, operation);
                    describeElementInstances(operation);
                }));
    }

    private static void addCommonProblems(String path, PathItem item, Operation operation) {
        APIResponses responses = operation.getResponses();
        boolean body = operation.getRequestBody() != null;
        boolean query = parameters(item, operation).stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY);
        boolean credentials = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        Map<String, String> common = new TreeMap<>();
        if (body || query) {
            common.put("400", OpenApiDefinition.BAD_REQUEST);
        }
        if (credentials) {
            common.put("401", OpenApiDefinition.UNAUTHORIZED);
            common.put("403", OpenApiDefinition.FORBIDDEN);
        }
        if (path.contains("{")) {
            common.put("404", OpenApiDefinition.NOT_FOUND);
        }
        if (body) {
            common.put("413", OpenApiDefinition.PAYLOAD_TOO_LARGE);
            common.put("415", OpenApiDefinition.UNSUPPORTED_MEDIA_TYPE);
        }
        common.forEach((status, name) -> {
            if (!responses.hasAPIResponse(status) || generated(responses.getAPIResponse(status))) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(name));
            }
        });
        // numeric order reads best in Swagger UI and in diffs of the stored document
        Map<String, APIResponse> sorted = new TreeMap<>(responses.getAPIResponses());
        responses.setAPIResponses(sorted);
    }

    /** A bare answer the scanner made up ("Bad Request", no content), not one a resource declared. */
    private static boolean generated(APIResponse response) {
        return response.getRef() == null && (response.getContent() == null || response.getContent().getMediaTypes().isEmpty());
    }

    private static void describeElementInstances(Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().stream().filter(p -> ELEMENT_INSTANCES.equals(p.getName()))
                    .forEach(p -> p.setDescription("With platform credentials: the id of the instance to act on"
                            + " (the Element token of the credentials names it otherwise)"));
        }
    }

    private static List<Parameter> parameters(PathItem item, Operation operation) {
        return java.util.stream.Stream.of(item.getParameters(), operation.getParameters())
                .filter(Objects::nonNull).flatMap(List::stream).toList();
    }
}
