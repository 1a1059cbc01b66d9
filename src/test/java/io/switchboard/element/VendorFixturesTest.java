package io.switchboard.element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.element.signature.Verification;
import io.switchboard.event.BodyException;
import io.switchboard.event.BodyParser;
import io.switchboard.event.Event;
import io.switchboard.event.Fixtures;
import io.switchboard.element.InboundWebhook;
import io.switchboard.event.Normalized;
import io.switchboard.event.Normalizer;

/**
 * Every vendor's webhooks as data: each {@code vendors/<element>/<case>.request.json} is a request as the vendor
 * sends it, and {@code <case>.events.json} beside it what the hub must make of it. The element is the built-in of
 * that name, loaded as the catalog loads it; a signed request must pass its element's signature scheme (and fail
 * with one body byte changed). A new vendor whose scheme exists is a descriptor and these files, no Java. The
 * format is in {@code src/test/resources/vendors/README.md}.
 */
class VendorFixturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ElementDescriptor> BUILT_INS = ElementCatalog.loadBuiltIns(JSON,
            Fixtures.SIGNATURES);

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root())) {
            files.filter(f -> f.getFileName().toString().endsWith(".request.json")).sorted().forEach(f -> {
                String name = f.getFileName().toString();
                cases.add(Arguments.of(f.getParent().getFileName() + "/" + name.substring(0,
                        name.length() - ".request.json".length()), f));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theVendorsRequestBecomesTheExpectedEvents(String name, Path requestFile) throws IOException {
        ElementDescriptor element = BUILT_INS.get(requestFile.getParent().getFileName().toString());
        assertNotNull(element, "vendors/" + requestFile.getParent().getFileName() + " names no built-in element");
        JsonNode fixture = JSON.readTree(requestFile.toFile());
        Map<String, String> configuration = strings(fixture.path("configuration"));
        Instant receivedAt = fixture.has("receivedAt") ? Instant.parse(fixture.get("receivedAt").asText())
                : Fixtures.RECEIVED;
        byte[] body = body(requestFile, fixture);
        InboundWebhook request = request(fixture, body, receivedAt);
        Clock clock = Clock.fixed(receivedAt, ZoneOffset.UTC);

        Verification verification = Fixtures.SIGNATURES.verify(element, configuration, request, clock);
        assertFalse(verification.rejected(), () -> name + ": " + verification.failure().orElse(""));
        if (fixture.path("signed").asBoolean(false)) {
            assertTrue(verification.checked(), name + " is signed, so its configuration must hold the secret");
            byte[] tampered = body.clone();
            tampered[tampered.length / 2] ^= 1;
            assertTrue(Fixtures.SIGNATURES.verify(element, configuration, request(fixture, tampered, receivedAt),
                    clock).rejected(), name + ": a changed body must fail the signature");
        }

        Normalized normalized = normalize(element, configuration, request);
        Path expectedFile = requestFile.resolveSibling(requestFile.getFileName().toString()
                .replace(".request.json", ".events.json"));
        assertTrue(Files.exists(expectedFile), "no " + expectedFile.getFileName() + " beside " + name);
        JsonNode expected = JSON.readTree(expectedFile.toFile());

        JsonNode deliveryId = expected.path("deliveryId");
        assertEquals(deliveryId.isTextual() ? Optional.of(deliveryId.asText()) : Optional.empty(),
                normalized.vendorDeliveryId(), name + ": deliveryId");
        if (expected.has("raw")) {
            assertContains(expected.get("raw"), normalized.raw(), name + ": raw");
        }
        JsonNode events = expected.path("events");
        assertEquals(events.size(), normalized.events().size(), name + ": number of events");
        for (int i = 0; i < events.size(); i++) {
            JsonNode want = events.get(i);
            Event got = normalized.events().get(i);
            String where = name + ": events[" + i + "].";
            assertEquals(want.path("elementKey").asText(), got.elementKey(), where + "elementKey");
            assertEquals(want.path("eventType").asText(), got.eventType().name(), where + "eventType");
            assertEquals(want.path("objectType").asText(), got.objectType(), where + "objectType");
            assertEquals(want.path("objectId").isNull() || want.path("objectId").isMissingNode() ? null
                    : want.path("objectId").asText(), got.objectId(), where + "objectId");
            assertEquals(Instant.parse(want.path("date").asText()), got.date(), where + "date");
            if (want.has("object")) {
                assertContains(want.get("object"), got.object(), where + "object");
            }
        }
    }

    @Test
    void everyBuiltInElementThatTakesWebhooksHasFixtures() throws IOException {
        for (ElementDescriptor element : BUILT_INS.values()) {
            if (element.events().webhook()) {
                Path folder = root().resolve(element.key());
                assertTrue(Files.isDirectory(folder), "vendors/" + element.key() + "/ is missing");
                try (Stream<Path> files = Files.list(folder)) {
                    assertTrue(files.anyMatch(f -> f.toString().endsWith(".request.json")),
                            "vendors/" + element.key() + "/ has no request");
                }
            }
        }
    }

    /** Every field of {@code expected} is in {@code actual} with that value; arrays are compared whole. */
    private static void assertContains(JsonNode expected, JsonNode actual, String where) {
        if (expected.isObject()) {
            assertTrue(actual != null && actual.isObject(), where + " is not an object: " + actual);
            for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                assertContains(field.getValue(), actual.get(field.getKey()), where + "." + field.getKey());
            }
        } else {
            assertEquals(expected, actual, where);
        }
    }

    private static Normalized normalize(ElementDescriptor element, Map<String, String> configuration,
            InboundWebhook request) {
        try {
            return Normalizer.normalize(element, configuration, request, BodyParser.parse(request));
        } catch (BodyException e) {
            return fail("the fixture's body does not parse: " + e.getMessage(), e);
        }
    }

    private static InboundWebhook request(JsonNode fixture, byte[] body, Instant receivedAt) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        fixture.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), List.of(h.getValue()
                .asText())));
        return InboundWebhook.of(fixture.path("method").asText("POST"), fixture.path("url")
                .asText("https://hub.example/events/vendor/7"), headers, body, receivedAt);
    }

    /** {@code bodyText} as it is, {@code body} as compact JSON, or {@code bodyFile}, with {@code patch} applied. */
    private static byte[] body(Path requestFile, JsonNode fixture) throws IOException {
        byte[] body;
        if (fixture.has("bodyText")) {
            body = fixture.get("bodyText").asText().getBytes(StandardCharsets.UTF_8);
        } else if (fixture.has("body")) {
            body = JSON.writeValueAsBytes(fixture.get("body"));
        } else if (fixture.has("bodyFile")) {
            body = Files.readAllBytes(requestFile.resolveSibling(fixture.get("bodyFile").asText()));
        } else {
            body = new byte[0];
        }
        if (fixture.has("patch")) {
            ObjectNode patched = (ObjectNode) JSON.readTree(body);
            fixture.get("patch").fields().forEachRemaining(f -> patched.set(f.getKey(), f.getValue()));
            body = JSON.writeValueAsBytes(patched);
        }
        return body;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().asText()));
        return values;
    }

    private static Path root() {
        URL url = VendorFixturesTest.class.getClassLoader().getResource("vendors");
        assertNotNull(url, "no test resource folder vendors/");
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
