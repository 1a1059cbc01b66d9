package io.switchboard.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.ingest.WebhookResource;

class BodyParserTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonBecomesTheTree() throws Exception {
        ParsedBody parsed = BodyParser.parse("application/json; charset=utf-8", utf8("{\"a\": [1, {\"b\": \"ü\"}]}"));

        assertEquals(ParsedBody.Format.JSON, parsed.format());
        assertEquals("ü", parsed.raw().at("/a/1/b").asText());
        assertTrue(parsed.form().isEmpty());
    }

    @Test
    void structuredJsonSuffixesAreJson() throws Exception {
        assertEquals(ParsedBody.Format.JSON,
                BodyParser.parse("application/cloudevents+json", utf8("{\"id\": \"1\"}")).format());
    }

    @Test
    void jsonInADeclaredCharsetIsDecodedWithIt() throws Exception {
        byte[] latin1 = "{\"name\": \"Müller\"}".getBytes(StandardCharsets.ISO_8859_1);

        ParsedBody parsed = BodyParser.parse("application/json; charset=ISO-8859-1", latin1);

        assertEquals("Müller", parsed.raw().get("name").asText());
    }

    @Test
    void invalidJsonSaysWhere() {
        UnparseableBodyException e = assertThrows(UnparseableBodyException.class,
                () -> BodyParser.parse("application/json", utf8("{\"a\": }")));

        assertTrue(e.getMessage().startsWith("the body is not valid JSON at line 1, column 7: "), e.getMessage());
        assertEquals(BodyException.Kind.UNPARSEABLE, e.kind());
        assertEquals(400, WebhookResource.status(e.kind()));
    }

    @Test
    void invalidJsonOnALaterLineSaysWhichLine() {
        UnparseableBodyException e = assertThrows(UnparseableBodyException.class,
                () -> BodyParser.parse("application/json", utf8("{\n  \"a\": 1,\n  \"b\": tru\n}")));

        assertTrue(e.getMessage().startsWith("the body is not valid JSON at line 3"), e.getMessage());
    }

    @Test
    void trailingGarbageAfterJsonIsRejected() {
        assertThrows(UnparseableBodyException.class,
                () -> BodyParser.parse("application/json", utf8("{\"a\": 1} {\"b\": 2}")));
    }

    @Test
    void anEmptyJsonBodyIsRejected() {
        UnparseableBodyException e = assertThrows(UnparseableBodyException.class,
                () -> BodyParser.parse("application/json", new byte[0]));

        assertEquals("the body is empty; expected JSON", e.getMessage());
    }

    @Test
    void formBecomesAnObjectOfFirstValuesAndKeepsEveryValue() throws Exception {
        ParsedBody parsed = BodyParser.parse("application/x-www-form-urlencoded",
                utf8("To=%2B15558675310&Body=Hello+world+%F0%9F%93%B1&MediaUrl=a&MediaUrl=b&Empty="));

        assertEquals(ParsedBody.Format.FORM, parsed.format());
        JsonNode raw = parsed.raw();
        assertEquals("+15558675310", raw.get("To").asText());
        assertEquals("Hello world 📱", raw.get("Body").asText());
        assertEquals("a", raw.get("MediaUrl").asText());
        assertTrue(raw.get("MediaUrl").isTextual());
        assertEquals("", raw.get("Empty").asText());
        assertEquals(List.of("a", "b"), parsed.form().get("MediaUrl"));
        assertEquals(List.of("+15558675310", "Hello world 📱", "a", "b", ""),
                parsed.form().values().stream().flatMap(List::stream).toList());
    }

    @Test
    void malformedFormEscapesAreRejected() {
        UnparseableBodyException e = assertThrows(UnparseableBodyException.class,
                () -> BodyParser.parse("application/x-www-form-urlencoded", utf8("a=%ZZ")));

        assertTrue(e.getMessage().startsWith("the body is not valid form data"), e.getMessage());
    }

    @Test
    void xmlIsKeptAsTheStringReceived() throws Exception {
        String xml = "<?xml version=\"1.0\"?>\n<order id=\"1\"><total>3.50</total></order>";

        ParsedBody parsed = BodyParser.parse("text/xml; charset=utf-8", utf8(xml));

        assertEquals(ParsedBody.Format.XML, parsed.format());
        assertTrue(parsed.raw().isTextual());
        assertEquals(xml, parsed.raw().asText());
        assertEquals(ParsedBody.Format.XML, BodyParser.parse("application/xml", utf8(xml)).format());
    }

    @Test
    void malformedXmlSaysWhere() {
        UnparseableBodyException e = assertThrows(UnparseableBodyException.class,
                () -> BodyParser.parse("application/xml", utf8("<order>\n<total>3</order>")));

        assertTrue(e.getMessage().startsWith("the body is not well-formed XML at line 2"), e.getMessage());
    }

    @Test
    void xmlExternalEntitiesAreNotRead() throws Exception {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/hostname\">]><x>&e;</x>";

        ParsedBody parsed = BodyParser.parse("text/xml", utf8(xml));

        assertEquals(xml, parsed.raw().asText());
    }

    @Test
    void otherContentTypesAreUnsupported() {
        UnsupportedContentTypeException e = assertThrows(UnsupportedContentTypeException.class,
                () -> BodyParser.parse("text/plain", utf8("hello")));

        assertEquals(BodyException.Kind.UNSUPPORTED_CONTENT_TYPE, e.kind());
        assertEquals(415, WebhookResource.status(e.kind()));
        assertTrue(e.getMessage().startsWith("content type text/plain is not supported"), e.getMessage());
    }

    @Test
    void aMissingContentTypeIsUnsupported() {
        UnsupportedContentTypeException e = assertThrows(UnsupportedContentTypeException.class,
                () -> BodyParser.parse((String) null, utf8("{}")));

        assertTrue(e.getMessage().startsWith("the request has no Content-Type"), e.getMessage());
    }
}
