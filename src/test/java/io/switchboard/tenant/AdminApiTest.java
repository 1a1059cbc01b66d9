package io.switchboard.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class AdminApiTest {

    @Test
    void createsOrganizationWithUserAndListsWithoutSecrets() {
        String orgId = given().auth().oauth2("test-admin-key").contentType(ContentType.JSON)
                .body("{\"name\": \"acme\"}")
                .when().post("/admin/organizations")
                .then().statusCode(201)
                .body("name", equalTo("acme"))
                .body("secret", notNullValue())
                .extract().path("id").toString();

        given().auth().oauth2("test-admin-key").contentType(ContentType.JSON)
                .body("{\"email\": \"ops@acme.test\"}")
                .when().post("/admin/organizations/" + orgId + "/users")
                .then().statusCode(201)
                .body("email", equalTo("ops@acme.test"))
                .body("secret", notNullValue());

        given().auth().oauth2("test-admin-key")
                .when().get("/admin/organizations")
                .then().statusCode(200)
                .body("name", hasItem("acme"))
                .body("secret", not(hasItem(notNullValue())));
    }

    @Test
    void wrongAdminKeyIs401AsProblemJson() {
        given().auth().oauth2("wrong")
                .when().get("/admin/organizations")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("detail", containsString("admin key"))
                .body("requestId", notNullValue());
    }

    @Test
    void platformCredentialsOnAdminAre403() {
        given().header("Authorization", "User test-user-secret, Organization test-org-secret")
                .when().get("/admin/organizations")
                .then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void missingNameNamesTheField() {
        given().auth().oauth2("test-admin-key").contentType(ContentType.JSON).body("{}")
                .when().post("/admin/organizations")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
    }

    @Test
    void failurePolicyIsValidated() {
        given().auth().oauth2("test-admin-key").contentType(ContentType.JSON)
                .body("{\"notification.webhook.failure.policy\": \"sometimes\"}")
                .when().patch("/admin/organizations/1")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("notification.webhook.failure.policy"))
                .body("trace", nullValue());
    }
}
