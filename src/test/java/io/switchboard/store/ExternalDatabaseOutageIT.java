package io.switchboard.store;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.switchboard.HubProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * An external PostgreSQL (here one this test starts and stops) goes away: ingest and the API answer 503
 * problem+json with Retry-After, never 500; readiness is DOWN but liveness stays UP (restarting the hub would not
 * bring the database back); once the database is back on its port, the same requests succeed without a restart.
 */
class ExternalDatabaseOutageIT {

    private static final String AUTH = "User outage-user, Organization outage-org";

    @TempDir
    Path work;

    @Test
    void anUnreachableExternalDatabaseIs503UntilItIsBack() throws Exception {
        Path pgData = work.resolve("external-pg");
        int pgPort = HubProcess.freePort();
        EmbeddedPostgres database = start(pgData, pgPort);
        Map<String, String> properties = Map.of(
                "quarkus.datasource.jdbc.url", database.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "switchboard.delivery.allow-private-targets", "true",
                "switchboard.bootstrap.organization-secret", "outage-org",
                "switchboard.bootstrap.user-secret", "outage-user",
                "switchboard.admin.key", "outage-admin");
        try (HubProcess hub = HubProcess.start(work.resolve("data"), HubProcess.freePort(), properties)) {
            hub.awaitReady(Duration.ofSeconds(120));
            long instanceId = ((Number) given().header("Authorization", AUTH).contentType(ContentType.JSON)
                    .body("""
                            {"element": {"key": "webhook"}, "name": "outage",
                             "configuration": {"event.notification.enabled": "true",
                                               "event.notification.callback.url": "http://127.0.0.1:%d/cb"}}"""
                            .formatted(HubProcess.freePort()))
                    .post(hub.url("/elements/api-v2/instances")).then().statusCode(200).extract().path("id"))
                    .longValue();
            String webhook = hub.url("/elements/api-v2/events/webhook/" + instanceId);
            given().contentType(ContentType.JSON).body("{\"id\": \"before\"}").post(webhook).then().statusCode(200);

            database.close();
            long stoppedAt = System.nanoTime();
            for (int n = 0; n < 5; n++) {
                unavailable(given().contentType(ContentType.JSON).body("{\"id\": \"during\"}").post(webhook));
                unavailable(given().header("Authorization", AUTH).get(hub.url("/elements/api-v2/instances")));
                unavailable(given().header("Authorization", AUTH)
                        .get(hub.url("/elements/api-v2/instances/" + instanceId + "/events")));
            }
            given().get(hub.url("/q/health/ready")).then().statusCode(503);
            given().get(hub.url("/q/health/live")).then().statusCode(200);

            database = start(pgData, pgPort);
            long restartedAt = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int status;
            do {
                status = given().contentType(ContentType.JSON).body("{\"id\": \"after\"}").post(webhook).statusCode();
                assertTrue(status == 200 || status == 503, "only 200 or 503 while the pool reconnects: " + status);
            } while (status != 200 && System.nanoTime() < deadline);
            assertEquals(200, status, "accepted again after the database came back:\n" + hub.log());
            long recoveredAt = System.nanoTime();
            given().header("Authorization", AUTH).get(hub.url("/elements/api-v2/instances")).then().statusCode(200);
            assertTrue(!hub.log().contains("Unexpected failure"), "no 500 logged:\n" + hub.log());
            System.out.printf("[figures] external database: down %d ms (15 requests answered 503); webhooks accepted "
                    + "again %d ms after it was back%n", (restartedAt - stoppedAt) / 1_000_000,
                    (recoveredAt - restartedAt) / 1_000_000);
            hub.stop();
        } finally {
            database.close();
        }
    }

    private static void unavailable(Response response) {
        response.then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", notNullValue()).body("detail", containsString("database"));
    }

    private static EmbeddedPostgres start(Path pgData, int port) throws java.io.IOException {
        return EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(port)
                .start();
    }
}
