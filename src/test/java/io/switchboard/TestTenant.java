package io.switchboard;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A fresh organization with one user, made through the admin API, so that tests never share tenants. */
public record TestTenant(long organizationId, String organizationSecret, long userId, String userSecret) {

    public static final String ADMIN_KEY = "test-admin-key";
    public static final String BASE = "/elements/api-v2";

    private static final Map<String, TestTenant> PER_CLASS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The tenant of a test class, created on its first test: a test class's static initializer cannot, since
     * RestAssured learns the test port only when the first test starts.
     */
    public static TestTenant of(Class<?> testClass) {
        return of(testClass, "");
    }

    /** Another tenant of a test class, e.g. {@code "other"} for checks across organizations. */
    public static TestTenant of(Class<?> testClass, String name) {
        return PER_CLASS.computeIfAbsent(testClass.getName() + "/" + name, key -> create());
    }

    public static TestTenant create() {
        Map<String, Object> org = given().auth().oauth2(ADMIN_KEY).contentType(ContentType.JSON)
                .body(Map.of("name", "org-" + UUID.randomUUID()))
                .post("/admin/organizations").then().statusCode(201).extract().as(Map.class);
        long orgId = ((Number) org.get("id")).longValue();
        Map<String, Object> user = given().auth().oauth2(ADMIN_KEY).contentType(ContentType.JSON)
                .body(Map.of("email", "user-" + UUID.randomUUID() + "@test"))
                .post("/admin/organizations/" + orgId + "/users").then().statusCode(201).extract().as(Map.class);
        return new TestTenant(orgId, (String) org.get("secret"), ((Number) user.get("id")).longValue(),
                (String) user.get("secret"));
    }

    public String authorization() {
        return "User " + userSecret + ", Organization " + organizationSecret;
    }

    public String authorization(String instanceToken) {
        return authorization() + ", Element " + instanceToken;
    }

    public String elementAuthorization(String instanceToken) {
        return "User " + userSecret + ", Element " + instanceToken;
    }

    /** A request with this tenant's platform credentials and a JSON body type. */
    public RequestSpecification platform() {
        return given().header("Authorization", authorization()).contentType(ContentType.JSON);
    }

    /** Creates an instance from a JSON body and returns its view as a map. */
    public Map<String, Object> createInstance(String json) {
        return platform().body(json).post(BASE + "/instances").then().statusCode(200).extract().as(Map.class);
    }
}
