package io.switchboard.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.switchboard.element.ElementCatalog;
import io.switchboard.element.ElementDescriptor;
import io.switchboard.element.InboundWebhook;
import io.switchboard.element.rule.InvalidRuleException;
import io.switchboard.element.signature.Verification;
import io.switchboard.element.signature.WebhookSignatures;
import io.switchboard.event.BodyException;
import io.switchboard.event.BodyParser;
import io.switchboard.event.Normalized;
import io.switchboard.event.Normalizer;
import io.switchboard.event.ParsedBody;
import io.switchboard.event.ReceiptStore;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.trace.TraceContext;

/**
 * The checks of a vendor webhook, before anything is read or written: each target instance enabled, the element's
 * signature, the body parsed and normalized. {@link WebhookIngest} acts on what they decide, on a worker or, when
 * nothing blocks, on the event loop.
 */
@ApplicationScoped
class WebhookChecks {

    @Inject ElementCatalog catalog;
    @Inject WebhookSignatures signatures;
    @Inject Clock clock;

    /**
     * What to do for one target instance, decided without a database or the network: answer at once, tell the
     * {@link Ignored} observers, log a rejection, or store an accepted receipt.
     */
    sealed interface Step {
    }

    record Answer(WebhookIngest.Result result) implements Step {
    }

    record Ignore(InstanceSettings instance) implements Step {
    }

    record Reject(InstanceSettings instance, WebhookOutcome outcome, ReceiptStore.Incoming incoming,
            String reason) implements Step {
    }

    /** An accepted receipt: what the vendor sent, as the element's rules normalize it. */
    record Accepted(InstanceSettings instance, Normalized normalized, ReceiptStore.Incoming incoming)
            implements Step {
    }

    /** The body parsed, or why it cannot be. */
    record Body(ParsedBody parsed, BodyException unreadable) {
    }

    static Body parse(InboundWebhook inbound) {
        try {
            return new Body(BodyParser.parse(inbound), null);
        } catch (BodyException e) {
            return new Body(null, e);
        }
    }

    /** What to do for each target: checks, signature, normalization; reads and writes nothing. */
    List<Step> steps(List<InstanceSettings> targets, InboundWebhook inbound, Body body) {
        ParsedBody parsed = body.parsed();
        BodyException unreadable = body.unreadable();
        List<Step> steps = new ArrayList<>(targets.size());
        for (InstanceSettings instance : targets) {
            if (instance.disabled()) {
                steps.add(new Answer(WebhookIngest.Result.refused(instance.id(), WebhookOutcome.DISABLED, null,
                        "instance " + instance.id() + " is disabled and takes no webhooks")));
                continue;
            }
            if (!instance.eventsEnabled()) {
                steps.add(new Ignore(instance));
                continue;
            }
            ElementDescriptor element = catalog.get(instance.organizationId(), instance.elementKey());
            ReceiptStore.Incoming incoming = incoming(instance, inbound, parsed);
            Verification verification = signatures.verify(element, instance.configuration(), inbound, clock);
            if (verification.rejected()) {
                steps.add(new Reject(instance, WebhookOutcome.SIGNATURE_REJECTED, incoming,
                        "signature check failed: " + verification.failure().orElse("invalid signature")));
                continue;
            }
            if (unreadable != null) {
                steps.add(new Reject(instance, WebhookOutcome.of(unreadable.kind()), incoming,
                        unreadable.getMessage()));
                continue;
            }
            try {
                steps.add(new Accepted(instance,
                        Normalizer.normalize(element, instance.configuration(), inbound, parsed), incoming));
            } catch (InvalidRuleException e) {
                steps.add(new Reject(instance, WebhookOutcome.NOT_NORMALIZED, incoming,
                        "the element's normalization rules are invalid: " + e.getMessage()));
            }
        }
        return steps;
    }

    /** Whether the webhook's signature holds for the instance (an ignored webhook's observers need it to). */
    boolean signatureHolds(InstanceSettings instance, InboundWebhook inbound) {
        ElementDescriptor element = catalog.get(instance.organizationId(), instance.elementKey());
        return !signatures.verify(element, instance.configuration(), inbound, clock).rejected();
    }

    private ReceiptStore.Incoming incoming(InstanceSettings instance, InboundWebhook inbound, ParsedBody parsed) {
        String kind = parsed == null ? "text" : switch (parsed.format()) {
            case JSON -> "json";
            case FORM -> "form";
            case XML -> "xml";
        };
        String contentType = inbound.header("Content-Type").orElse(null);
        return new ReceiptStore.Incoming(instance, "webhook", contentType, kind,
                new String(inbound.body(), StandardCharsets.UTF_8), Optional.empty(), inbound.receivedAt(), null,
                TraceContext.forRequest(inbound.header("traceparent").orElse(null),
                        inbound.header("tracestate").orElse(null)));
    }
}
