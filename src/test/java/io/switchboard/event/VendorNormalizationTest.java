package io.switchboard.event;

import static io.switchboard.event.Fixtures.fixture;
import static io.switchboard.event.Fixtures.normalize;
import static io.switchboard.event.Fixtures.post;
import static io.switchboard.event.Fixtures.withField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.switchboard.element.ElementDescriptor;

/** The built-in vendor elements against their vendors' documented payloads. */
class VendorNormalizationTest {

    private static Event only(Normalized normalized) {
        assertEquals(1, normalized.events().size(), "events");
        return normalized.events().get(0);
    }

    @Nested
    class Stripe {

        private final ElementDescriptor stripe = Fixtures.builtIn("stripe");

        private Normalized receive(byte[] body) {
            return normalize(stripe, Map.of(), post("https://hub.example/events/stripe/7", "application/json", body));
        }

        @Test
        void customerCreated() {
            Normalized normalized = receive(fixture("stripe/customer.created.json"));

            Event event = only(normalized);
            assertEquals("stripe", event.elementKey());
            assertEquals("customer", event.objectType());
            assertEquals(EventType.CREATED, event.eventType());
            assertEquals("cus_NffrFeUfNV2Hib", event.objectId());
            assertEquals(Instant.parse("2023-03-29T04:27:08Z"), event.date());
            assertEquals("jennyrosen@example.com", event.object().get("email").asText(), "the object is data.object");
            assertEquals(Optional.of("evt_1NG8Du2eZvKYlo2CqvYQWJ7n"), normalized.vendorDeliveryId());
            assertEquals("event", normalized.raw().get("object").asText());
        }

        @ParameterizedTest
        @CsvSource({"customer.updated, customer, UPDATED", "customer.deleted, customer, DELETED",
                "invoice.payment_succeeded, invoice, UNKNOWN", "charge.refund.updated, charge.refund, UPDATED",
                "customer.subscription.deleted, customer.subscription, DELETED", "ping, ping, UNKNOWN"})
        void theTypeBeforeTheLastDotIsTheObjectTypeAndTheLastSegmentTheEventType(String type, String objectType,
                EventType eventType) {
            Event event = only(receive(withField(fixture("stripe/customer.created.json"), "type", type)));

            assertEquals(objectType, event.objectType());
            assertEquals(eventType, event.eventType());
        }

        @Test
        void customerSubscriptionCreatedKeepsStripesNamespace() {
            Event event = only(receive(fixture("stripe/customer.subscription.created.json")));

            assertEquals("customer.subscription", event.objectType());
            assertEquals(EventType.CREATED, event.eventType());
            assertEquals("sub_1MowQVLkdIwHu7ixeRlqHVzs", event.objectId());
            assertEquals("active", event.object().get("status").asText());
        }

        @Test
        void invoicePaymentSucceededIsAnUnknownChangeOfAnInvoice() {
            Event event = only(receive(fixture("stripe/invoice.payment_succeeded.json")));

            assertEquals("invoice", event.objectType());
            assertEquals(EventType.UNKNOWN, event.eventType());
            assertEquals("in_1MtHbELkdIwHu7ixl4OzzPMv", event.objectId());
        }

        @Test
        void theDocumentedExampleEvent() {
            Event event = only(receive(fixture("stripe/setup_intent.created.json")));

            assertEquals("setup_intent", event.objectType());
            assertEquals(EventType.CREATED, event.eventType());
            assertEquals("seti_1NG8Du2eZvKYlo2C9XMqbR0x", event.objectId());
            assertEquals(Instant.ofEpochSecond(1686089970), event.date());
        }
    }

    @Nested
    class GitHub {

        private final ElementDescriptor github = Fixtures.builtIn("github");

        private Normalized receive(String event, byte[] body) {
            return normalize(github, Map.of(), post("https://hub.example/events/github/7", "application/json", body,
                    "X-GitHub-Event", event, "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"));
        }

        @Test
        void issueOpened() {
            Normalized normalized = receive("issues", fixture("github/issues.opened.json"));

            Event event = only(normalized);
            assertEquals("issues", event.objectType());
            assertEquals(EventType.CREATED, event.eventType());
            assertEquals("444500041", event.objectId());
            assertEquals("Spelling error in the README file", event.object().get("title").asText());
            assertEquals(Instant.parse("2019-05-15T15:20:18Z"), event.date());
            assertEquals(Optional.of("72d3162e-cc78-11e3-81ab-4c9367dc0958"), normalized.vendorDeliveryId());
        }

        @Test
        void aCommentIsTheMainObjectOfAnIssueCommentEvent() {
            Event event = only(receive("issue_comment", fixture("github/issue_comment.created.json")));

            assertEquals("issue_comment", event.objectType());
            assertEquals(EventType.CREATED, event.eventType());
            assertEquals("492700400", event.objectId());
        }

        @ParameterizedTest
        @CsvSource({"edited, UPDATED", "closed, UPDATED", "labeled, UPDATED", "deleted, DELETED",
                "created, CREATED", "some_future_action, UNKNOWN"})
        void actionsMapToEventTypes(String action, EventType eventType) {
            Event event = only(receive("issues", withField(fixture("github/issues.opened.json"), "action", action)));

            assertEquals(eventType, event.eventType());
            assertEquals("444500041", event.objectId(), "a label on the issue is not the main object");
        }

        @Test
        void anEventWithoutActionOrKnownObjectFallsBackToTheRepository() {
            Event event = only(receive("star_like_event",
                    "{\"repository\": {\"id\": 186853002}, \"sender\": {\"id\": 1}}".getBytes()));

            assertEquals("star_like_event", event.objectType());
            assertEquals(EventType.UNKNOWN, event.eventType());
            assertEquals("186853002", event.objectId());
        }
    }

    @Nested
    class Shopify {

        private final ElementDescriptor shopify = Fixtures.builtIn("shopify");

        @Test
        void orderCreated() {
            Normalized normalized = normalize(shopify, Map.of(), post("https://hub.example/events/shopify/7",
                    "application/json", fixture("shopify/orders.create.json"),
                    "X-Shopify-Topic", "orders/create", "X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
                    "X-Shopify-Triggered-At", "2023-03-29T18:00:27.877041743Z"));

            Event event = only(normalized);
            assertEquals("orders", event.objectType());
            assertEquals(EventType.CREATED, event.eventType());
            assertEquals("820982911946154508", event.objectId());
            assertEquals(Instant.parse("2023-03-29T18:00:27.877041743Z"), event.date());
            assertEquals(Optional.of("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"), normalized.vendorDeliveryId());
        }

        @ParameterizedTest
        @CsvSource({"orders/updated, orders, UPDATED", "products/update, products, UPDATED",
                "products/delete, products, DELETED", "orders/paid, orders, UNKNOWN",
                "app/uninstalled, app, UNKNOWN"})
        void topicsWithShopifysNewerHeaderNames(String topic, String objectType, EventType eventType) {
            Normalized normalized = normalize(shopify, Map.of(), post("https://hub.example/events/shopify/7",
                    "application/json", fixture("shopify/orders.create.json"),
                    "Shopify-Topic", topic, "Shopify-Webhook-Id", "w-2"));

            Event event = only(normalized);
            assertEquals(objectType, event.objectType());
            assertEquals(eventType, event.eventType());
            assertEquals(Instant.parse("2022-01-01T00:00:00Z"), event.date(), "updated_at when no trigger time");
            assertEquals(Optional.of("w-2"), normalized.vendorDeliveryId());
        }
    }

    @Nested
    class HubSpot {

        private final ElementDescriptor hubspot = Fixtures.builtIn("hubspot");

        @Test
        void aBatchBecomesOneEventPerSubscriptionEvent() {
            Normalized normalized = normalize(hubspot, Map.of(), post("https://hub.example/events/hubspot/7",
                    "application/json", fixture("hubspot/events.json")));

            List<Event> events = normalized.events();
            assertEquals(List.of("contact", "contact", "company"), events.stream().map(Event::objectType).toList());
            assertEquals(List.of(EventType.UPDATED, EventType.CREATED, EventType.DELETED),
                    events.stream().map(Event::eventType).toList());
            assertEquals(List.of("1246965", "1246978", "5340311"), events.stream().map(Event::objectId).toList());
            assertEquals(Instant.ofEpochMilli(1462216307945L), events.get(0).date());
            assertEquals("lifecyclestage", events.get(0).object().get("propertyName").asText());
            assertEquals(Optional.of("3816279340,3816279480,3816279555"), normalized.vendorDeliveryId());
        }

        @Test
        void genericObjectEventsTakeTheirTypeFromObjectTypeId() {
            Event event = only(normalize(hubspot, Map.of(), post("https://hub.example/events/hubspot/7",
                    "application/json", ("[{\"eventId\": 1, \"objectId\": 99, \"objectTypeId\": \"0-3\","
                            + " \"subscriptionType\": \"object.creation\", \"occurredAt\": 1700000000000}]")
                            .getBytes())));

            assertEquals("deal", event.objectType());
            assertEquals(EventType.CREATED, event.eventType());
        }
    }

    @Nested
    class Twilio {

        private final ElementDescriptor twilio = Fixtures.builtIn("twilio");

        private Normalized receive(String fixture) {
            return normalize(twilio, Map.of(), post("https://hub.example/events/twilio/7",
                    "application/x-www-form-urlencoded", fixture("twilio/" + fixture)));
        }

        @Test
        void aStatusCallbackUpdatesTheMessage() {
            Normalized normalized = receive("status-callback.form");

            Event event = only(normalized);
            assertEquals("messages", event.objectType());
            assertEquals(EventType.UPDATED, event.eventType());
            assertEquals("SM5f6d2c8b4f3a4a9e9d1c2b3a4f5e6d7c", event.objectId());
            assertEquals(Optional.of("SM5f6d2c8b4f3a4a9e9d1c2b3a4f5e6d7c:delivered"), normalized.vendorDeliveryId());
            assertEquals("+15558675310", normalized.raw().get("To").asText(), "raw is an object of strings");
        }

        @Test
        void anIncomingMessageCreatesOne() {
            Normalized normalized = receive("incoming-message.form");

            Event event = only(normalized);
            assertEquals(EventType.CREATED, event.eventType());
            assertEquals("SM9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d", event.objectId());
            assertEquals("Hello from 📱 Ahoy!", event.object().get("Body").asText());
            assertEquals(Optional.of("SM9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d:received"), normalized.vendorDeliveryId());
        }

        @Test
        void aMessageWithABodyButNoStatusIsIncoming() {
            Event event = only(normalize(twilio, Map.of(), post("https://hub.example/events/twilio/7",
                    "application/x-www-form-urlencoded", "MessageSid=SM1&Body=hi".getBytes())));

            assertEquals(EventType.CREATED, event.eventType());
        }

        @Test
        void eachStatusOfAMessageIsADistinctDelivery() {
            byte[] sent = "MessageSid=SM1&MessageStatus=sent&SmsStatus=sent".getBytes();
            byte[] delivered = "MessageSid=SM1&MessageStatus=delivered&SmsStatus=delivered".getBytes();

            Optional<String> first = normalize(twilio, Map.of(), post("https://hub.example/events/twilio/7",
                    "application/x-www-form-urlencoded", sent)).vendorDeliveryId();
            Optional<String> second = normalize(twilio, Map.of(), post("https://hub.example/events/twilio/7",
                    "application/x-www-form-urlencoded", delivered)).vendorDeliveryId();

            assertEquals(Optional.of("SM1:sent"), first);
            assertEquals(Optional.of("SM1:delivered"), second);
            assertTrue(!first.equals(second));
        }
    }
}
