package io.switchboard.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestTenant;

/**
 * Generated from the OpenAPI document at test time, so that new paths are covered as they come: a seeded fuzz run of
 * malformed requests over every operation, and a tenant-isolation matrix over every path with an id.
 */
@QuarkusTest
class HostileRequestsTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final Pattern INTERNALS = Pattern.compile(
            "jackson|vertx|exception|java\\.|javax\\.|jakarta\\.|\\tat |io\\.quarkus|io\\.switchboard|resteasy|hibernate"
                    + "|org\\.postgresql|netty|smallrye");
    private static final int REQUESTS_PER_OPERATION = 30;

    record Operation(String method, String path, List<String> query) {
    }

    static List<Operation> operations() {
        JsonNode paths = MAPPER.valueToTree(given().accept(ContentType.JSON).get("/q/openapi?format=json").then()
                .statusCode(200).extract().as(Map.class)).path("paths");
        List<Operation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> entries = paths.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            for (String method : METHODS) {
                JsonNode operation = entry.getValue().get(method);
                if (operation != null) {
                    List<String> query = new ArrayList<>();
                    operation.path("parameters").forEach(p -> {
                        if ("query".equals(p.path("in").asText())) {
                            query.add(p.path("name").asText());
                        }
                    });
                    operations.add(new Operation(method, entry.getKey(), query));
                }
            }
        }
        return operations;
    }

    @Test
    void malformedRequestsToEveryOperationGetProblemsNever5xxNorInternals() {
        TestTenant tenant = TestTenant.of(getClass());
        long instance = ((Number) tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "fuzz", "configuration": {}}""").get("id")).longValue();
        String token = (String) tenant.platform().get(TestTenant.BASE + "/instances/" + instance).then()
                .extract().path("token");
        List<String> auths = new ArrayList<>(List.of("", "garbage", "User , Organization ", "User a, Organization b,",
                "Bearer ", "Bearer nope", "User x, Element y", tenant.authorization(), tenant.authorization() + ", Element zz",
                tenant.elementAuthorization(token), "Bearer " + TestTenant.ADMIN_KEY, tenant.authorization() + "\t,"));
        List<String> values = List.of("abc", "-1", "0", "99999999999999999999", "1.5", "x".repeat(600), "%20", "..",
                "%C3%BC", "null", "[]", "1e999", Long.toString(instance), "a b", "%FF");
        List<String> contentTypes = List.of("application/json", "text/plain", "application/xml", "",
                "application/x-www-form-urlencoded", "application/json; charset=bogus", "application/octet-stream",
                "application/json;;;");
        List<byte[]> bodies = new ArrayList<>();
        for (String body : List.of("", "[", "{", "}", "{\"a\":1}{\"b\":2}", "null", "[]", "123", "\"text\"", "{\"a\":}",
                "[".repeat(150) + "]".repeat(150), "{\"name\": [1], \"configuration\": \"x\", \"element\": 5}",
                "{\"instanceId\": \"abc\", \"collection\": {}, \"filter\": 7}",
                "{\"instanceId\": 99999999999999999999, \"collection\": \"c\", \"filter\": \"" + "(".repeat(3000) + "\"}",
                "{\"to\": [], \"from\": {}, \"message\": 1, \"timestamp\": 1e400}",
                "{\"timestamp\": 10000000000000000000, \"to\": \"+14155550100\"}",
                "{\"tags\": \"x\", \"name\": \"\\u0000\"}", "{\"configuration\": {\"a\": [1, 2]}}",
                "{\"name\": \"n\", \"element\": {\"key\": [\"twilio\"]}}", "{\"key\": 1, \"events\": \"yes\"}",
                "{\"email\": 5}", "{\"notification.webhook.failure.policy\": 7}", "<xml><unclosed>", "a=%zz&b",
                "{\"a\": \"\\ud800\"}", "{\"n\": 1" + "0".repeat(2000) + "}")) {
            bodies.add(body.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add(new byte[] { (byte) 0xff, (byte) 0xfe, 0x7b, 0x00 });
        bodies.add(new byte[] { 0x7b, 0x22, (byte) 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d });

        Random random = new Random(12);
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        List<Operation> operations = operations();
        assertTrue(operations.size() >= 20, "operations in the OpenAPI document: " + operations.size());
        int sent = 0;
        for (Operation operation : operations) {
            for (int i = 0; i < REQUESTS_PER_OPERATION; i++) {
                String path = substitute(operation.path(), name -> values.get(random.nextInt(values.size())));
                RequestSpecification request = given().redirects().follow(false);
                String auth = auths.get(random.nextInt(auths.size()));
                if (!auth.isEmpty()) {
                    request.header("Authorization", auth);
                }
                if (random.nextInt(3) == 0) {
                    request.header("Element-Instances", List.of("1,,2", ",", "abc", " ", instance + ",x",
                            "1," .repeat(150)).get(random.nextInt(6)));
                }
                for (String query : operation.query()) {
                    if (random.nextBoolean()) {
                        request.queryParam(query, values.get(random.nextInt(values.size())));
                    }
                }
                if (!operation.method().equals("get")) {
                    String type = contentTypes.get(random.nextInt(contentTypes.size()));
                    if (!type.isEmpty()) {
                        request.contentType(type);
                    }
                    byte[] body = bodies.get(random.nextInt(bodies.size()));
                    if (type.contains("form")) {
                        request.body(new String(body, StandardCharsets.ISO_8859_1)); // the client encodes forms itself
                    } else {
                        request.body(body);
                    }
                }
                Response response = request.request(operation.method().toUpperCase(), path);
                sent++;
                int status = response.statusCode();
                byStatus.merge(status, 1, Integer::sum);
                String body = response.asString();
                String what = operation.method().toUpperCase() + " " + path + " → " + status + " "
                        + response.contentType() + " " + body.substring(0, Math.min(300, body.length()));
                if (status >= 500) {
                    failures.add("5xx: " + what);
                } else if (status >= 400 && !isProblem(response, status)) {
                    failures.add("not a problem: " + what);
                } else if (INTERNALS.matcher(body.toLowerCase()).find() && status >= 400) {
                    failures.add("internals: " + what);
                }
            }
        }
        System.out.printf("[figures] fuzz: %d generated requests over %d operations; by status %s; %d failures%n",
                sent, operations.size(), byStatus, failures.size());
        assertTrue(sent >= 1_000, "sent " + sent);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " failures");
    }

    @Test
    void everyPathWithAnIdRefusesAForeignOrganizationAndAForeignElementToken() {
        TestTenant owner = TestTenant.create();
        TestTenant stranger = TestTenant.create();
        String marker = "iso-" + UUID.randomUUID();
        String callback = callbacks.newCallback();
        Map<String, Object> instance = owner.createInstance("""
                {"element": {"key": "webhook"}, "name": "%s", "tags": ["%s"],
                 "configuration": {"event.notification.enabled": "true", "webhook.object.type": "%s",
                                   "event.notification.callback.url": "%s"}}"""
                .formatted(marker, marker, marker, callbacks.url(callback)));
        long instanceId = ((Number) instance.get("id")).longValue();
        String token = (String) instance.get("token");
        String receiptId = given().contentType(ContentType.JSON).body("{\"id\": \"" + marker + "\"}")
                .post(TestTenant.BASE + "/events/webhook/" + instanceId).then().statusCode(200).extract().path("id");
        String subscriptionId = owner.platform().body(Map.of("instanceId", instanceId, "collection", marker,
                "title", marker)).post(TestTenant.BASE + "/subscriptions").then().statusCode(201).extract().path("id");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !owner.platform()
                .get(TestTenant.BASE + "/instances/" + instanceId + "/deliveries").then().extract()
                .jsonPath().getList("id").isEmpty());
        Object deliveryId = owner.platform().get(TestTenant.BASE + "/instances/" + instanceId + "/deliveries").then()
                .extract().jsonPath().getList("id").get(0);
        Object configurationId = owner.platform().get(TestTenant.BASE + "/instances/" + instanceId + "/configuration")
                .then().statusCode(200).extract().jsonPath().getList("id").get(0);

        Map<String, String> ids = Map.of("id", Long.toString(instanceId), "receiptId", receiptId, "deliveryId",
                String.valueOf(deliveryId), "configurationId", String.valueOf(configurationId), "instanceRef",
                Long.toString(instanceId));
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        int cases = 0;
        for (Operation operation : operations()) {
            String path = operation.path();
            if (!path.contains("{") || path.startsWith("/admin") || path.contains("/events/{elementKey}")
                    || path.contains("/elements/{key}") || path.contains("/elements/{keyOrId}")) {
                continue; // the admin's, the public webhook URL (its token is the URL), the shared catalog
            }
            String concrete = substitute(path, name -> path.startsWith(TestTenant.BASE + "/subscriptions")
                    ? subscriptionId : ids.getOrDefault(name, "1"));
            for (String auth : List.of(stranger.authorization(), stranger.elementAuthorization(token),
                    stranger.authorization(token))) {
                // The owner's instance named the other ways too (the forms without an id in the path), and bodies
                // and queries that pass validation, so that only the ownership check can refuse.
                RequestSpecification request = given().header("Authorization", auth).redirects().follow(false)
                        .header("Element-Instances", Long.toString(instanceId)).queryParam("status", "FAILED");
                if (!operation.method().equals("get")) {
                    request.contentType(ContentType.JSON).body("{\"propertyValue\": \"https://example.com/cb\"}");
                }
                Response response = request.request(operation.method().toUpperCase(), concrete);
                cases++;
                byStatus.merge(response.statusCode(), 1, Integer::sum);
                boolean platform = auth.equals(stranger.authorization());
                boolean refused = platform ? response.statusCode() == 404 || response.statusCode() == 403
                        : response.statusCode() == 401 || response.statusCode() == 403 || response.statusCode() == 404;
                if (!refused || response.asString().contains(marker) || response.asString().contains(token)) {
                    failures.add(operation.method().toUpperCase() + " " + concrete + " as "
                            + (platform ? "foreign organization" : "foreign Element token") + " → "
                            + response.statusCode() + " " + response.asString());
                }
            }
        }
        System.out.printf("[figures] isolation matrix: %d requests (paths with an id × methods × 3 foreign "
                + "credentials); by status %s; %d failures%n", cases, byStatus, failures.size());
        assertTrue(cases >= 40, "cases " + cases);
        assertEquals(List.of(), failures);
    }

    private static boolean isProblem(Response response, int status) {
        if (response.contentType() == null || !response.contentType().startsWith("application/problem+json")) {
            return false;
        }
        try {
            return MAPPER.readTree(response.asByteArray()).path("status").asInt() == status;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String substitute(String path, java.util.function.Function<String, String> value) {
        Matcher matcher = PARAM.matcher(path);
        StringBuilder concrete = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(concrete, Matcher.quoteReplacement(value.apply(matcher.group(1))));
        }
        matcher.appendTail(concrete);
        return concrete.toString();
    }
}
