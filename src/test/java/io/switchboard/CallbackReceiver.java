package io.switchboard;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * The apps receiving callbacks, played by a WireMock server on a dynamic port; one path per test. A test gets it
 * in a field annotated {@link InjectCallbackReceiver}, from {@link CallbackReceiverResource}.
 */
public final class CallbackReceiver {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final WireMockServer server;

    CallbackReceiver(WireMockServer server) {
        this.server = server;
    }

    public WireMockServer server() {
        return server;
    }

    /** A fresh callback path answering 200. */
    public String newCallback() {
        String path = "/callback/" + UUID.randomUUID();
        server.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        return path;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public List<LoggedRequest> received(String path) {
        return server.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    public static JsonNode json(LoggedRequest request) {
        try {
            return MAPPER.readTree(request.getBody());
        } catch (java.io.IOException e) {
            throw new AssertionError("callback body is not JSON: " + request.getBodyAsString(), e);
        }
    }
}
