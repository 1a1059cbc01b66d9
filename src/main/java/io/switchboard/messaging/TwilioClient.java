package io.switchboard.messaging;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.switchboard.trace.Spans;
import io.switchboard.api.Api;
import io.switchboard.api.PublicUrl;
import io.switchboard.outbound.RetryAfter;
import io.switchboard.outbound.TargetGuard;
import io.switchboard.outbound.TargetRefusedException;
import io.switchboard.instance.InstanceSettings;

/**
 * One call to Twilio's Messages API for an instance: {@code POST {twilio.base.url}/2010-04-01/Accounts/{sid}/
 * Messages.json}, form-encoded, HTTP Basic with the API key ({@code twilio.api.key.sid}/{@code .secret}) when the
 * instance has one, else the account SID and auth token; {@code StatusCallback} is the instance's webhook URL.
 * The base URL passes the SSRF guard before every call. Retrying is the caller's business.
 */
@ApplicationScoped
public class TwilioClient {

    public static final String BASE_URL = "twilio.base.url";
    public static final String DEFAULT_BASE_URL = "https://api.twilio.com";
    static final String ACCOUNT_SID = "twilio.account.sid";
    static final String AUTH_TOKEN = "twilio.auth.token";
    static final String API_KEY_SID = "twilio.api.key.sid";
    static final String API_KEY_SECRET = "twilio.api.key.secret";

    private final TargetGuard guard;
    private final PublicUrl publicUrl;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final MessagingConfig config;
    private final Spans spans;
    private final Map<URI, TwilioMessagesApi> clients = new ConcurrentHashMap<>();

    public TwilioClient(TargetGuard guard, PublicUrl publicUrl, ObjectMapper mapper, Clock clock,
            MessagingConfig config, Spans spans) {
        this.spans = spans;
        this.guard = guard;
        this.publicUrl = publicUrl;
        this.mapper = mapper;
        this.clock = clock;
        this.config = config;
    }

    /** Blocks for at most {@code switchboard.messaging.timeout} (plus DNS). */
    public TwilioAnswer send(InstanceSettings instance, OutboundMessage message) {
        return spans.in("twilio send", SpanKind.CLIENT, () -> call(instance, message));
    }

    private TwilioAnswer call(InstanceSettings instance, OutboundMessage message) {
        String baseUrl = instance.get(BASE_URL).orElse(DEFAULT_BASE_URL).trim();
        URI base;
        try {
            base = guard.resolve(BASE_URL, baseUrl).uri();
        } catch (TargetRefusedException e) {
            return TwilioAnswer.refusedLocally(e.getMessage());
        } catch (UnknownHostException e) {
            return TwilioAnswer.unreachable("the Twilio host does not resolve: " + e.getMessage());
        }
        String accountSid = instance.get(ACCOUNT_SID).orElse("");
        Response response;
        try {
            response = client(base).create(accountSid, authorization(instance), form(instance, message));
        } catch (RuntimeException e) {
            return TwilioAnswer.unreachable("could not reach Twilio at " + baseUrl + ": " + reason(e));
        }
        try (response) {
            JsonNode body = readJson(response);
            return TwilioAnswer.of(response.getStatus(), body,
                    RetryAfter.parse(response.getHeaderString("Retry-After"), clock));
        } catch (RuntimeException e) {
            return TwilioAnswer.unreachable("the answer from Twilio could not be read: " + reason(e));
        }
    }

    String statusCallback(InstanceSettings instance) {
        return publicUrl.of(Api.BASE + "/events/twilio/" + instance.id());
    }

    private MultivaluedMap<String, String> form(InstanceSettings instance, OutboundMessage message) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        form.add("To", message.to());
        form.add("From", message.from());
        if (message.text() != null) {
            form.add("Body", message.text());
        }
        message.mediaUrls().forEach(url -> form.add("MediaUrl", url));
        form.add("StatusCallback", statusCallback(instance));
        return form;
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

    private JsonNode readJson(Response response) {
        if (!response.hasEntity()) {
            return null;
        }
        String text = response.readEntity(String.class);
        try {
            return text == null || text.isBlank() ? null : mapper.readTree(text);
        } catch (IOException notJson) {
            return null; // e.g. an HTML error page of a proxy: the status alone decides
        }
    }

    private TwilioMessagesApi client(URI base) {
        return clients.computeIfAbsent(base, uri -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(uri)
                .connectTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .disableDefaultMapper(true)
                .build(TwilioMessagesApi.class));
    }

    private String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root.getClass().getSimpleName().contains("Timeout")) {
            return "no answer within " + config.timeout().toMillis() + " ms";
        }
        return root.getMessage() == null ? "the connection failed" : root.getMessage();
    }

    @PreDestroy
    void close() {
        clients.values().forEach(client -> {
            if (client instanceof Closeable closeable) {
                try {
                    closeable.close();
                } catch (IOException ignored) {
                    // shutting down
                }
            }
        });
    }
}
