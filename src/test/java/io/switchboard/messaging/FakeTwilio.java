package io.switchboard.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;


/**
 * Twilio's Messages API played by WireMock on a dynamic port bound to 127.0.0.1, injected by
 * {@link FakeTwilioResource}. Each test uses its own account SID, so its stubs and the requests it sees are its own.
 */
final class FakeTwilio {

    private final WireMockServer server;

    FakeTwilio(WireMockServer server) {
        this.server = server;
    }

    WireMockServer server() {
        return server;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    static String newAccountSid() {
        return "AC" + UUID.randomUUID().toString().replace("-", "");
    }

    static String path(String accountSid) {
        return "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
    }

    static String newSid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    static ResponseDefinitionBuilder created(String sid, String to, String from) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                {"sid": "%s", "status": "queued", "to": "%s", "from": "%s", "body": "ignored",
                 "num_segments": "1", "date_created": "Sun, 22 Nov 2026 10:15:30 +0000",
                 "api_version": "2010-04-01", "error_code": null, "error_message": null}"""
                .formatted(sid, to, from));
    }

    static ResponseDefinitionBuilder error(int status, int code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"code": %d, "message": "%s", "more_info": "https://www.twilio.com/docs/errors/%d", "status": %d}"""
                .formatted(code, message, code, status));
    }

    void answer(String accountSid, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(path(accountSid))).willReturn(response));
    }

    /** Answers in turn with each response; the last one stays. */
    void answerInTurn(String accountSid, List<ResponseDefinitionBuilder> responses) {
        String scenario = "turns-" + accountSid;
        for (int i = 0; i < responses.size(); i++) {
            String state = i == 0 ? Scenario.STARTED : "turn-" + i;
            var stub = post(urlPathEqualTo(path(accountSid))).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(responses.get(i));
            if (i < responses.size() - 1) {
                stub = stub.willSetStateTo("turn-" + (i + 1));
            }
            server.stubFor(stub);
        }
    }

    List<LoggedRequest> requests(String accountSid) {
        return server.findAll(postRequestedFor(urlPathEqualTo(path(accountSid))));
    }
}
