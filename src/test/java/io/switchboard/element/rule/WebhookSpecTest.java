package io.switchboard.element.rule;

import static io.switchboard.event.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A descriptor author's mistakes are reported with the field to fix. */
class WebhookSpecTest {

    private static String failure(String section) {
        return assertThrows(InvalidRuleException.class, () -> WebhookSpec.parse(json(section))).getMessage();
    }

    @Test
    void noSectionIsTheEmptySpec() {
        assertEquals(WebhookSpec.EMPTY, WebhookSpec.parse(null));
        assertNull(WebhookSpec.parse(json("{}")).signature());
    }

    @Test
    void unknownFieldsAreNamed() {
        assertEquals("webhook.event.objectID is not a known field; known: date, eventType, object, objectId, "
                + "objectType", failure("{\"event\": {\"objectID\": {\"path\": \"id\"}}}"));
        assertEquals("webhook.event.objectId has unknown field 'pth'",
                failure("{\"event\": {\"objectId\": {\"pth\": \"id\"}}}"));
    }

    @Test
    void aRuleNeedsExactlyOneKind() {
        assertEquals("webhook.deliveryId must have exactly one of path, header, query, value, config, first, "
                + "concat, each; it has path, header",
                failure("{\"deliveryId\": {\"path\": \"id\", \"header\": \"X-Id\"}}"));
    }

    @Test
    void nestedRulesAreNamedByPosition() {
        assertEquals("webhook.event.objectId.first[1] must be a rule object such as {\"path\": \"id\"}",
                failure("{\"event\": {\"objectId\": {\"first\": [{\"path\": \"a\"}, \"b\"]}}}"));
    }

    @Test
    void badRegexFromAndDateFormatAreRejected() {
        assertEquals("webhook.event.objectType.regex is not a valid regular expression: Unclosed group",
                failure("{\"event\": {\"objectType\": {\"path\": \"t\", \"regex\": \"(a\"}}}"));
        assertEquals("webhook.event.objectId.from must be \"item\", \"body\" or \"object\"",
                failure("{\"event\": {\"objectId\": {\"path\": \"id\", \"from\": \"root\"}}}"));
        failure("{\"event\": {\"date\": {\"path\": \"d\", \"format\": \"yyyy-MM-dd'T\"}}}");
    }

    @Test
    void aSignatureNeedsSchemeAndSecretKey() {
        failure("{\"signature\": {\"scheme\": \"stripe\"}}");
        assertEquals("stripe", WebhookSpec.parse(json("{\"signature\": {\"scheme\": \"stripe\", "
                + "\"secretKey\": \"stripe.webhook.secret\"}}")).signature().scheme());
    }
}
