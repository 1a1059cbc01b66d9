package io.switchboard.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.error.HubError;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.instance.Instances;

/**
 * Sending a message through a twilio instance (API.md §9): synchronously, with a few quick retries of 429s, 5xx
 * and lost connections, or accepted for the background ({@link MessageWorker}) with {@code Prefer: respond-async}.
 */
@ApplicationScoped
public class Messaging {

    private static final Logger LOG = Logger.getLogger(Messaging.class);
    static final String ELEMENT = "twilio";

    @Inject Instances instances;
    @Inject TwilioClient twilio;
    @Inject MessageStore store;
    @Inject MessageWorker worker;
    @Inject MessagingConfig config;
    @Inject Clock clock;

    /** The caller's twilio instance; another organization's is a 404, as if it did not exist. */
    public InstanceSettings instance(long organizationId, long instanceId) {
        InstanceSettings instance = instances.settings(instanceId)
                .filter(i -> i.organizationId() == organizationId)
                .orElseThrow(() -> HubError.notFound("no instance has id " + instanceId));
        if (!ELEMENT.equals(instance.elementKey())) {
            throw HubError.invalidField("Element-Instances", "names instance " + instanceId + " of element '"
                    + instance.elementKey() + "'; messages are sent through a twilio instance");
        }
        if (instance.disabled()) {
            throw HubError.forbidden("instance " + instanceId + " is disabled; enable it with PUT /instances/"
                    + instanceId + "/enabled to send messages");
        }
        return instance;
    }

    public OutboundMessage validate(InstanceSettings instance, MessageRequest request) {
        if (request == null) {
            throw HubError.invalid("the request body is required: {\"to\": \"+14155550100\", \"message\": \"…\"}");
        }
        return MessageValidator.validate(request, instance, clock);
    }

    /** Sends now; a failure is thrown as the problem of §9. */
    public SentMessage send(InstanceSettings instance, OutboundMessage message) {
        List<Duration> schedule = config.syncRetrySchedule();
        TwilioAnswer answer;
        int attempt = 0;
        while (true) {
            answer = twilio.send(instance, message);
            attempt++;
            if (!answer.retryable() || attempt > schedule.size()) {
                break;
            }
            Duration delay = schedule.get(attempt - 1);
            if (answer.retryAfter().isPresent()) {
                Duration left = schedule.subList(attempt - 1, schedule.size()).stream()
                        .reduce(Duration.ZERO, Duration::plus);
                if (answer.retryAfter().get().compareTo(left) > 0) {
                    break; // Twilio asks for longer than a caller should wait
                }
                delay = answer.retryAfter().get().compareTo(delay) > 0 ? answer.retryAfter().get() : delay;
            }
            sleep(delay);
        }
        if (!answer.sent()) {
            throw answer.problem(attempt);
        }
        JsonNode body = answer.body();
        int status0 = answer.status();
        String sid = text(body, "sid").orElseThrow(() -> new HubError(HubError.Kind.UPSTREAM_FAILED,
                "Twilio answered " + status0 + " without a message sid; the message may have been sent"));
        String status = text(body, "status").orElse("queued");
        Instant dateCreated = dateCreated(body, clock);
        try {
            store.insertSent(instance.organizationId(), instance.id(), message, sid, status, dateCreated);
        } catch (RuntimeException e) {
            // Twilio has the message: the app must hear so, even if the hub cannot keep it for GET.
            LOG.warnf(e, "Message %s was sent but could not be stored", sid);
        }
        return new SentMessage(sid, status, text(body, "to").orElse(message.to()),
                text(body, "from").orElse(message.from()), message.text(), message.mediaUrls(),
                message.numSegments(), dateCreated);
    }

    /** Stores the message for the background sender; returns its {@code msg_…} id. */
    public String accept(InstanceSettings instance, OutboundMessage message) {
        String id = store.insertAccepted(instance.organizationId(), instance.id(), message);
        worker.wake();
        return id;
    }

    public MessageView get(InstanceSettings instance, String id) {
        return store.find(instance.organizationId(), instance.id(), id)
                .orElseThrow(() -> HubError.notFound("instance " + instance.id() + " has no message " + id));
    }

    static Optional<String> text(JsonNode body, String field) {
        return body == null || !body.path(field).isTextual() ? Optional.empty()
                : Optional.of(body.path(field).asText());
    }

    /** Twilio writes dates in RFC 1123 form ({@code Thu, 30 Jul 2015 20:12:31 +0000}). */
    static Instant dateCreated(JsonNode body, Clock clock) {
        Optional<String> date = text(body, "date_created");
        if (date.isPresent()) {
            try {
                return ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(date.get());
                } catch (DateTimeParseException ignored) {
                    // fall through to now
                }
            }
        }
        return clock.instant();
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubError(HubError.Kind.UNAVAILABLE, "the hub is shutting down; the message was not sent");
        }
    }
}
