package io.switchboard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/** A WireMock server on a dynamic port that plays the apps receiving callbacks; one path per test. */
public final class CallbackReceiver {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static WireMockServer server;

    private CallbackReceiver() {
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = LocalServers.start(options().asynchronousResponseEnabled(true).containerThreads(64));
        }
        return server;
    }

    /** A fresh callback path answering 200. */
    public static String newCallback() {
        String path = "/callback/" + UUID.randomUUID();
        server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        return path;
    }

    public static String url(String path) {
        return "http://127.0.0.1:" + server().port() + path;
    }

    public static List<LoggedRequest> received(String path) {
        return server().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(path)));
    }

    public static JsonNode json(LoggedRequest request) {
        try {
            return MAPPER.readTree(request.getBody());
        } catch (java.io.IOException e) {
            throw new AssertionError("callback body is not JSON: " + request.getBodyAsString(), e);
        }
    }
}
