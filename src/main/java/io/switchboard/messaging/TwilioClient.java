package io.switchboard.messaging;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.trace.SpanKind;
import io.switchboard.api.Api;
import io.switchboard.api.PublicUrl;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.outbound.OutboundClient;
import io.switchboard.outbound.OutboundFailure;
import io.switchboard.outbound.ResolvedTarget;
import io.switchboard.outbound.RetryAfter;
import io.switchboard.outbound.TargetGuard;
import io.switchboard.outbound.TargetRefusedException;
import io.switchboard.trace.Spans;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * One call to Twilio's Messages API for an instance: {@code POST {twilio.base.url}/2010-04-01/Accounts/{sid}/
 * Messages.json}, form-encoded, HTTP Basic with the API key ({@code twilio.api.key.sid}/{@code .secret}) when the
 * instance has one, else the account SID and auth token; {@code StatusCallback} is the instance's webhook URL.
 * The URL passes the address guard before every call, and the call connects to the addresses the guard checked
 * (the {@link OutboundClient}), so a name that resolves elsewhere a moment later cannot redirect it. Retrying is the
 * caller's business.
 */
@ApplicationScoped
public class TwilioClient {

    public static final String BASE_URL = "twilio.base.url";
    public static final String DEFAULT_BASE_URL = "https://api.twilio.com";
    static final String ACCOUNT_SID = "twilio.account.sid";
    static final String AUTH_TOKEN = "twilio.auth.token";
    static final String API_KEY_SID = "twilio.api.key.sid";
    static final String API_KEY_SECRET = "twilio.api.key.secret";

    /** Twilio's answers are small JSON documents; anything longer is not one. */
    private static final long MAX_ANSWER = 1024 * 1024;

    @Inject TargetGuard guard;
    @Inject PublicUrl publicUrl;
    @Inject ObjectMapper mapper;
    @Inject Clock clock;
    @Inject Spans spans;
    private final MessagingConfig config;
    private final OutboundClient client;

    public TwilioClient(MessagingConfig config, Vertx vertx) {
        this.config = config;
        this.client = new OutboundClient(vertx, new OutboundClient.Options(config.timeout(), 16, false, MAX_ANSWER,
                OutboundClient.BodyMode.WHOLE));
    }

    /** Blocks for at most {@code switchboard.messaging.timeout} (plus DNS); never on an event loop. */
    public TwilioAnswer send(InstanceSettings instance, OutboundMessage message) {
        return spans.in("twilio send", SpanKind.CLIENT, () -> call(instance, message));
    }

    private TwilioAnswer call(InstanceSettings instance, OutboundMessage message) {
        String baseUrl = instance.get(BASE_URL).orElse(DEFAULT_BASE_URL).trim();
        String accountSid = instance.get(ACCOUNT_SID).orElse("");
        ResolvedTarget target;
        try {
            // The guard checks the URL the call is made to, and the call connects to the addresses it checked.
            target = guard.resolve(BASE_URL, messagesUrl(baseUrl, accountSid));
        } catch (TargetRefusedException e) {
            return TwilioAnswer.refusedLocally(e.getMessage());
        } catch (UnknownHostException e) {
            return TwilioAnswer.unreachable("the Twilio host does not resolve: " + e.getMessage());
        }
        Map<String, String> headers = Map.of("Authorization", authorization(instance),
                "Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json");
        OutboundClient.Answer answer;
        try {
            answer = client.send(OutboundClient.Request.to(HttpMethod.POST, target, headers,
                    Buffer.buffer(form(instance, message)), config.timeout())).join();
        } catch (CompletionException e) {
            OutboundFailure failure = e.getCause() instanceof OutboundFailure f ? f
                    : new OutboundFailure(OutboundFailure.Kind.SEND, String.valueOf(e.getCause()), e.getCause());
            return switch (failure.kind()) {
                case TOO_LARGE, CUT_SHORT -> TwilioAnswer.unreachable("the answer from Twilio could not be read: "
                        + failure.getMessage());
                case TIMEOUT -> TwilioAnswer.unreachable("could not reach Twilio at " + baseUrl + ": no answer within "
                        + config.timeout().toMillis() + " ms");
                default -> TwilioAnswer.unreachable("could not reach Twilio at " + baseUrl + ": "
                        + failure.getMessage());
            };
        }
        return TwilioAnswer.of(answer.status(), readJson(answer.body()),
                RetryAfter.parse(answer.header("Retry-After").orElse(null), clock));
    }

    /** {@code {base}/2010-04-01/Accounts/{sid}/Messages.json}, the base's own path kept. */
    static String messagesUrl(String baseUrl, String accountSid) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/2010-04-01/Accounts/" + pathSegment(accountSid) + "/Messages.json";
    }

    String statusCallback(InstanceSettings instance) {
        return publicUrl.of(Api.BASE + "/events/twilio/" + instance.id());
    }

    private String form(InstanceSettings instance, OutboundMessage message) {
        StringBuilder form = new StringBuilder();
        field(form, "To", message.to());
        field(form, "From", message.from());
        if (message.text() != null) {
            field(form, "Body", message.text());
        }
        message.mediaUrls().forEach(url -> field(form, "MediaUrl", url));
        field(form, "StatusCallback", statusCallback(instance));
        return form.toString();
    }

    private static void field(StringBuilder form, String name, String value) {
        if (form.length() > 0) {
            form.append('&');
        }
        form.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** RFC 3986 percent-encoding of one path segment: only unreserved characters stay as they are. */
    private static String pathSegment(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    private static String authorization(InstanceSettings instance) {
        Optional<String> keySid = instance.get(API_KEY_SID);
        Optional<String> keySecret = instance.get(API_KEY_SECRET);
        String user;
        String password;
        if (keySid.isPresent() && keySecret.isPresent()) {
            user = keySid.get();
            password = keySecret.get();
        } else {
            user = instance.get(ACCOUNT_SID).orElse("");
            password = instance.get(AUTH_TOKEN).orElse("");
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode readJson(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (IOException notJson) {
            return null; // e.g. an HTML error page of a proxy: the status alone decides
        }
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
