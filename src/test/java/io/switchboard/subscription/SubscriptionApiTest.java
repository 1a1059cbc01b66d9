package io.switchboard.subscription;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestTenant;

@QuarkusTest
class SubscriptionApiTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String ATOM = "http://www.w3.org/2005/Atom";
    static TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    /** A generic webhook instance whose objects are customers with an id, an action and fields. */
    static long customersInstance() {
        return customersInstance("");
    }

    static long customersInstance(String extraConfig) {
        Map<String, Object> instance = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "customers-%s",
                 "configuration": {"event.notification.enabled": "true",
                                   "webhook.objects.path": "items",
                                   "webhook.object.type": "customers",
                                   "webhook.event.type.path": "action",
                                   "webhook.event.type.map": "created:CREATED,updated:UPDATED,deleted:DELETED"%s}}"""
                .formatted(UUID.randomUUID(), extraConfig));
        return ((Number) instance.get("id")).longValue();
    }

    static void send(long instanceId, String... items) {
        given().contentType(ContentType.JSON).body("{\"items\": [" + String.join(",", items) + "]}")
                .post(TestTenant.BASE + "/events/webhook/" + instanceId).then().statusCode(200);
    }

    static String customer(String id, String action, String state) {
        return "{\"id\": \"%s\", \"action\": \"%s\", \"state\": \"%s\", \"address\": {\"city\": \"X\"}}"
                .formatted(id, action, state);
    }

    static String subscribe(TestTenant who, String accept, String json) {
        return who.platform().accept(accept).body(json).post(TestTenant.BASE + "/subscriptions")
                .then().statusCode(201).contentType(ContentType.JSON).body("id", startsWith("sub_"))
                .extract().path("id");
    }

    List<JsonNode> pushes(String path) {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest request : callbacks.received(path)) {
            bodies.add(CallbackReceiver.json(request).path("notification"));
        }
        return bodies;
    }

    @Test
    void stateFilterPushesOnlyMatchingEventsAsJson() {
        long instance = customersInstance();
        String path = callbacks.newCallback();
        String id = subscribe(tenant, "application/json", """
                {"title": "California customers", "instanceId": %d, "collection": "customers",
                 "filter": "state eq 'CA'", "deliveryAddress": "%s"}""".formatted(instance, callbacks.url(path)));
        send(instance, customer("1", "created", "CA"), customer("2", "created", "NY"), customer("3", "updated", "CA"));
        settlesAt(path, 2);
        List<JsonNode> pushes = pushes(path);
        assertEquals(2, pushes.size());
        List<String> ids = pushes.stream().map(n -> n.path("objectId").asText()).sorted().toList();
        assertEquals(List.of("1", "3"), ids);
        JsonNode first = pushes.stream().filter(n -> n.path("objectId").asText().equals("1")).findFirst().orElseThrow();
        assertTrue(first.path("id").asText().startsWith("sbn_"));
        assertEquals(id, first.path("subscriptionId").asText());
        assertEquals("California customers", first.path("title").asText());
        assertEquals("customers", first.path("collection").asText());
        assertEquals("CREATED", first.path("eventType").asText());
        assertTrue(first.path("date").asText().endsWith("Z"));
        assertEquals("CA", first.path("entity").path("state").asText());
        LoggedRequest request = callbacks.received(path).get(0);
        assertTrue(request.getHeader("Content-Type").startsWith("application/json"));
        assertTrue(request.getHeader("Elements-Webhook-Id").startsWith("sbn_"));
    }

    @Test
    void pushesAreSignedWithTheInstanceKeyAndAtomWithoutAnAcceptForJson() throws Exception {
        long instance = customersInstance(", \"event.notification.signature.key\": \"subs-key\"");
        String path = callbacks.newCallback();
        String id = tenant.platform().body("""
                {"instanceId": %d, "collection": "customers", "deliveryAddress": "%s"}"""
                .formatted(instance, callbacks.url(path))).post(TestTenant.BASE + "/subscriptions")
                .then().statusCode(201).body("format", equalTo("application/atom+xml")).extract().path("id");
        send(instance, customer("s1", "created", "CA"));
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(path).size() >= 1);
        LoggedRequest request = callbacks.received(path).get(0);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("subs-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + java.util.Base64.getEncoder().encodeToString(mac.doFinal(request.getBody()));
        assertEquals(expected, request.getHeader("Elements-Webhook-Signature"));
        assertTrue(request.getHeader("Content-Type").startsWith("application/atom+xml"));
        assertTrue(parse(request.getBodyAsString()).getDocumentElement().getElementsByTagNameNS(ATOM, "link")
                .item(0).getAttributes().getNamedItem("href").getNodeValue().endsWith(id));
    }

    @Test
    void deletingASubscriptionStopsItsPushes() {
        long instance = customersInstance();
        String path = "/callback/" + UUID.randomUUID();
        callbacks.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(path))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
        String id = subscribe(tenant, "application/json", """
                {"instanceId": %d, "collection": "customers", "deliveryAddress": "%s"}"""
                .formatted(instance, callbacks.url(path)));
        send(instance, customer("d1", "created", "CA"));
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(path).size() >= 1);
        tenant.platform().delete(TestTenant.BASE + "/subscriptions/" + id).then().statusCode(204);
        List<Map<String, Object>> deliveries = tenant.platform()
                .get(TestTenant.BASE + "/instances/" + instance + "/deliveries").then().statusCode(200)
                .extract().path("");
        assertEquals(1, deliveries.size());
        assertEquals("CANCELLED", deliveries.get(0).get("status"));
        assertTrue(((String) deliveries.get(0).get("target")).startsWith("subscription:sbn_"));
        // an attempt in flight when it was deleted may still arrive; after that, nothing more for longer than the
        // test retry schedule's first delays
        int[] seen = { -1 };
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            int now = callbacks.received(path).size();
            boolean still = now == seen[0];
            seen[0] = now;
            return still;
        });
        int settled = seen[0];
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> callbacks.received(path).size() == settled);
    }

    @Test
    void objectIdSubscriptionGetsOneObject() {
        long instance = customersInstance();
        String path = callbacks.newCallback();
        subscribe(tenant, "application/json", """
                {"instanceId": %d, "collection": "customers", "filter": "objectId eq '123'",
                 "deliveryAddress": "%s"}""".formatted(instance, callbacks.url(path)));
        send(instance, customer("122", "updated", "CA"), customer("123", "updated", "CA"),
                customer("1234", "updated", "CA"));
        settlesAt(path, 1);
        assertEquals(List.of("123"), pushes(path).stream().map(n -> n.path("objectId").asText()).toList());
    }

    @Test
    void changeTypeFiltersEventTypes() {
        long instance = customersInstance();
        String path = callbacks.newCallback();
        subscribe(tenant, "application/json", """
                {"instanceId": %d, "collection": "customers", "changeType": ["CREATED", "DELETED"],
                 "deliveryAddress": "%s"}""".formatted(instance, callbacks.url(path)));
        send(instance, customer("a", "created", "CA"), customer("b", "updated", "CA"),
                customer("c", "deleted", "CA"));
        settlesAt(path, 2);
        assertEquals(List.of("CREATED", "DELETED"),
                pushes(path).stream().map(n -> n.path("eventType").asText()).sorted().toList());
    }

    @Test
    void atomPushIsAnEntryThatParses() throws Exception {
        long instance = customersInstance();
        String path = callbacks.newCallback();
        String id = subscribe(tenant, "application/atom+xml", """
                {"title": "Tom & Jerry <customers>", "instanceId": %d, "collection": "customers",
                 "deliveryAddress": "%s"}""".formatted(instance, callbacks.url(path)));
        send(instance, customer("9", "updated", "C<A>&"));
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(path).size() >= 1);
        LoggedRequest request = callbacks.received(path).get(0);
        assertTrue(request.getHeader("Content-Type").startsWith("application/atom+xml"));
        Element entry = parse(request.getBodyAsString()).getDocumentElement();
        assertEquals("entry", entry.getLocalName());
        assertEquals(ATOM, entry.getNamespaceURI());
        assertTrue(text(entry, "id").startsWith("urn:switchboard:notification:sbn_"));
        assertTrue(text(entry, "title").startsWith("Tom & Jerry <customers>"));
        assertTrue(text(entry, "updated").endsWith("Z"));
        assertEquals("Switchboard", text((Element) entry.getElementsByTagNameNS(ATOM, "author").item(0), "name"));
        assertEquals("UPDATED", ((Element) entry.getElementsByTagNameNS(ATOM, "category").item(0)).getAttribute("term"));
        Element link = (Element) entry.getElementsByTagNameNS(ATOM, "link").item(0);
        assertEquals("related", link.getAttribute("rel"));
        assertTrue(link.getAttribute("href").endsWith("/subscriptions/" + id));
        Element content = (Element) entry.getElementsByTagNameNS(ATOM, "content").item(0);
        assertEquals("application/json", content.getAttribute("type"));
        JsonNode notification = MAPPER.readTree(content.getTextContent());
        assertEquals("9", notification.path("objectId").asText());
        assertEquals(id, notification.path("subscriptionId").asText());
        assertEquals("C<A>&", notification.path("entity").path("state").asText());
    }

    @Test
    void feedReturnsStoredNotificationsOldestFirstAndTheDeltaOnlyNewerOnes() throws Exception {
        TestTenant reader = TestTenant.create();
        long instance = customersInstanceOf(reader);
        subscribe(reader, "application/json", """
                {"instanceId": %d, "collection": "customers", "filter": "state eq 'CA'"}""".formatted(instance));
        send(instance, customer("f1", "created", "CA"), customer("f2", "created", "NY"));
        send(instance, customer("f3", "updated", "CA"));
        Response first = reader.platform().accept(ContentType.JSON).get(TestTenant.BASE + "/notifications");
        first.then().statusCode(200).body("d.results", hasSize(2))
                .body("d.results[0].objectId", equalTo("f1")).body("d.results[1].objectId", equalTo("f3"))
                .body("d.__delta", containsString("/elements/api-v2/notifications?deltatoken="));
        String delta = first.path("d.__delta");
        assertTrue(delta.startsWith("http"), "absolute: " + delta);

        given().header("Authorization", reader.authorization()).accept(ContentType.JSON).get(delta)
                .then().statusCode(200).body("d.results", hasSize(0));
        send(instance, customer("f4", "updated", "CA"));
        Response next = given().header("Authorization", reader.authorization()).accept(ContentType.JSON).get(delta);
        next.then().statusCode(200).body("d.results", hasSize(1)).body("d.results[0].objectId", equalTo("f4"));

        // $top pages through, and the delta of a page continues after it
        Response top = reader.platform().accept(ContentType.JSON).queryParam("$top", 1)
                .get(TestTenant.BASE + "/notifications");
        top.then().body("d.results", hasSize(1)).body("d.results[0].objectId", equalTo("f1"));
        given().header("Authorization", reader.authorization()).accept(ContentType.JSON)
                .get((String) top.path("d.__delta")).then().body("d.results", hasSize(1))
                .body("d.results[0].objectId", equalTo("f3"));

        // Atom feed with a delta link
        String atom = reader.platform().accept("application/atom+xml").get(TestTenant.BASE + "/notifications")
                .then().statusCode(200).contentType(containsString("application/atom+xml")).extract().asString();
        Element feed = parse(atom).getDocumentElement();
        assertEquals("feed", feed.getLocalName());
        assertEquals(ATOM, feed.getNamespaceURI());
        assertEquals(3, feed.getElementsByTagNameNS(ATOM, "entry").getLength());
        boolean hasDelta = false;
        NodeList links = feed.getElementsByTagNameNS(ATOM, "link");
        for (int i = 0; i < links.getLength(); i++) {
            Element link = (Element) links.item(i);
            hasDelta |= link.getAttribute("rel").equals("delta") && link.getAttribute("href").contains("deltatoken=");
        }
        assertTrue(hasDelta, atom);
    }

    @Test
    void pushedOnlyNotificationsAreNotInTheFeedUnlessPersisted() {
        TestTenant reader = TestTenant.create();
        long instance = customersInstanceOf(reader);
        String path = callbacks.newCallback();
        subscribe(reader, "application/json", """
                {"instanceId": %d, "collection": "customers", "deliveryAddress": "%s"}"""
                .formatted(instance, callbacks.url(path)));
        subscribe(reader, "application/json", """
                {"instanceId": %d, "collection": "customers", "deliveryAddress": "%s", "persistNotifications": true}"""
                .formatted(instance, callbacks.url(path)));
        send(instance, customer("p1", "created", "CA"));
        reader.platform().accept(ContentType.JSON).get(TestTenant.BASE + "/notifications")
                .then().statusCode(200).body("d.results", hasSize(1));
    }

    @Test
    void usersSeeAndDeleteOnlyTheirOwnSubscriptions() {
        long instance = customersInstance();
        String id = subscribe(tenant, "application/json",
                "{\"instanceId\": %d, \"collection\": \"customers\"}".formatted(instance));
        Map<String, Object> other = given().auth().oauth2(TestTenant.ADMIN_KEY).contentType(ContentType.JSON)
                .body(Map.of("email", "other-" + UUID.randomUUID() + "@test"))
                .post("/admin/organizations/" + tenant.organizationId() + "/users").then().statusCode(201)
                .extract().as(Map.class);
        String otherAuth = "User " + other.get("secret") + ", Organization " + tenant.organizationSecret();
        given().header("Authorization", otherAuth).get(TestTenant.BASE + "/subscriptions/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", otherAuth).delete(TestTenant.BASE + "/subscriptions/" + id)
                .then().statusCode(404);
        given().header("Authorization", otherAuth).get(TestTenant.BASE + "/subscriptions")
                .then().statusCode(200).body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
        TestTenant stranger = TestTenant.create();
        stranger.platform().get(TestTenant.BASE + "/subscriptions/" + id).then().statusCode(404);

        tenant.platform().get(TestTenant.BASE + "/subscriptions/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("collection", equalTo("customers"))
                .body("format", equalTo("application/json"));
        tenant.platform().get(TestTenant.BASE + "/subscriptions").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(id));
        tenant.platform().delete(TestTenant.BASE + "/subscriptions/" + id).then().statusCode(204);
        tenant.platform().get(TestTenant.BASE + "/subscriptions/" + id).then().statusCode(404);
    }

    @Test
    void invalidRequestsAreProblemsNamingTheField() {
        long instance = customersInstance();
        tenant.platform().body("{\"instanceId\": %d, \"collection\": \"customers\", \"filter\": \"state eq\"}"
                .formatted(instance)).post(TestTenant.BASE + "/subscriptions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("at position 9"))
                .body("detail", containsString("expected a field or a literal"))
                .body("errors[0].field", equalTo("filter"));
        tenant.platform().body("{\"instanceId\": %d}".formatted(instance)).post(TestTenant.BASE + "/subscriptions")
                .then().statusCode(400).body("errors[0].field", equalTo("collection"));
        tenant.platform().body("{\"instanceId\": %d, \"collection\": \"c\", \"changeType\": [\"MOVED\"]}"
                .formatted(instance)).post(TestTenant.BASE + "/subscriptions")
                .then().statusCode(400).body("errors[0].field", equalTo("changeType"));
        tenant.platform().body("{\"instanceId\": 999999999, \"collection\": \"c\"}")
                .post(TestTenant.BASE + "/subscriptions").then().statusCode(404)
                .body("errors[0].field", equalTo("instanceId"));
        tenant.platform().body("{\"instanceId\": %d, \"collection\": \"c\", \"deliveryAddress\": \"ftp://x\"}"
                .formatted(instance)).post(TestTenant.BASE + "/subscriptions")
                .then().statusCode(400).body("errors[0].field", equalTo("deliveryAddress"));
        tenant.platform().accept(ContentType.JSON).queryParam("deltatoken", "nope")
                .get(TestTenant.BASE + "/notifications").then().statusCode(400)
                .body("errors[0].field", equalTo("deltatoken"));
    }

    @Test
    void elementKeySubscriptionCoversAllTheOrganizationsInstancesOfIt() {
        TestTenant owner = TestTenant.create();
        long a = customersInstanceOf(owner);
        long b = customersInstanceOf(owner);
        subscribe(owner, "application/json", "{\"elementKey\": \"webhook\", \"collection\": \"customers\"}");
        send(a, customer("e1", "created", "CA"));
        send(b, customer("e2", "created", "CA"));
        send(customersInstance(), customer("e3", "created", "CA")); // another organization's instance
        owner.platform().accept(ContentType.JSON).get(TestTenant.BASE + "/notifications")
                .then().statusCode(200).body("d.results.objectId", equalTo(List.of("e1", "e2")));
    }

    static long customersInstanceOf(TestTenant who) {
        TestTenant saved = tenant;
        tenant = who;
        try {
            return customersInstance();
        } finally {
            tenant = saved;
        }
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static String text(Element parent, String name) {
        return parent.getElementsByTagNameNS(ATOM, name).item(0).getTextContent();
    }

    /** Waits for {@code count} pushes to the path, then for 300 ms in which no more arrive. */
    void settlesAt(String path, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(path).size() >= count);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> callbacks.received(path).size() == count);
    }
}
