package io.switchboard.tenant;

import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.TestTenant;

/** Repeated failed authentications from one address are answered 429 with Retry-After, before any check. */
@QuarkusTest
@TestProfile(AuthFailureLimitTest.LimitOn.class)
class AuthFailureLimitTest {

    public static class LimitOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.auth.failure-limit.enabled", "true",
                    "switchboard.auth.failure-limit.max-failures", "5",
                    "switchboard.auth.failure-limit.window", "10s");
        }
    }

    @Test
    void theSixthFailureWithinTheWindowIs429AndSuccessesBeforeAreNotSlowed() throws Exception {
        TestTenant tenant = TestTenant.of(getClass());
        String instances = TestTenant.BASE + "/instances";
        for (int i = 0; i < 20; i++) {
            given().header("Authorization", tenant.authorization()).get(instances).then().statusCode(200);
        }
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", "User wrong, Organization wrong").get(instances).then().statusCode(401);
        }
        given().header("Authorization", "User wrong, Organization wrong").get(instances).then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", notNullValue())
                .body("status", equalTo(429)).body("detail", containsString("too many failed authentications"));
        // Blocked before the credentials are looked at: even a right one waits (guesses teach nothing).
        given().header("Authorization", tenant.authorization()).get(instances).then().statusCode(429);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("switchboard_auth_failures_total"))
                .body(containsString("switchboard_auth_refused_total"));
        // The window (10 s: long enough that a slow machine cannot let the failures lapse mid-test) ends and a right
        // credential passes again; how the window slides is AuthFailureLimiterTest's, on a clock of its own.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> given()
                .header("Authorization", tenant.authorization()).get(instances).statusCode() == 200);
    }
}
