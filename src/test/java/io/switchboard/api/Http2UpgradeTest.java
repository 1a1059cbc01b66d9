package io.switchboard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.TestTenant;

/** A client offering the h2c upgrade on a POST with a body (the JDK default) is served over HTTP/1.1. */
@QuarkusTest
class Http2UpgradeTest {

    @TestHTTPResource("/")
    URI root;

    @Test
    void postWithH2cUpgradeOfferIsServed() throws Exception {
        TestTenant tenant = TestTenant.create();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(root.resolve(
                TestTenant.BASE.substring(1) + "/instances"))
                .header("Authorization", tenant.authorization())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"element\": {\"key\": \"stripe\"}, \"name\": \"h2c\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
    }
}
