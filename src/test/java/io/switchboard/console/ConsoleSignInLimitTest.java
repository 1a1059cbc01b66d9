package io.switchboard.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.switchboard.TestTenant;

/**
 * Failed console sign-ins count against the client's address like the API's; the page says why and for how long.
 * The window is long so that a loaded machine cannot let it lapse mid-test (the lapse itself is
 * AuthFailureLimiterTest's, with a clock); this profile is this class's alone, so the block ends with it.
 */
@QuarkusTest
@TestProfile(ConsoleSignInLimitTest.LimitOn.class)
class ConsoleSignInLimitTest {

    public static class LimitOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.auth.failure-limit.enabled", "true",
                    "switchboard.auth.failure-limit.max-failures", "3",
                    "switchboard.auth.failure-limit.window", "10m");
        }
    }

    static Response signIn(String userSecret, String organizationSecret) {
        return given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("userSecret", userSecret).formParam("organizationSecret", organizationSecret)
                .post("/console/sign-in");
    }

    @Test
    void tooManyFailedSignInsAreRefusedWithAClearMessage() {
        TestTenant tenant = TestTenant.of(getClass());
        for (int i = 0; i < 3; i++) {
            signIn(tenant.userSecret(), "wrong").then().statusCode(401).body(containsString("is not valid"));
        }
        signIn(tenant.userSecret(), "wrong").then().statusCode(429).header("Retry-After", notNullValue())
                .contentType(containsString("text/html")).body(containsString("id=\"sign-in-error\""))
                .body(containsString("Too many failed sign-ins from your address. Try again in"))
                .body(containsString(" seconds."))
                .body(not(containsString("is not valid")));
        // Refused before the secrets are looked at: the right ones wait too, so guesses teach nothing.
        signIn(tenant.userSecret(), tenant.organizationSecret()).then().statusCode(429);
        // The API shares the count: the same address is refused there as well.
        given().header("Authorization", tenant.authorization()).get(TestTenant.BASE + "/instances").then()
                .statusCode(429);
    }
}
