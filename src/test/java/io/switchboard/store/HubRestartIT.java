package io.switchboard.store;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.http.ContentType;
import io.switchboard.HubProcess;

/**
 * The packaged hub on the embedded database: first start writes the credentials, a restart (graceful or after
 * SIGKILL, which leaves PostgreSQL running) keeps the data, and the run mode has fsync and synchronous commit on.
 */
class HubRestartIT {

    @TempDir
    Path work;

    @Test
    void restartOnTheSameDataDirKeepsInstancesAndCredentials() throws Exception {
        Path dataDir = work.resolve("data");
        int port = HubProcess.freePort();
        String token;
        long instanceId;
        String auth;
        try (HubProcess hub = HubProcess.start(dataDir, port, Map.of())) {
            Duration firstStart = hub.awaitReady(Duration.ofSeconds(120));
            System.out.printf("[figures] first start to ready (initdb included): %d ms%n", firstStart.toMillis());

            Path credentials = dataDir.resolve("credentials.json");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
            JsonNode written = new ObjectMapper().readTree(credentials.toFile());
            assertNotNull(written.path("adminKey").textValue(), "a generated admin key is written");
            assertTrue(hub.log().contains(written.path("user").path("secret").textValue()),
                    "the generated secrets are printed once in the log");
            auth = "User " + written.path("user").path("secret").textValue() + ", Organization "
                    + written.path("organization").path("secret").textValue();
            assertDurable(hub.databasePort());

            Map<String, Object> created = given().header("Authorization", auth).contentType(ContentType.JSON)
                    .body("""
                            {"element": {"key": "twilio"}, "name": "kept",
                             "configuration": {"twilio.account.sid": "AC1", "twilio.auth.token": "secret-token"}}""")
                    .post(hub.url("/elements/api-v2/instances")).then().statusCode(200).extract().as(Map.class);
            token = (String) created.get("token");
            instanceId = ((Number) created.get("id")).longValue();
            hub.stop();
        }

        try (HubProcess hub = HubProcess.start(dataDir, port, Map.of())) {
            Duration restart = hub.awaitReady(Duration.ofSeconds(120));
            System.out.printf("[figures] restart to ready: %d ms%n", restart.toMillis());
            given().header("Authorization", auth).get(hub.url("/elements/api-v2/instances/" + instanceId))
                    .then().statusCode(200).body("name", equalTo("kept")).body("token", equalTo(token));
            given().auth().oauth2(new ObjectMapper().readTree(dataDir.resolve("credentials.json").toFile())
                    .path("adminKey").textValue())
                    .get(hub.url("/admin/organizations")).then().statusCode(200).body("size()", equalTo(1));
            hub.kill();
        }

        // After SIGKILL the old PostgreSQL still runs on the data dir; start-up must stop it and go on.
        try (HubProcess hub = HubProcess.start(dataDir, port, Map.of())) {
            Duration afterKill = hub.awaitReady(Duration.ofSeconds(120));
            System.out.printf("[figures] start to ready after SIGKILL: %d ms%n", afterKill.toMillis());
            given().header("Authorization", auth).get(hub.url("/elements/api-v2/instances/" + instanceId))
                    .then().statusCode(200).body("name", equalTo("kept"));
            hub.stop();
        }
    }

    private static void assertDurable(int databasePort) throws Exception {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + databasePort + "/postgres?user=postgres")) {
            assertEquals("on", setting(connection, "fsync"));
            assertEquals("on", setting(connection, "synchronous_commit"));
        }
    }

    private static String setting(Connection connection, String name) throws Exception {
        try (ResultSet rs = connection.createStatement().executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
