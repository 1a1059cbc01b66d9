package io.switchboard.api;

import io.switchboard.error.HubError;

import io.switchboard.error.FieldError;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.tenant.Access;

/**
 * The document at /q/openapi is one that Swagger UI and client generators can use: the three credentials as
 * security schemes, on every operation; a unique operationId, a summary and a tag everywhere; every error answer
 * a problem+json; one server.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private static JsonNode document() throws IOException {
        return new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi").then()
                .statusCode(200).extract().asString());
    }

    @Test
    void theThreeCredentialsAreSecuritySchemes() throws IOException {
        JsonNode schemes = document().path("components").path("securitySchemes");
        for (String apiKey : List.of(OpenApiDefinition.PLATFORM, OpenApiDefinition.INSTANCE)) {
            assertEquals("apiKey", schemes.path(apiKey).path("type").asText(), apiKey);
            assertEquals("header", schemes.path(apiKey).path("in").asText(), apiKey);
            assertEquals("Authorization", schemes.path(apiKey).path("name").asText(), apiKey);
        }
        assertTrue(schemes.path(OpenApiDefinition.PLATFORM).path("description").asText()
                .contains("User <userSecret>, Organization <organizationSecret>"));
        assertEquals("http", schemes.path(OpenApiDefinition.ADMIN).path("type").asText());
        assertEquals("bearer", schemes.path(OpenApiDefinition.ADMIN).path("scheme").asText());
    }

    @Test
    void everyOperationIsNamedTaggedSecuredAndAnswersErrorsAsProblems() throws IOException {
        JsonNode document = document();
        Set<String> operationIds = new HashSet<>();
        List<String> faults = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            String where = op.getKey().toUpperCase() + " " + path.getKey();
            JsonNode operation = op.getValue();
            String operationId = operation.path("operationId").asText("");
            if (!operationId.matches("[a-z][A-Za-z]+") || !operationIds.add(operationId)) {
                faults.add(where + ": operationId '" + operationId + "' is missing, not camelCase or not unique");
            }
            if (operation.path("summary").asText("").isBlank() || !operation.path("tags").isArray()) {
                faults.add(where + ": no summary or no tags");
            }
            if (!operation.has("security")) {
                faults.add(where + ": no security (an empty list marks a public operation)");
            }
            operation.path("responses").fields().forEachRemaining(answer -> {
                if (answer.getKey().startsWith("4") || answer.getKey().startsWith("5")) {
                    JsonNode response = answer.getValue().has("$ref")
                            ? resolve(document, answer.getValue().path("$ref").asText()) : answer.getValue();
                    if (!response.path("content").has(ProblemMapper.PROBLEM_JSON)) {
                        faults.add(where + " " + answer.getKey() + ": not application/problem+json");
                    }
                }
            });
        }));
        assertEquals(List.of(), faults);
        assertTrue(operationIds.containsAll(List.of("createInstance", "listInstances", "patchInstanceConfiguration",
                "receiveWebhook", "listInstanceEvents", "listInstanceDeliveries", "sendMessage")), operationIds::toString);
    }

    /** Both webhook operations take the vendor's body, whichever way the resource reads it. */
    @Test
    void theWebhookOperationsDeclareTheirBody() throws IOException {
        JsonNode document = document();
        List<String> without = new ArrayList<>();
        for (String operationId : List.of("receiveWebhook", "receiveRoutedWebhook")) {
            boolean found = false;
            for (JsonNode path : (Iterable<JsonNode>) document.path("paths")::elements) {
                JsonNode post = path.path("post");
                if (operationId.equals(post.path("operationId").asText())) {
                    found = true;
                    if (post.path("requestBody").isMissingNode()) {
                        without.add(operationId);
                    }
                }
            }
            assertTrue(found, operationId);
        }
        assertEquals(List.of(), without);
    }

    /** Every event configuration key the element catalog lists is described in the document and in docs/API.md. */
    @Test
    void everyEventKeyOfTheCatalogIsInTheDocumentAndTheApiGuide() throws IOException {
        List<String> keys = io.switchboard.TestTenant.of(getClass()).platform()
                .get(io.switchboard.TestTenant.BASE + "/elements/webhook").then().statusCode(200)
                .extract().jsonPath().getList("configuration.key", String.class).stream()
                .filter(key -> key.startsWith("event.")).toList();
        assertTrue(keys.contains("event.notification.ordered"), keys::toString);
        String described = document().path("components").path("schemas").path("InstanceRequest").path("properties")
                .path("configuration").path("description").asText();
        String guide = Files.readString(Path.of("docs/API.md"));
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            if (!described.contains(key)) {
                missing.add(key + " (OpenAPI InstanceRequest.configuration)");
            }
            if (!guide.contains("| `" + key + "` |")) {
                missing.add(key + " (a row of docs/API.md)");
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theProblemSchemaHasTheContractsFields() throws IOException {
        JsonNode problem = document().path("components").path("schemas").path("Problem");
        Set<String> fields = new TreeSet<>();
        problem.path("properties").fieldNames().forEachRemaining(fields::add);
        assertEquals(new TreeSet<>(List.of("type", "title", "status", "detail", "message", "errors", "requestId")),
                fields);
        assertEquals("#/components/schemas/FieldError", problem.path("properties").path("errors").path("items")
                .path("$ref").asText());
    }

    @Test
    void vendorWebhooksArePublicAndTheHubIsTheServer() throws IOException {
        JsonNode document = document();
        JsonNode webhook = document.path("paths").path("/elements/api-v2/events/{elementKey}/{instanceRef}")
                .path("post");
        assertTrue(webhook.path("security").isArray() && webhook.path("security").isEmpty(), webhook::toString);
        assertEquals(1, document.path("servers").size());
        assertTrue(document.path("servers").path(0).path("url").asText().startsWith("http"));
        document.path("paths").fieldNames().forEachRemaining(path -> assertFalse(path.startsWith("/console"), path));
    }

    /**
     * The security requirements a resource declares for the document match the credentials its {@link Access}
     * demands: PLATFORM needs {@code @SecurityRequirement(name = OpenApiDefinition.PLATFORM)}, INSTANCE both
     * INSTANCE and PLATFORM, ADMIN ADMIN, and a resource without {@code @Access} an empty
     * {@code @SecurityRequirements}. The console's resources are left out of the document.
     */
    @Test
    void everyResourceDeclaresTheCredentialsItsAccessDemands() throws Exception {
        Path classes = Path.of("target/classes");
        List<String> faults = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/switchboard"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                jakarta.ws.rs.Path path = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (path == null || type.isInterface() || path.value().startsWith("/console")) {
                    continue;
                }
                Set<String> declared = new TreeSet<>();
                for (SecurityRequirement requirement : type.getAnnotationsByType(SecurityRequirement.class)) {
                    declared.add(requirement.name());
                }
                Access access = type.getAnnotation(Access.class);
                Set<String> expected = access == null ? Set.of() : new TreeSet<>(switch (access.value()) {
                    case PLATFORM -> Set.of(OpenApiDefinition.PLATFORM);
                    case INSTANCE -> Set.of(OpenApiDefinition.INSTANCE, OpenApiDefinition.PLATFORM);
                    case ADMIN -> Set.of(OpenApiDefinition.ADMIN);
                });
                if (!declared.equals(expected) || (access == null && type.getAnnotation(SecurityRequirements.class) == null)) {
                    faults.add(type.getSimpleName() + ": @Access " + (access == null ? "none" : access.value())
                            + " wants @SecurityRequirement " + (expected.isEmpty() ? "none, and an empty @SecurityRequirements" : expected)
                            + ", has " + declared);
                }
            }
        }
        assertEquals(List.of(), faults);
    }

    private static JsonNode resolve(JsonNode document, String ref) {
        JsonNode node = document;
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part);
        }
        return node;
    }
}
