package io.switchboard.ingest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestDb;
import io.switchboard.TestTenant;
import io.switchboard.element.InboundWebhook;
import io.switchboard.instance.InstanceSettings;
import io.switchboard.instance.Instances;

/**
 * The event-loop path of ingest ({@link WebhookIngest#receiveWithoutBlocking}): taken only when nothing but the
 * receipt is to be written, and then the receipt is committed before the stage completes, its last steps on the
 * executor given; every other webhook is left, untouched, to the blocking path.
 */
@QuarkusTest
class WebhookIngestWithoutBlockingTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    @Inject WebhookIngest ingest;
    @Inject Instances instances;
    @Inject DataSource dataSource;

    TestTenant tenant;
    /** Tasks handed to the "event loop" executor, run by the test when it chooses. */
    final ConcurrentLinkedQueue<Runnable> afterCommit = new ConcurrentLinkedQueue<>();
    final Executor after = afterCommit::add;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.of(getClass());
    }

    @Test
    void aCachedInstancesReceiptIsCommittedThenAnsweredOnTheGivenExecutor() throws Exception {
        String path = callbacks.newCallback();
        InstanceSettings instance = settings(create("webhook", """
                "event.notification.enabled": "true", "event.notification.callback.url": "%s\"""".formatted(
                callbacks.url(path))));
        CompletionStage<List<WebhookIngest.Result>> stage = ingest.receiveWithoutBlocking(instance,
                json(instance, "{\"id\": \"nb-1\"}"), after).orElseThrow();
        awaitTask();
        assertEquals(1, count("SELECT count(*) FROM receipt WHERE instance_id = ? AND status = 'RECEIVED'",
                instance.id()), "committed before the answer is built");
        assertEquals(false, stage.toCompletableFuture().isDone(), "the answer waits for the executor given");
        afterCommit.poll().run();
        WebhookIngest.Result result = stage.toCompletableFuture().get(10, TimeUnit.SECONDS).get(0);
        assertEquals(WebhookOutcome.STORED, result.outcome());
        assertEquals(1, result.events());
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.received(path).size() == 1);
    }

    /** A body larger than the server's input buffer is read whole before the event-loop path takes it. */
    @Test
    void aLargeWebhookOverHttpIsStoredWhole() {
        long id = create("webhook", """
                "event.notification.enabled": "true", "webhook.objects.path": "objects\"""");
        StringBuilder objects = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            objects.append(i == 0 ? "" : ",").append("{\"id\": \"o").append(i).append("\", \"note\": \"")
                    .append("x".repeat(200)).append("\"}");
        }
        String body = "{\"objects\": [" + objects + "]}";
        assertTrue(body.length() > 20_000);
        given().contentType(ContentType.JSON).body(body).post(TestTenant.BASE + "/events/webhook/" + id)
                .then().log().ifValidationFails().statusCode(200).body("events", org.hamcrest.Matchers.equalTo(100))
                .body("notifications", org.hamcrest.Matchers.equalTo(5));
        given().contentType(ContentType.JSON).body(body).post(TestTenant.BASE + "/events/webhook/" + id)
                .then().statusCode(200).body("events", org.hamcrest.Matchers.equalTo(100));
        assertEquals(body.length(), Long.parseLong(TestDb.value(dataSource,
                "SELECT max(length(body)) FROM receipt WHERE instance_id = ?", id)));
    }

    @Test
    void aRejectionToLogOrAnIgnoredWebhookIsLeftToTheBlockingPathWithNothingDone() {
        InstanceSettings signed = settings(create("github", """
                "event.notification.enabled": "true", "github.webhook.secret": "gh-secret\""""));
        assertEquals(Optional.empty(), ingest.receiveWithoutBlocking(signed,
                json(signed, "{\"action\": \"opened\"}"), after), "a bad signature is logged, which blocks");
        InstanceSettings quiet = settings(create("webhook", "\"event.notification.enabled\": \"false\""));
        assertEquals(Optional.empty(), ingest.receiveWithoutBlocking(quiet, json(quiet, "{\"id\": 1}"), after));
        assertEquals(0, count("SELECT count(*) FROM receipt WHERE instance_id IN (?, ?)", signed.id(), quiet.id()));
        assertTrue(afterCommit.isEmpty());
        // the HTTP path answers both as before, through the worker
        given().contentType(ContentType.JSON).header("X-GitHub-Event", "issues").body("{\"action\": \"opened\"}")
                .post(TestTenant.BASE + "/events/github/" + signed.id()).then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"id\": 1}")
                .post(TestTenant.BASE + "/events/webhook/" + quiet.id()).then().statusCode(202);
        assertEquals(1, count("SELECT count(*) FROM receipt WHERE instance_id = ? AND status = 'REJECTED'",
                signed.id()));
    }

    @Test
    void aDisabledInstanceIsAnsweredAtOnce() throws Exception {
        long id = create("webhook", "\"event.notification.enabled\": \"true\"");
        tenant.platform().delete(TestTenant.BASE + "/instances/" + id + "/enabled").then().statusCode(200);
        InstanceSettings disabled = settings(id);
        assertTrue(disabled.disabled());
        WebhookIngest.Result result = ingest.receiveWithoutBlocking(disabled, json(disabled, "{}"), after)
                .orElseThrow().toCompletableFuture().get(1, TimeUnit.SECONDS).get(0);
        assertEquals(WebhookOutcome.DISABLED, result.outcome());
        assertNotEquals(null, result.reason());
    }

    private long create(String element, String configuration) {
        Map<String, Object> created = tenant.createInstance("""
                {"element": {"key": "%s"}, "name": "nb", "configuration": {%s}}""".formatted(element, configuration));
        return ((Number) created.get("id")).longValue();
    }

    private InstanceSettings settings(long id) {
        return instances.settings(id).orElseThrow();
    }

    private static InboundWebhook json(InstanceSettings instance, String body) {
        return InboundWebhook.of("POST", "http://127.0.0.1/elements/api-v2/events/" + instance.elementKey() + "/"
                + instance.id(), Map.of("Content-Type", List.of("application/json")),
                body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    private void awaitTask() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (afterCommit.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, afterCommit.size(), "the commit hands the rest to the executor once");
    }

    private long count(String sql, Object... params) {
        return Long.parseLong(TestDb.value(dataSource, sql, params));
    }
}
