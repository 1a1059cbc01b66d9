package io.switchboard.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.switchboard.CallbackReceiver;
import io.switchboard.InjectCallbackReceiver;
import io.switchboard.TestTenant;

/** The console in headless Chromium: what a person does, click by click. */
@QuarkusTest
class ConsoleBrowserTest {

    @InjectCallbackReceiver
    CallbackReceiver callbacks;

    private static WebDriver driver;

    @BeforeEach
    void browser() {
        if (driver == null) {
            driver = Browser.start();
        }
        driver.manage().deleteAllCookies();
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    static String url(String path) {
        return "http://localhost:" + RestAssured.port + path;
    }

    void signIn(TestTenant tenant) {
        driver.get(url("/console/sign-in"));
        driver.findElement(By.id("userSecret")).sendKeys(tenant.userSecret());
        driver.findElement(By.id("organizationSecret")).sendKeys(tenant.organizationSecret());
        driver.findElement(By.id("sign-in")).click();
        Browser.waiting(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));
    }

    long createWebhookInstance(String name, String callbackUrl) {
        driver.get(url("/console/instances/new?element=webhook"));
        driver.findElement(By.id("name")).sendKeys(name);
        driver.findElement(By.id("config-event-notification-enabled")).sendKeys("true");
        driver.findElement(By.id("config-event-notification-callback-url")).sendKeys(callbackUrl);
        driver.findElement(By.id("config-webhook-objects-path")).sendKeys("items");
        driver.findElement(By.id("create")).click();
        Browser.waiting(driver).until(ExpectedConditions.urlMatches("/console/instances/[0-9]+$"));
        Matcher id = Pattern.compile("/console/instances/([0-9]+)$").matcher(driver.getCurrentUrl());
        assertTrue(id.find(), driver.getCurrentUrl());
        return Long.parseLong(id.group(1));
    }

    static void vendorPosts(long instanceId, String body) {
        given().contentType("application/json").body(body).post(TestTenant.BASE + "/events/webhook/" + instanceId)
                .then().statusCode(200);
    }

    @Test
    void aWebhookAppearsOnTheEventsPageWithoutAReloadAndShowsItsRawBody() {
        TestTenant tenant = TestTenant.of(ConsoleBrowserTest.class);
        signIn(tenant);
        Browser.screenshot(driver, "overview");
        long id = createWebhookInstance("orders", callbacks.url(callbacks.newCallback()));
        Browser.screenshot(driver, "instance");
        driver.findElement(By.id("events-link")).click();
        Browser.waiting(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("receipts")));
        ((JavascriptExecutor) driver).executeScript("window.__samePage = 'yes'");

        vendorPosts(id, "{\"items\": [{\"id\": \"o-1\"}, {\"id\": \"o-2\"}]}");

        Browser.waiting(driver).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#receipts tr.receipt")));
        assertEquals("yes", ((JavascriptExecutor) driver).executeScript("return window.__samePage"),
                "the receipt appeared through htmx, without a page load");
        Browser.screenshot(driver, "events");
        driver.findElement(By.cssSelector("#receipts tr.receipt a")).click();
        driver.findElement(By.cssSelector("#raw summary")).click();
        String raw = driver.findElement(By.id("raw-body")).getText();
        assertTrue(raw.contains("\"o-2\""), raw);
        assertTrue(raw.contains("\n"), "the raw body is pretty-printed: " + raw);
        assertTrue(driver.findElement(By.id("events")).getText().contains("o-1"));
        Browser.waiting(driver).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".delivery .status"), "DELIVERED"));
        Browser.screenshot(driver, "receipt");
    }

    @Test
    void aFailingCallbackShowsItsAttemptsAndARedeliveryAfterTheFixIsDelivered() {
        TestTenant tenant = TestTenant.of(ConsoleBrowserTest.class);
        String path = "/callback/" + UUID.randomUUID();
        callbacks.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(500)));
        signIn(tenant);
        long id = createWebhookInstance("failing", callbacks.url(path));
        vendorPosts(id, "{\"items\": [{\"id\": \"f-1\"}]}");

        driver.get(url("/console/instances/" + id + "/events"));
        Browser.waiting(driver).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#receipts tr.receipt a")))
                .click();
        Browser.waiting(driver).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".delivery .status"), "FAILED"));
        int attempts = driver.findElements(By.cssSelector(".delivery tr.attempt")).size();
        assertTrue(attempts >= 2, "every attempt is listed: " + attempts);
        assertTrue(driver.findElement(By.cssSelector(".delivery")).getText().contains("500"));
        Browser.screenshot(driver, "receipt-failed");

        callbacks.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        driver.findElement(By.cssSelector("button[id^=redeliver-]")).click();
        Browser.waiting(driver).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".delivery .status"), "DELIVERED"));
    }

    @Test
    void aUrlPausedByTheQueuePolicyHasABannerAndResumeSendsWhatWaited() {
        TestTenant tenant = TestTenant.create();
        given().auth().oauth2(TestTenant.ADMIN_KEY).contentType("application/json")
                .body("{\"notification.webhook.failure.policy\": \"queue\"}")
                .patch("/admin/organizations/" + tenant.organizationId()).then().statusCode(200);
        String path = "/callback/" + UUID.randomUUID();
        callbacks.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(500)));
        Map<String, Object> instance = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "paused", "configuration": {
                  "event.notification.enabled": "true", "event.notification.callback.url": "%s"}}"""
                .formatted(callbacks.url(path)));
        String deliveries = TestTenant.BASE + "/instances/" + instance.get("id") + "/deliveries";
        vendorPosts(((Number) instance.get("id")).longValue(), "{\"id\": \"p-1\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "QUEUED".equals(tenant.platform().get(deliveries)
                .then().statusCode(200).extract().path("[0].status")));

        signIn(tenant);
        driver.get(url("/console/deliveries"));
        String banner = driver.findElement(By.cssSelector(".url-group .banner")).getText();
        assertTrue(banner.contains("Paused") && banner.contains("1 deliveries"), banner);
        assertTrue(driver.findElement(By.cssSelector(".url-group h2")).getText().contains(path));
        Browser.screenshot(driver, "deliveries-paused");

        callbacks.server().stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)));
        driver.findElement(By.cssSelector(".url-group .banner button[id^=resume-]")).click();
        Browser.waiting(driver).until(d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector(".url-group .banner")).isEmpty();
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(tenant.platform().get(deliveries)
                .then().statusCode(200).extract().path("[0].status")));
    }

    @Test
    void anInvalidConfigurationValueIsShownNextToItsFieldAndNothingIsSaved() {
        TestTenant tenant = TestTenant.of(ConsoleBrowserTest.class, "invalid");
        signIn(tenant);
        driver.get(url("/console/instances/new?element=webhook"));
        driver.findElement(By.id("name")).sendKeys("bad-config");
        driver.findElement(By.id("config-event-notification-enabled")).sendKeys("maybe");
        driver.findElement(By.id("create")).click();
        String error = Browser.waiting(driver).until(ExpectedConditions.presenceOfElementLocated(
                By.id("config-event-notification-enabled-error"))).getText();
        assertTrue(error.contains("true or false"), error);
        assertEquals("maybe", driver.findElement(By.id("config-event-notification-enabled")).getAttribute("value"),
                "what was typed stays in the field");
        Browser.screenshot(driver, "create-invalid");
        tenant.platform().get(TestTenant.BASE + "/instances").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void vendorMarkupIsShownAsText() {
        TestTenant tenant = TestTenant.of(ConsoleBrowserTest.class);
        signIn(tenant);
        long id = createWebhookInstance("xss", callbacks.url(callbacks.newCallback()));
        vendorPosts(id, "{\"items\": [{\"id\": \"<script>alert(1)</script>\", "
                + "\"name\": \"<img src=x onerror=\\\"window.__xss=1;alert(2)\\\">\"}]}");
        driver.get(url("/console/instances/" + id + "/events"));
        Browser.waiting(driver).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#receipts tr.receipt a")))
                .click();
        driver.findElement(By.cssSelector("#raw summary")).click();

        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
        assertNull(((JavascriptExecutor) driver).executeScript("return window.__xss"));
        assertEquals(0, driver.findElements(By.cssSelector("main img, main script")).size(),
                "no element was injected");
        assertTrue(driver.findElement(By.id("events")).getText().contains("<script>alert(1)</script>"));
        assertTrue(driver.findElement(By.id("raw-body")).getText().contains("<img src=x onerror="));
    }

    @Test
    void anotherOrganizationGetsTheNotFoundPage() {
        TestTenant tenant = TestTenant.of(ConsoleBrowserTest.class);
        Map<String, Object> instance = tenant.createInstance("""
                {"element": {"key": "webhook"}, "name": "private", "configuration": {}}""");
        signIn(TestTenant.of(ConsoleBrowserTest.class, "other"));
        driver.get(url("/console/instances/" + instance.get("id")));
        assertEquals("Not found", driver.findElement(By.id("error-title")).getText());
        driver.get(url("/console/instances/" + instance.get("id") + "/events"));
        assertEquals("Not found", driver.findElement(By.id("error-title")).getText());
    }

    @Test
    void afterSignOutTheOldCookieNoLongerWorks() {
        signIn(TestTenant.of(ConsoleBrowserTest.class));
        Cookie old = driver.manage().getCookieNamed("switchboard_session");
        driver.findElement(By.id("sign-out")).click();
        Browser.waiting(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in")));
        driver.manage().addCookie(old);
        driver.get(url("/console/instances"));
        assertTrue(driver.getCurrentUrl().endsWith("/console/sign-in"), driver.getCurrentUrl());
    }

    @Test
    void pagesFitA390PixelWideScreen() {
        TestTenant tenant = TestTenant.of(ConsoleBrowserTest.class);
        signIn(tenant);
        long id = createWebhookInstance("narrow", callbacks.url(callbacks.newCallback()));
        vendorPosts(id, "{\"items\": [{\"id\": \"n-1\"}]}");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            for (String page : new String[] { "/console", "/console/instances", "/console/instances/" + id,
                    "/console/instances/" + id + "/events" }) {
                driver.get(url(page));
                Object width = ((JavascriptExecutor) driver).executeScript(
                        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertTrue(((Number) width).intValue() <= 0, page + " scrolls sideways by " + width + " px");
            }
            Browser.screenshot(driver, "events-390px");
        } finally {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
    }

    /** Inputs on a page that no label names (by for=, by wrapping, or aria-label). */
    static final String UNLABELLED = """
            return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
              .filter(e => !e.closest('label') && !e.getAttribute('aria-label')
                && !(e.id && document.querySelector('label[for="' + CSS.escape(e.id) + '"]')))
              .map(e => e.outerHTML);""";

    @Test
    void everyInputHasALabelAndTheSignInFormIsReachableByKeyboard() {
        driver.get(url("/console/sign-in"));
        java.util.List<String> order = new java.util.ArrayList<>();
        for (int i = 0; i < 12 && !order.contains("sign-in"); i++) {
            driver.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
            order.add(driver.switchTo().activeElement().getAttribute("id"));
        }
        assertTrue(order.containsAll(java.util.List.of("userSecret", "organizationSecret", "adminKey", "sign-in")),
                "Tab reaches every field and the button: " + order);

        TestTenant tenant = TestTenant.of(ConsoleBrowserTest.class, "labels");
        signIn(tenant);
        long id = createWebhookInstance("labels", callbacks.url(callbacks.newCallback()));
        Map<String, Object> polled = tenant.createInstance("""
                {"element": {"key": "rest"}, "name": "crm (polled)", "configuration": {"rest.base.url": "%s",
                  "event.notification.enabled": "true", "event.vendor.type": "polling",
                  "event.poller.refresh_interval": "600",
                  "event.poller.configuration": {"contacts": {"url": "/contacts", "idField": "id",
                    "datesConfiguration": {"updatedDateField": "updatedAt", "createdDateField": "createdAt"}}}}}"""
                .formatted(callbacks.url("")));
        tenant.createInstance("""
                {"element": {"key": "twilio"}, "name": "sms", "configuration": {
                  "twilio.account.sid": "AC0123", "twilio.auth.token": "token"}}""");
        for (String page : new String[] { "/console", "/console/instances", "/console/instances/new",
                "/console/instances/new?element=webhook", "/console/instances/new?element=twilio",
                "/console/instances/" + id, "/console/instances/" + id + "/events", "/console/elements",
                "/console/elements/webhook", "/console/elements/webhook/copy", "/console/deliveries",
                "/console/subscriptions", "/console/subscriptions/feed", "/console/messages",
                "/console/instances/" + polled.get("id") }) {
            driver.get(url(page));
            Object unlabelled = ((JavascriptExecutor) driver).executeScript(UNLABELLED);
            assertEquals(java.util.List.of(), unlabelled, page + " has inputs without a label");
        }
        assertTrue(driver.findElement(By.id("poll-now")).isDisplayed(), "a polled instance offers Poll now");
        Browser.screenshot(driver, "instance-polled");

        driver.get(url("/console/no-such-page"));
        assertEquals("Not found", driver.findElement(By.id("error-title")).getText());
        assertTrue(driver.findElement(By.id("error-message")).getText().contains("/console/no-such-page"));
        Browser.screenshot(driver, "not-found");
    }

    @Test
    void theAdminPagesRefuseAnOrganizationSession() {
        signIn(TestTenant.of(ConsoleBrowserTest.class));
        driver.get(url("/console/admin"));
        assertEquals("Not allowed", driver.findElement(By.id("error-title")).getText());
        assertTrue(driver.findElement(By.id("error-message")).getText().contains("admin key"));

        driver.manage().deleteAllCookies();
        driver.get(url("/console/sign-in"));
        driver.findElement(By.id("adminKey")).sendKeys(TestTenant.ADMIN_KEY);
        driver.findElement(By.id("sign-in")).click();
        Browser.waiting(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("create-organization")));
        driver.findElement(By.id("org-name")).sendKeys("console-" + UUID.randomUUID());
        driver.findElement(By.id("create-organization")).click();
        String secret = Browser.waiting(driver).until(ExpectedConditions.presenceOfElementLocated(
                By.id("new-secret-value"))).getText();
        assertTrue(secret.length() >= 20, secret);
        Browser.screenshot(driver, "admin");
        assertEquals(java.util.List.of(), ((JavascriptExecutor) driver).executeScript(UNLABELLED),
                "the organizations page has inputs without a label");
        driver.findElement(By.cssSelector("a[href^='/console/admin/organizations/']")).click();
        Browser.waiting(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("policy")));
        assertEquals(java.util.List.of(), ((JavascriptExecutor) driver).executeScript(UNLABELLED),
                "the organization page has inputs without a label");
    }
}
